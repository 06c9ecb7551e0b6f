/**
 * The outline: one entry per Kubernetes document (`Pod hello`, `Deployment web`), with its
 * containers (init, sidecar, app and ephemeral, from the document's pod view) as children.
 */
import { isScalar } from 'yaml';
import { type DocumentSymbol, SymbolKind } from 'vscode-languageserver-types';
import {
  type ContainerRole,
  containersInStartOrder,
  type PodContainer,
  podViewOf,
} from '../kubernetes/podView';
import { findPair, nodeAtPath, rangeOf } from '../yaml/astPath';
import type { ManifestDocument, ManifestFile } from '../yaml/manifestFile';

export function findDocumentSymbols(file: ManifestFile): DocumentSymbol[] {
  const symbols: DocumentSymbol[] = [];
  for (const document of file.documents) {
    const symbol = documentSymbol(document);
    if (symbol) {
      symbols.push(symbol);
    }
  }
  return symbols;
}

function documentSymbol(document: ManifestDocument): DocumentSymbol | undefined {
  const { kind, apiVersion, kindNode } = document.identity;
  if (!document.identity.isKubernetes || !kind) {
    return undefined;
  }
  const [start, end] = document.span;
  const rangeEnd = Math.max(start, trimEnd(document, end));
  const nameNode = nodeAtPath(document.yaml, ['metadata', 'name']);
  const selection = within(
    rangeOf(isScalar(nameNode) ? nameNode : kindNode) ?? [start, start],
    start,
    rangeEnd,
  );
  const name = document.name;
  const symbol: DocumentSymbol = {
    name: name ? `${kind} ${name}` : kind,
    kind: SymbolKind.Class,
    range: document.rangeOf(start, rangeEnd),
    selectionRange: document.rangeOf(selection[0], selection[1]),
    children: [],
  };
  if (apiVersion) {
    symbol.detail = apiVersion;
  }
  // Ephemeral containers too: they are part of the pod as written.
  const pod = podViewOf(document);
  for (const container of pod ? containersInStartOrder(pod) : []) {
    const child = containerSymbol(document, container);
    if (child) {
      symbol.children!.push(child);
    }
  }
  return symbol;
}

function containerSymbol(document: ManifestDocument, container: PodContainer): DocumentSymbol | undefined {
  const { node: item, nameNode } = container;
  const itemRange = rangeOf(item);
  if (!itemRange || !item) {
    return undefined;
  }
  const imageNode = findPair(item, 'image')?.value;
  const name =
    nameNode && isPrintable(nameNode.value)
      ? String(nameNode.value)
      : `${container.list}[${container.index}]`;
  const role = roleLabels[container.role];
  const image = isScalar(imageNode) && isPrintable(imageNode.value) ? String(imageNode.value) : undefined;
  const rangeEnd = Math.max(itemRange[0], trimEnd(document, itemRange[1]));
  const selection = within(rangeOf(nameNode ?? item) ?? itemRange, itemRange[0], rangeEnd);
  return {
    name,
    detail: image ? `${role} · ${image}` : role,
    kind: SymbolKind.Object,
    range: document.rangeOf(itemRange[0], rangeEnd),
    selectionRange: document.rangeOf(selection[0], selection[1]),
  };
}

const roleLabels: Record<ContainerRole, string> = {
  app: 'container',
  init: 'init container',
  sidecar: 'sidecar',
  ephemeral: 'ephemeral container',
};

/**
 * A selection clamped to its symbol's range: LSP requires it to lie inside, and VS Code rejects
 * the whole outline otherwise (a node's range includes the line break and blanks after it).
 */
function within(selection: [number, number], start: number, end: number): [number, number] {
  const clamp = (offset: number): number => Math.min(Math.max(offset, start), end);
  return [clamp(selection[0]), clamp(selection[1])];
}

function isPrintable(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** The end of a node without the blank lines and comments that trail it. */
function trimEnd(document: ManifestDocument, end: number): number {
  const text = document.segment.text;
  let position = Math.min(end, text.length);
  while (position > 0 && /\s/.test(text[position - 1]!)) {
    position--;
  }
  return position;
}
