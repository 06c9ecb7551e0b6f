/**
 * Counts the rules' findings on the Kubernetes documentation examples, per rule and severity.
 * Run it to see the table: `npx tsx test/unit/rules/corpusFindings.ts`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { builtinRules } from '../../../server/src/rules';
import { corpusYamlFiles } from '../../support/corpus';
import { sharedFile } from '../../support/paths';
import { validate } from '../../support/service';

export interface RuleCounts {
  error: number;
  warning: number;
  information: number;
  hint: number;
}

export interface CorpusFinding {
  file: string;
  line: number;
  code: string;
  severity: keyof RuleCounts;
  message: string;
}

const severityNames: Record<DiagnosticSeverity, keyof RuleCounts> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'information',
  [DiagnosticSeverity.Hint]: 'hint',
};

/** Every rule finding on the corpus. */
export function corpusRuleFindings(root: string): CorpusFinding[] {
  const ruleIds = new Set(builtinRules.map((rule) => rule.id));
  const findings: CorpusFinding[] = [];
  for (const file of corpusYamlFiles(root)) {
    for (const diagnostic of validate(fs.readFileSync(file, 'utf8'))) {
      const code = String(diagnostic.code);
      if (ruleIds.has(code)) {
        findings.push({
          file: path.relative(root, file),
          line: diagnostic.range.start.line + 1,
          code,
          severity: severityNames[diagnostic.severity ?? DiagnosticSeverity.Error],
          message: typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value,
        });
      }
    }
  }
  return findings;
}

export function countByRule(findings: readonly CorpusFinding[]): Map<string, RuleCounts> {
  const counts = new Map<string, RuleCounts>(
    builtinRules.map((rule) => [rule.id, { error: 0, warning: 0, information: 0, hint: 0 }]),
  );
  for (const finding of findings) {
    counts.get(finding.code)![finding.severity]++;
  }
  return counts;
}

if (require.main === module) {
  const corpus = sharedFile('corpus/k8s-website-examples');
  if ('missing' in corpus) {
    throw new Error(corpus.missing);
  }
  const findings = corpusRuleFindings(corpus.path);
  const rows = [...countByRule(findings)].map(
    ([id, count]) => `| ${id} | ${count.error} | ${count.warning} | ${count.information} | ${count.hint} |`,
  );
  process.stdout.write(
    `| rule | error | warning | information | hint |\n|---|---|---|---|---|\n${rows.join('\n')}\n`,
  );
  if (process.argv.includes('--list')) {
    for (const finding of findings) {
      process.stdout.write(
        `${finding.file}:${finding.line}: ${finding.severity} [${finding.code}] ${finding.message}\n`,
      );
    }
  }
}
