/**
 * Navigation between the objects of a workspace: from a field that names an object (a ConfigMap,
 * Secret, PersistentVolumeClaim, ServiceAccount, class, role, Service, scale target or a
 * StatefulSet's claim template) to the object (definition), from an object or a name to every
 * field that names it (references, highlights), renaming an object with every name of it across
 * files, and finding an object by kind and name (workspace symbols). Label selectors link a
 * Service, PodDisruptionBudget or NetworkPolicy with the pod templates whose labels they match,
 * and a Service's `targetPort` name with the selected containers' port names; hovers and a lens
 * above each Service say what it selects.
 */
import {
  DocumentHighlightKind,
  type DocumentHighlight,
  type Hover,
  MarkupKind,
  type Location,
  type Position,
  type Range,
  SymbolKind,
  type SymbolInformation,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-types';
import { dns1035LabelError, dns1123LabelError, dns1123SubdomainError } from '../kubernetes/names';
import {
  type Declaration,
  fileResources,
  resourcesAtLine,
  type ReferencedKind,
  referencedKinds,
  type Reference,
} from '../workspace/fileResources';
import { doLabelRename, prepareLabelRename } from './labelRename';
import { distinctWorkloads, selectedWorkloads, selectorsOf } from '../workspace/selectors';
import type { Located, ResourceTarget, WorkspaceIndex } from '../workspace/workspaceIndex';
import type { ManifestFile } from '../yaml/manifestFile';
import { rangeContains } from '../util/ranges';

/** The object named at a position: by a reference, or by the name of a declaration. */
export function targetAt(
  file: ManifestFile,
  position: Position,
): (ResourceTarget & { range: Range }) | undefined {
  const reference = referenceAt(file, position);
  if (reference) {
    return {
      kind: reference.kind,
      name: reference.name,
      namespace: reference.namespace,
      ...(reference.owner !== undefined ? { owner: reference.owner } : {}),
      range: reference.nameRange,
    };
  }
  for (const declaration of resourcesAtLine(file, position.line).declarations) {
    if (referencedKinds.has(declaration.kind) && rangeContains(declaration.nameRange, position)) {
      return {
        kind: declaration.kind as ReferencedKind,
        name: declaration.name,
        namespace: declaration.namespace,
        ...(declaration.builtNames ? { builtNames: declaration.builtNames } : {}),
        ...(declaration.owner !== undefined ? { owner: declaration.owner } : {}),
        range: declaration.nameRange,
      };
    }
  }
  return undefined;
}

/** The reference whose name (or, for an Ingress backend, port) is at the position. */
function referenceAt(file: ManifestFile, position: Position): Reference | undefined {
  return resourcesAtLine(file, position.line).references.find(
    (reference) =>
      rangeContains(reference.nameRange, position) ||
      (reference.port !== undefined && rangeContains(reference.port.range, position)),
  );
}

/**
 * A place of a label selection at the position: a selector (of a Service, PodDisruptionBudget or
 * NetworkPolicy), a workload's pod template labels, a Service's `targetPort` name, or a
 * container's port name.
 */
type Selection =
  | { readonly at: 'selector'; readonly declaration: Declaration }
  | { readonly at: 'labels'; readonly declaration: Declaration }
  | {
      readonly at: 'targetPort';
      readonly declaration: Declaration;
      readonly name: string;
      readonly range: Range;
    }
  | {
      readonly at: 'containerPort';
      readonly declaration: Declaration;
      readonly name: string;
      readonly range: Range;
    };

function selectionAt(file: ManifestFile, position: Position): Selection | undefined {
  for (const declaration of resourcesAtLine(file, position.line).declarations) {
    const { selector, template, ports } = declaration;
    for (const port of ports ?? []) {
      if (
        typeof port.targetPort === 'string' &&
        port.targetPortRange &&
        rangeContains(port.targetPortRange, position)
      ) {
        return { at: 'targetPort', declaration, name: port.targetPort, range: port.targetPortRange };
      }
    }
    if (selector && rangeContains(selector.range, position)) {
      return { at: 'selector', declaration };
    }
    for (const port of template?.ports ?? []) {
      if (rangeContains(port.range, position)) {
        return { at: 'containerPort', declaration, name: port.name, range: port.range };
      }
    }
    if (
      template &&
      template.labelsRange !== declaration.nameRange &&
      rangeContains(template.labelsRange, position)
    ) {
      return { at: 'labels', declaration };
    }
  }
  return undefined;
}

/** The places of the other side of a selection: where go-to-definition and references lead. */
function selectionLinks(index: WorkspaceIndex, selection: Selection): Located<{ range: Range }>[] {
  switch (selection.at) {
    case 'selector':
      return selectedWorkloads(index, selection.declaration).map(({ uri, item }) => ({
        uri,
        item: { range: item.template!.labelsRange },
      }));
    case 'labels':
      return selectorsOf(index, selection.declaration).map(({ uri, item }) => ({
        uri,
        item: { range: item.selector!.range },
      }));
    case 'targetPort':
      // core/v1 ServicePort.targetPort: "Name to access on the pods targeted by the service".
      return selectedWorkloads(index, selection.declaration).flatMap(({ uri, item }) =>
        item
          .template!.ports.filter((port) => port.name === selection.name)
          .map((port) => ({ uri, item: { range: port.range } })),
      );
    case 'containerPort':
      return selectorsOf(index, selection.declaration)
        .filter(({ item }) => item.kind === 'Service')
        .flatMap(({ uri, item }) =>
          (item.ports ?? []).flatMap((port) =>
            port.targetPort === selection.name && port.targetPortRange
              ? [{ uri, item: { range: port.targetPortRange } }]
              : [],
          ),
        );
  }
}

/** The range of the selection itself, in its own file. */
function selectionRange(selection: Selection): Range {
  switch (selection.at) {
    case 'selector':
      return selection.declaration.selector!.range;
    case 'labels':
      return selection.declaration.template!.labelsRange;
    default:
      return selection.range;
  }
}

export function findDefinition(index: WorkspaceIndex, file: ManifestFile, position: Position): Location[] {
  const target = targetAt(file, position);
  if (target) {
    return index.declarationsOf(target).map(({ uri, item }) => ({ uri, range: item.nameRange }));
  }
  // From a selector or a targetPort: the pods it selects. From a template's labels: what selects them.
  const selection = selectionAt(file, position);
  return selection
    ? selectionLinks(index, selection).map(({ uri, item }) => ({ uri, range: item.range }))
    : [];
}

export function findReferences(
  index: WorkspaceIndex,
  uri: string,
  file: ManifestFile,
  position: Position,
  includeDeclaration: boolean,
): Location[] {
  const target = targetAt(file, position);
  if (!target) {
    const selection = selectionAt(file, position);
    if (!selection) {
      return [];
    }
    const own = includeDeclaration ? [{ uri, range: selectionRange(selection) }] : [];
    return [
      ...own,
      ...selectionLinks(index, selection).map(({ uri: at, item }) => ({ uri: at, range: item.range })),
    ];
  }
  const declarations = includeDeclaration ? index.declarationsOf(target) : [];
  return [...declarations, ...index.referencesTo(target)].map(({ uri, item }) => ({
    uri,
    range: item.nameRange,
  }));
}

/** The names of the object at the position in this file: its declaration is written, the rest read. */
export function findDocumentHighlights(
  index: WorkspaceIndex,
  uri: string,
  file: ManifestFile,
  position: Position,
): DocumentHighlight[] {
  const here = <T>(located: { uri: string; item: T }[]): T[] =>
    located.filter((entry) => entry.uri === uri).map((entry) => entry.item);
  const target = targetAt(file, position);
  if (!target) {
    const selection = selectionAt(file, position);
    return selection
      ? [
          { range: selectionRange(selection), kind: DocumentHighlightKind.Text },
          ...here(selectionLinks(index, selection)).map(({ range }) => ({
            range,
            kind: DocumentHighlightKind.Text,
          })),
        ]
      : [];
  }
  return [
    ...here(index.declarationsOf(target)).map((item) => ({
      range: item.nameRange,
      kind: DocumentHighlightKind.Write,
    })),
    ...here(index.referencesTo(target)).map((item) => ({
      range: item.nameRange,
      kind: DocumentHighlightKind.Read,
    })),
  ];
}

/**
 * Where a rename at the position would apply, with the current name (an object's name, or a
 * label's key or value in a selector or a pod template); undefined where none can.
 */
export function prepareRename(
  file: ManifestFile,
  position: Position,
): { range: Range; placeholder: string } | undefined {
  const target = targetAt(file, position);
  return target ? { range: target.range, placeholder: target.name } : prepareLabelRename(file, position);
}

/**
 * What the API server says of a new name for an object of the kind: a Service's is a DNS-1035
 * label (ValidateServiceName, NameIsDNS1035Label), a Role's or ClusterRole's a path segment
 * (ValidateRBACName, path.IsValidPathSegmentName), a claim template's the name of a volume, a
 * DNS-1123 label (validateVolumes, IsDNS1123Label); the others are DNS-1123 subdomains
 * (NameIsDNSSubdomain), all in k8s.io/kubernetes pkg/apis/{core,rbac}/validation.
 */
function nameError(kind: ReferencedKind, name: string): string | undefined {
  switch (kind) {
    case 'Service':
      return dns1035LabelError(name);
    case 'VolumeClaimTemplate':
      return dns1123LabelError(name);
    case 'Role':
    case 'ClusterRole':
      return name === '' || name === '.' || name === '..' || /[/%]/.test(name)
        ? "it may not be '.' or '..' and may not contain '/' or '%'"
        : undefined;
    default:
      return dns1123SubdomainError(name);
  }
}

/**
 * Renames the object at the position: its declarations and every field that names it, across
 * the workspace. The new name must be one the API server accepts (a DNS-1123 subdomain, as
 * ConfigMap, Secret, PersistentVolumeClaim and ServiceAccount names are: ValidateObjectMeta with
 * NameIsDNSSubdomain in k8s.io/kubernetes pkg/apis/core/validation; see nameError for the others).
 */
export function doRename(
  index: WorkspaceIndex,
  file: ManifestFile,
  position: Position,
  newName: string,
): WorkspaceEdit | { error: string } | undefined {
  const target = targetAt(file, position);
  if (!target) {
    // A label's key or value, on either side of a selection.
    return doLabelRename(index, file, position, newName);
  }
  const problem = nameError(target.kind, newName);
  if (problem) {
    return { error: `"${newName}" is not a valid ${target.kind} name: ${problem}` };
  }
  const declarations = index.declarationsOf(target);
  const references = index.referencesTo(target);
  // A name Kustomize builds (namePrefix, nameSuffix) is not the name written in the object: one
  // new text for both would break the link between them.
  const built = [...declarations, ...references].find(({ item }) => item.name !== target.name);
  if (built) {
    return {
      error: `${target.kind} "${target.name}" is also named "${built.item.name}" through a kustomization's namePrefix or nameSuffix: rename them by hand.`,
    };
  }
  const changes: Record<string, TextEdit[]> = {};
  const seen = new Set<string>();
  for (const { uri, item } of [...declarations, ...references]) {
    const key = `${uri}#${item.nameRange.start.line}:${item.nameRange.start.character}`;
    if (seen.has(key)) {
      continue;
    }
    seen.add(key);
    (changes[uri] ??= []).push({ range: item.nameRange, newText: newName });
  }
  return { changes };
}

const symbolKinds: Readonly<Record<string, SymbolKind>> = {
  ConfigMap: SymbolKind.Object,
  Secret: SymbolKind.Key,
  Service: SymbolKind.Interface,
  Ingress: SymbolKind.Interface,
  PersistentVolumeClaim: SymbolKind.File,
};

/**
 * The objects whose kind and name hold every word of the query (case-insensitive, in any part):
 * `deploy web` finds `Deployment web-frontend`. Named as the outline names them, `Deployment web`,
 * so the editor's own filter matches the same words.
 */
export function findWorkspaceSymbols(index: WorkspaceIndex, query: string, limit = 500): SymbolInformation[] {
  const words = query
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word.length > 0);
  const symbols: SymbolInformation[] = [];
  for (const { uri, item } of index.declarations()) {
    if (item.owner !== undefined) {
      continue; // A part of an object (a claim template), not an object of its own.
    }
    const label = `${item.kind} ${item.name}`;
    const haystack = `${label} ${item.namespace ?? ''}`.toLowerCase();
    if (words.every((word) => haystack.includes(word))) {
      symbols.push({
        name: label,
        kind: symbolKinds[item.kind] ?? SymbolKind.Class,
        location: { uri, range: item.nameRange },
        ...(item.namespace !== undefined ? { containerName: item.namespace } : {}),
      });
      if (symbols.length >= limit) {
        break;
      }
    }
  }
  return symbols;
}

