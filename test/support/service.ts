import { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  CodeAction,
  CompletionItem,
  Diagnostic,
  Hover,
  Position,
  Range,
  TextEdit,
} from 'vscode-languageserver-types';
import type { SimulateResult } from '../../server/src/protocol/customMessages';
import { getLanguageService, type LanguageService } from '../../server/src/service/languageService';
import { WorkspaceIndex } from '../../server/src/workspace/workspaceIndex';
import type { SimulationResult } from '../../server/src/simulator/types';
import { defaultSettings, type PodscopeSettings } from '../../server/src/common/settings';
import { testCatalog } from './catalog';
import { withCursor } from './cursor';

let shared: LanguageService | undefined;
/** The shared service's workspace: each fixture leaves it once answered (see `forgotten`). */
const sharedWorkspace = new WorkspaceIndex();

/** One language service for all tests (schemas are compiled once per kind). */
export function testService(): LanguageService {
  shared ??= getLanguageService({
    catalog: testCatalog(),
    workspace: sharedWorkspace,
    log: (message) => {
      throw new Error(`Unexpected log from the language service: ${message}`);
    },
  });
  return shared;
}

let documentCounter = 0;

export function yamlDocument(text: string): TextDocument {
  return TextDocument.create(`file:///test/fixture-${++documentCounter}.yaml`, 'yaml', 1, text);
}

export function offsetOf(text: string, position: Position): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let line = 0; line < position.line; line++) {
    offset += lines[line]!.length + 1;
  }
  return offset + position.character;
}

export function textAt(text: string, range: Range): string {
  return text.slice(offsetOf(text, range.start), offsetOf(text, range.end));
}

/** Applies non-overlapping edits, as an editor would. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => offsetOf(text, b.range.start) - offsetOf(text, a.range.start));
  let result = text;
  for (const edit of sorted) {
    result =
      result.slice(0, offsetOf(result, edit.range.start)) +
      edit.newText +
      result.slice(offsetOf(result, edit.range.end));
  }
  return result;
}

/** A diagnostic as tests compare it: where (the line and the exact text it covers) and what. */
export interface DiagnosticView {
  code: string;
  severity: number | undefined;
  line: string;
  text: string;
  message: string;
}

/** A diagnostic's message as text (LSP 3.18 allows Markdown content too). */
export function messageText(diagnostic: Diagnostic): string {
  return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}

export function viewDiagnostics(text: string, diagnostics: readonly Diagnostic[]): DiagnosticView[] {
  const lines = text.split('\n');
  return diagnostics.map((diagnostic) => ({
    code: String(diagnostic.code),
    severity: diagnostic.severity,
    line: lines[diagnostic.range.start.line]!.trim(),
    text: textAt(text, diagnostic.range),
    message: typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value,
  }));
}

/**
 * Answers about a fixture, then takes it out of the shared service's workspace index: a fixture is
 * one file alone, and a CRD or a Service in one test must not reach another's.
 */
function forgotten<T>(document: TextDocument, answer: (document: TextDocument) => T): T {
  try {
    return answer(document);
  } finally {
    sharedWorkspace.delete(document.uri);
  }
}

export function validate(text: string): Diagnostic[] {
  return forgotten(yamlDocument(text), (document) => testService().doValidation(document));
}

export function complete(fixture: string, marker = '|'): { text: string; items: CompletionItem[] } {
  const { text, position } = withCursor(fixture, marker);
  return {
    text,
    items: forgotten(yamlDocument(text), (document) => testService().doComplete(document, position)).items,
  };
}

export function hover(fixture: string, marker = '|'): Hover | null {
  const { text, position } = withCursor(fixture, marker);
  return forgotten(yamlDocument(text), (document) => testService().doHover(document, position));
}

/**
 * The text after accepting a completion item: its edit applied, with snippet tab stops
 * resolved to their default text and the final cursor shown as `|`.
 */
export function applyCompletion(text: string, item: CompletionItem): string {
  const edit = item.textEdit;
  if (!edit || !('range' in edit)) {
    throw new Error(`Completion item ${item.label} has no text edit`);
  }
  const snippet = item.insertTextFormat === 2;
  const newText = snippet ? expandSnippet(edit.newText) : edit.newText;
  return applyEdits(text, [{ range: edit.range, newText }]);
}

/** Resolves `$0` to `|`, `${n:default}` and `${n|a,b|}` to their default, `$n` to nothing. */
export function expandSnippet(snippet: string): string {
  return snippet
    .replace(/\$\{\d+\|((?:[^|\\]|\\.)*?)(?:,(?:[^|\\]|\\.)*)*\|\}/g, (_, first: string) =>
      first.replace(/\\(.)/g, '$1'),
    )
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\{0\}|\$0/g, '|')
    .replace(/\$\{\d+\}|\$\d+/g, '');
}

/** The quick fixes for diagnostics of `text`, computed with the settings that produced them. */
export function codeActions(
  text: string,
  diagnostics: Diagnostic[],
  settings: PodscopeSettings = defaultSettings,
): CodeAction[] {
  const document = yamlDocument(text);
  return testService().doCodeActions(document, { diagnostics }, settings);
}

export function applyCodeAction(text: string, action: CodeAction): string {
  const changes = action.edit?.changes ?? {};
  const edits = Object.values(changes)[0] ?? [];
  return applyEdits(text, edits);
}

/**
 * The pod timeline a simulation shows first: the simulated pod, or a workload's first pod (whose
 * kubelet model is the same), so that a test of the pod holds whichever level the kind runs at.
 */
export function firstSimulatedPod(response: SimulateResult): SimulationResult {
  if (!response.ok) {
    throw new Error(response.error);
  }
  if (response.level === 'pod') {
    return response.result;
  }
  const pod = response.result.pods[0];
  if (!pod) {
    throw new Error(`the ${response.result.workload.kind} created no pod`);
  }
  return pod.result;
}
