/**
 * Quick fixes for Podscope's own diagnostics: rename an unknown field to its suggestion, pick an
 * allowed value, add missing required fields, fix the apiVersion, and the rules' own fixes.
 * Every edit touches only the text it must.
 */
import { isMap, type Node } from 'yaml';
import {
  type CodeAction,
  CodeActionKind,
  type CodeActionContext,
  type Diagnostic,
  type TextEdit,
} from 'vscode-languageserver-types';
import { nodeAtPath, rangeOf } from '../yaml/astPath';
import type { ManifestDocument, ManifestFile } from '../yaml/manifestFile';
import { diagnosticSource } from '../common/diagnosticCodes';
import { type AddFieldsFixData, type CreateObjectFixData, type FixData, isFixData } from '../common/fixData';
import { yamlString } from '../workspace/workspaceRules';

/** What the host knows of the files around a document, for fixes that create one. */
export interface CodeActionHost {
  /**
   * Whether a file is at a URI (on the disk, or open in the editor). Without it no fix creates
   * a file: one that exists must never be written over.
   */
  fileTaken?: (uri: string) => boolean;
}

/**
 * The quick fixes for the diagnostics a client sends back. The client's copy of a diagnostic is
 * only a key: it may come from an older version of the text (its range moved by the editor, or
 * not), or in other position units (Neovim 0.7 echoes byte columns). Each is matched to one of
 * `current`, the diagnostics of the text as it is now, and its edits are computed from that
 * one's range and data, which come from our own parse of this very text. A diagnostic that no
 * longer exists, or that matches several alike findings ambiguously, gets no fix.
 */
export function doCodeActions(
  uri: string,
  file: ManifestFile,
  context: CodeActionContext,
  current: readonly Diagnostic[],
  host: CodeActionHost = {},
): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const requested of context.diagnostics) {
    if (requested.source !== diagnosticSource) {
      continue;
    }
    const diagnostic = currentDiagnostic(requested, current);
    const document = diagnostic ? file.documentAtLine(diagnostic.range.start.line) : undefined;
    if (!diagnostic || !document) {
      continue;
    }
    const data: unknown = diagnostic.data;
    if (isFixData(data)) {
      actions.push(...fixActions(uri, document, diagnostic, requested, data, host));
    }
  }
  return actions;
}

/**
 * The finding of the current text that a client's diagnostic stands for: the same code and
 * message, and where several findings say the same (two containers without a probe), the one
 * on the client's line. Lines are the one coordinate every client keeps right: editors move a
 * diagnostic's range with the edits around it, and columns may come in other units.
 */
export function currentDiagnostic(
  requested: Diagnostic,
  current: readonly Diagnostic[],
): Diagnostic | undefined {
  const alike = current.filter(
    (candidate) =>
      candidate.source === requested.source &&
      candidate.code === requested.code &&
      messageOf(candidate) === messageOf(requested),
  );
  if (alike.length <= 1) {
    return alike[0];
  }
  const onLine = alike.filter(
    (candidate) =>
      candidate.range.start.line <= requested.range.start.line &&
      requested.range.start.line <= candidate.range.end.line,
  );
  if (onLine.length <= 1) {
    return onLine[0];
  }
  // Several alike findings on one line (a flow sequence): the column must then agree exactly.
  return onLine.find((candidate) => candidate.range.start.character === requested.range.start.character);
}

/**
 * Whether a finding may be what one of the client's diagnostics stands for: the same code and
 * message (`currentDiagnostic` then chooses among them), so that only those need be placed.
 */
export function mayStandFor(requested: readonly Diagnostic[]): (candidate: Diagnostic) => boolean {
  const key = (diagnostic: Diagnostic): string => `${String(diagnostic.code)}\n${messageOf(diagnostic)}`;
  const wanted = new Set(requested.map(key));
  return (candidate) => wanted.has(key(candidate));
}

function messageOf(diagnostic: Diagnostic): string {
  return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}

/** One quick fix per replacement of the finding's range; a single one is preferred. */
function replacementFixes(
  replacements: readonly { readonly title: string; readonly newText: string }[],
  uri: string,
  requested: Diagnostic,
  diagnostic: Diagnostic,
): CodeAction[] {
  return replacements.map((replacement) =>
    quickFix(
      replacement.title,
      uri,
      requested,
      [{ range: diagnostic.range, newText: replacement.newText }],
      replacements.length === 1,
    ),
  );
}

function quickFix(
  title: string,
  uri: string,
  diagnostic: Diagnostic,
  edits: TextEdit[],
  preferred: boolean,
): CodeAction {
  const action: CodeAction = {
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: { changes: { [uri]: edits } },
  };
  if (preferred) {
    action.isPreferred = true;
  }
  return action;
}

/**
 * `diagnostic` is our own, for the current text, and gives the edits; `requested` is the
 * client's, echoed in the actions.
 */