/** A file's name for a hover: the last part of its URI. */
function fileName(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}

function describe({ uri, item }: Located<Declaration>): string {
  return `\`${item.kind} ${item.name}\`${item.namespace === undefined ? '' : ` (namespace ${item.namespace})`} in ${fileName(uri)}`;
}

/** The workloads a Service (or other selector) selects, one line each. */
function selectedLines(index: WorkspaceIndex, selecting: Declaration): string[] {
  const workloads = distinctWorkloads(selectedWorkloads(index, selecting));
  return workloads.length === 0
    ? ['Selects no workload of the workspace.']
    : [
        `Selects ${workloads.length === 1 ? '1 workload' : `${workloads.length} workloads`}:`,
        ...workloads.map((w) => `- ${describe(w)}`),
      ];
}

/**
 * What a reference points to, as markdown: the object's kind, name and file (several when
 * overlays or namespaces leave it open), and for a Service the workloads it selects. On a
 * selector or a `targetPort` name, what it selects. Undefined elsewhere (the schema hover answers).
 */
export function hoverReference(
  index: WorkspaceIndex,
  file: ManifestFile,
  position: Position,
): { contents: string; range: Range; alone: boolean } | undefined {
  const reference = referenceAt(file, position);
  if (reference) {
    const target = {
      kind: reference.kind,
      name: reference.name,
      namespace: reference.namespace,
      ...(reference.owner !== undefined ? { owner: reference.owner } : {}),
    };
    const found = index.declarationsOf(target);
    const lines =
      found.length === 0
        ? [`${reference.kind} \`${reference.name}\`: no file of the workspace defines it.`]
        : found.flatMap((located) => [
            `${reference.kind === 'VolumeClaimTemplate' ? `Claim template \`${located.item.name}\` of \`${located.item.owner}\` in ${fileName(located.uri)}` : describe(located)}`,
            ...(located.item.kind === 'Service' ? selectedLines(index, located.item) : []),
          ]);
    return { contents: lines.join('\n\n'), range: reference.nameRange, alone: true };
  }
  const selection = selectionAt(file, position);
  if (selection?.at === 'selector') {
    return {
      contents: selectedLines(index, selection.declaration).join('\n\n'),
      range: selectionRange(selection),
      alone: false,
    };
  }
  if (selection?.at === 'targetPort') {
    const ports = selectionLinks(index, selection);
    return {
      contents:
        ports.length === 0
          ? `No selected container declares a port named \`${selection.name}\`.`
          : `Port \`${selection.name}\` of ${ports.length === 1 ? '1 container' : `${ports.length} containers`}: ${[...new Set(ports.map(({ uri }) => fileName(uri)))].join(', ')}`,
      range: selection.range,
      alone: false,
    };
  }
  return undefined;
}

