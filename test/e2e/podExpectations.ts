/**
 * What both end-to-end suites expect of test/e2e/workspace/pod.yaml: its diagnostics, located by
 * the text they cover (never by hand-counted positions), and its outline.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ExpectedDiagnostic {
  readonly code: string;
  /** The whole message, or (for a rule still being worded) its start. */
  readonly message: string;
  readonly exact: boolean;
  /** The text the diagnostic's range covers, and the occurrence of it in the file. */
  readonly text: string;
  readonly occurrence: 'first' | 'last';
  /** The occurrence is searched after this anchor text (e.g. the key before a value). */
  readonly after: string;
}

export interface TextRange {
  /** 0-based, as in LSP and the VS Code API; the Problems panel shows them 1-based. */
  readonly line: number;
  readonly character: number;
  readonly endLine: number;
  readonly endCharacter: number;
}

export const unknownFieldDiagnostic: ExpectedDiagnostic = {
  code: 'unknown-field',
  message: 'Unknown field "poarts" in Container; did you mean "ports"?',
  exact: true,
  text: 'poarts',
  occurrence: 'first',
  after: '',
};

export const restartPolicyDiagnostic: ExpectedDiagnostic = {
  code: 'invalid-value',
  message: 'Invalid value "Sometimes" for restartPolicy: expected one of Always, Never, OnFailure.',
  exact: true,
  text: 'Sometimes',
  occurrence: 'first',
  after: 'restartPolicy: ',
};

/** The third container repeats the first one's name; the rule reports the repetition. */
export const duplicateContainerNameDiagnostic: ExpectedDiagnostic = {
  code: 'duplicate-container-name',
  message: 'Container name "web" is already used by containers[0]',
  exact: false,
  text: 'web',
  occurrence: 'last',
  after: '- name: ',
};

/**
 * The duplicate-container-name rule is being written; its test activates by itself once the rule
 * file exists and the rule is registered in server/src/rules/index.ts.
 */
export function duplicateContainerNameRuleStatus(repoRoot: string): 'registered' | 'unregistered' | 'absent' {
  const rules = path.join(repoRoot, 'server/src/rules');
  if (!fs.existsSync(path.join(rules, 'duplicateContainerName.ts'))) {
    return 'absent';
  }
  const index = fs.readFileSync(path.join(rules, 'index.ts'), 'utf8');
  return /\bduplicateContainerName\b/.test(index) ? 'registered' : 'unregistered';
}

export function expectedPodDiagnostics(repoRoot: string): ExpectedDiagnostic[] {
  return [
    restartPolicyDiagnostic,
    unknownFieldDiagnostic,
    ...(duplicateContainerNameRuleStatus(repoRoot) === 'registered'
      ? [duplicateContainerNameDiagnostic]
      : []),
  ];
}

/** Where an expected diagnostic's text is in the document. Throws if it is not there. */
export function rangeOfExpected(text: string, expected: ExpectedDiagnostic): TextRange {
  const needle = expected.after + expected.text;
  const index = expected.occurrence === 'first' ? text.indexOf(needle) : text.lastIndexOf(needle);
  if (index < 0) {
    throw new Error(`"${needle}" is not in the document`);
  }
  return rangeOfOffsets(text, index + expected.after.length, index + needle.length);
}

export function rangeOfOffsets(text: string, start: number, end: number): TextRange {
  const position = (offset: number): [number, number] => {
    const before = text.slice(0, offset);
    const line = before.split('\n').length - 1;
    return [line, offset - (before.lastIndexOf('\n') + 1)];
  };
  const [line, character] = position(start);
  const [endLine, endCharacter] = position(end);
  return { line, character, endLine, endCharacter };
}

/** The Problems panel's `[Ln x, Col y]` for a range: 1-based, the range's start. */
export function problemsPosition(range: TextRange): string {
  return `[Ln ${range.line + 1}, Col ${range.character + 1}]`;
}

/** The outline of pod.yaml: one document, its containers in order. */
export const podOutline = { name: 'Pod web', containers: ['web', 'log-shipper', 'web'] } as const;