function fixActions(
  uri: string,
  document: ManifestDocument,
  diagnostic: Diagnostic,
  requested: Diagnostic,
  data: FixData,
  host: CodeActionHost,
): CodeAction[] {
  switch (data.kind) {
    case 'edits':
      return data.fixes.map((fix) =>
        quickFix(
          fix.title,
          uri,
          requested,
          fix.edits.map((edit) => ({
            range: document.rangeOf(edit.range[0], edit.range[1]),
            newText: edit.newText,
          })),
          data.fixes.length === 1,
        ),
      );
    case 'replace':
      return replacementFixes(data.replacements, uri, requested, diagnostic);
    case 'addFields': {
      const edit = addFieldsEdit(document, data);
      return edit ? [quickFix(data.title, uri, requested, [edit], true)] : [];
    }
    case 'createObject': {
      // A close name is the likelier fix (a typo): it comes first, preferred.
      const actions = replacementFixes(data.replacements, uri, requested, diagnostic);
      const create = createObjectAction(uri, requested, data, host);
      return create ? [...actions, create] : actions;
    }
  }
}

/**
 * Creates the missing object in a new file beside the referring one: `<name>.yaml`, or
 * `<name>-<kind>.yaml` when that is taken; nothing when both are. The `CreateFile` never writes
 * over a file (LSP 3.17, "Resource Changes": `overwrite: false`, `ignoreIfExists: true`), and the
 * text goes into the new, empty file.
 */
function createObjectAction(
  uri: string,
  requested: Diagnostic,
  data: CreateObjectFixData,
  host: CodeActionHost,
): CodeAction | undefined {
  const { object } = data;
  const slash = uri.lastIndexOf('/');
  if (!object || !host.fileTaken || slash < 0) {
    return undefined;
  }
  const folder = uri.slice(0, slash + 1);
  const fileName = [`${object.name}.yaml`, `${object.name}-${object.kind.toLowerCase()}.yaml`].find(
    (name) => !host.fileTaken!(folder + name),
  );
  if (fileName === undefined) {
    return undefined;
  }
  const target = folder + fileName;
  const start = { line: 0, character: 0 };
  return {
    title: `Create ${object.kind} "${object.name}" in ${fileName}`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [requested],
    edit: {
      documentChanges: [
        { kind: 'create', uri: target, options: { overwrite: false, ignoreIfExists: true } },
        {
          textDocument: { uri: target, version: null },
          edits: [{ range: { start, end: start }, newText: manifestOf(object) }],
        },
      ],
    },
  };
}

/**
 * A minimal manifest the API server accepts for the object. A PersistentVolumeClaim needs at
 * least one access mode and a storage request (ValidatePersistentVolumeClaimSpec in
 * k8s.io/kubernetes pkg/apis/core/validation/validation.go: "at least 1 access mode is
 * required", `resources.requests[storage]` required): `ReadWriteOnce` and `1Gi` are
 * placeholders to adjust. A ConfigMap gets the keys its references take, with empty values
 * (ValidateConfigMap there checks the keys and the total size, not what a value says).
 */
export function manifestOf(object: NonNullable<CreateObjectFixData['object']>): string {
  const lines = [
    'apiVersion: v1',
    `kind: ${object.kind}`,
    'metadata:',
    `  name: ${yamlString(object.name)}`,
    ...(object.namespace === undefined ? [] : [`  namespace: ${yamlString(object.namespace)}`]),
  ];
  if (object.kind === 'ConfigMap') {
    lines.push(
      ...(object.keys.length === 0
        ? ['data: {}']
        : ['data:', ...object.keys.map((key) => `  ${yamlString(key)}: ""`)]),
    );
  } else if (object.kind === 'PersistentVolumeClaim') {
    lines.push(
      'spec:',
      '  accessModes:',
      '    - ReadWriteOnce',
      '  resources:',
      '    requests:',
      '      storage: 1Gi',
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Inserts `name: value` lines after the last field of a block map, at its indentation. */
function addFieldsEdit(document: ManifestDocument, data: AddFieldsFixData): TextEdit | undefined {
  const node = nodeAtPath(document.yaml, data.path);
  if (!isMap(node) || node.flow || node.items.length === 0) {
    return undefined;
  }
  const firstKey = rangeOf(node.items[0]!.key as Node);
  const last = node.items[node.items.length - 1]!;
  const lastEnd = rangeOf((last.value ?? last.key) as Node);
  if (!firstKey || !lastEnd) {
    return undefined;
  }
  const indent = ' '.repeat(document.positionAt(firstKey[0]).character);
  const text = document.segment.text;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = data.fields.map((field) => `${indent}${field.name}: ${field.value}`);
  // After a block scalar the value ends at the start of the next line: insert there.
  const endPosition = document.positionAt(lastEnd[1]);
  if (endPosition.character === 0) {
    return { range: { start: endPosition, end: endPosition }, newText: `${lines.join(eol)}${eol}` };
  }
  // Otherwise after the end of the value's line, so that a trailing comment stays where it is.
  let lineEnd = text.indexOf('\n', lastEnd[1]);
  lineEnd = lineEnd < 0 ? text.length : text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
  const position = document.positionAt(lineEnd);
  return { range: { start: position, end: position }, newText: `${eol}${lines.join(eol)}` };
}
