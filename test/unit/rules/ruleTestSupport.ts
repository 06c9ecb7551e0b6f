/**
 * Helpers for the rule tests: the diagnostics of one rule, seen as text (never as offsets),
 * and the text after one of its quick fixes.
 */
import * as assert from 'node:assert/strict';
import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { defaultSettings, type PodscopeSettings } from '../../../server/src/common/settings';
import { simulateCommand } from '../../../server/src/protocol/customMessages';
import {
  applyCodeAction,
  codeActions,
  type DiagnosticView,
  testService,
  viewDiagnostics,
  yamlDocument,
} from '../../support/service';

export const error = DiagnosticSeverity.Error;
export const warning = DiagnosticSeverity.Warning;
export const information = DiagnosticSeverity.Information;
export const hint = DiagnosticSeverity.Hint;

export type Level = PodscopeSettings['podSecurityStandard'];

function settingsAt(level: Level): PodscopeSettings {
  return { ...defaultSettings, podSecurityStandard: level };
}

export function diagnosticsOf(text: string, code: string, level: Level = 'baseline'): Diagnostic[] {
  const settings = settingsAt(level);
  return testService()
    .doValidation(yamlDocument(text), settings)
    .filter((diagnostic) => diagnostic.code === code);
}

/** What one rule reports on a text: severity, the line, the exact text the range covers, the message. */
export function findings(text: string, code: string, level: Level = 'baseline'): DiagnosticView[] {
  return viewDiagnostics(text, diagnosticsOf(text, code, level));
}

/** The titles of the quick fixes offered for a rule's diagnostics. */
export function fixTitles(text: string, code: string, level: Level = 'baseline'): string[] {
  return diagnosticsOf(text, code, level).flatMap((diagnostic) =>
    codeActions(text, [diagnostic], settingsAt(level))
      // A "Show in simulator" link opens the simulator; it is not a fix (simulateService.test.ts).
      .filter((action) => action.command?.command !== simulateCommand)
      .map((action) => action.title),
  );
}

/** The text after the quick fix with this title, offered for the nth diagnostic of a rule. */
export function applyFix(
  text: string,
  code: string,
  title: string,
  index = 0,
  level: Level = 'baseline',
): string {
  const diagnostic = diagnosticsOf(text, code, level)[index];
  assert.ok(diagnostic, `no ${code} diagnostic #${index}`);
  const actions = codeActions(text, [diagnostic], settingsAt(level));
  const action = actions.find((candidate) => candidate.title === title);
  assert.ok(
    action,
    `no quick fix "${title}" among: ${actions.map((candidate) => candidate.title).join(', ')}`,
  );
  assert.equal(action.kind, 'quickfix');
  return applyCodeAction(text, action);
}

/** Asserts that applying a fix leaves the rule with nothing more to say. */
export function assertFixed(text: string, code: string, level: Level = 'baseline'): void {
  assert.deepEqual(findings(text, code, level), []);
}