/**
 * The hover at a position with the workspace's answer: on a name reference, what it points to;
 * on a selector or a `targetPort` name, the schema's hover (the field's documentation) followed by
 * what it selects; elsewhere the schema's hover as it is.
 */
export function workspaceHover(
  index: WorkspaceIndex,
  file: ManifestFile,
  position: Position,
  schema: Hover | null,
): Hover | null {
  const found = hoverReference(index, file, position);
  if (!found) {
    return schema;
  }
  const contents = schema?.contents;
  if (!found.alone && contents && typeof contents === 'object' && 'kind' in contents) {
    return {
      ...schema,
      contents: { kind: contents.kind, value: `${contents.value}\n\n---\n\n${found.contents}` },
    };
  }
  return { contents: { kind: MarkupKind.Markdown, value: found.contents }, range: found.range };
}

/**
 * A lens above each Service with a selector, saying how many workloads of the workspace it
 * selects (plain text: no command, so every client shows it as it is).
 */
export function findServiceLenses(
  index: WorkspaceIndex,
  file: ManifestFile,
): { range: Range; command: { title: string; command: string } }[] {
  return fileResources(file)
    .declarations.filter(
      (declaration) => declaration.kind === 'Service' && declaration.selector && !declaration.selector.empty,
    )
    .map((service) => {
      const workloads = distinctWorkloads(selectedWorkloads(index, service));
      const line = service.range.start.line;
      const names = workloads.map(({ item }) => `${item.kind} ${item.name}`);
      return {
        range: { start: { line, character: 0 }, end: { line, character: 0 } },
        command: {
          title:
            workloads.length === 0
              ? 'Selects no workload'
              : `Selects ${workloads.length === 1 ? '1 workload' : `${workloads.length} workloads`}: ${names.join(', ')}`,
          command: '',
        },
      };
    });
}
