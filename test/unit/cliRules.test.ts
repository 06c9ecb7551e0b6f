import * as assert from 'node:assert/strict';
import { everyRule } from '../../server/src/service/ruleRegistry';
import { runPodscope } from '../support/cliRunner';

describe('podscope rules (CLI)', () => {
  it('lists every rule with its default severity and summary, as a table', () => {
    const run = runPodscope('rules');
    assert.equal(run.code, 0);
    assert.equal(run.stderr, '');
    const lines = run.stdout.split('\n');
    assert.match(lines[0]!, /^RULE +DEFAULT +SUMMARY$/);
    assert.equal(
      lines[1],
      'yaml11-boolean-string             error        An unquoted yes/no/on/off/y/n where a string is expected becomes a boolean: quote it.',
    );
    assert.ok(
      lines.includes(
        'missing-liveness-probe            hint         An app container has no liveness probe.',
      ),
    );
    assert.equal(lines.length, everyRule.length + 4);
    assert.equal(
      lines[lines.length - 2],
      `${everyRule.length} rules. Documentation: https://github.com/podscope/podscope/blob/main/docs/rules.md`,
    );
  });

  it('prints JSON with a link to each rule’s documentation', () => {
    const run = runPodscope('rules', '--format', 'json');
    assert.equal(run.code, 0);
    const rules = JSON.parse(run.stdout) as {
      id: string;
      defaultSeverity: string;
      summary: string;
      documentation: string;
    }[];
    assert.equal(rules.length, everyRule.length);
    assert.deepEqual(
      rules.find((rule) => rule.id === 'selector-mismatch'),
      {
        id: 'selector-mismatch',
        defaultSeverity: 'error',
        summary: "The workload's selector does not select its own pod template's labels.",
        documentation: 'https://github.com/podscope/podscope/blob/main/docs/rules.md#selector-mismatch',
      },
    );
  });

  it('rejects an unknown format or argument, and explains itself', () => {
    assert.deepEqual(
      [runPodscope('rules', '--format', 'xml').code, runPodscope('rules', '--format', 'xml').stderr],
      [1, 'error: unknown format "xml" (use text or json)\n'],
    );
    assert.equal(runPodscope('rules', 'extra').code, 1);
    const help = runPodscope('rules', '--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: podscope rules \[--format text\|json\]/);
    assert.match(runPodscope('--help').stdout, /\n {2}rules \[--format text\|json\] +List the lint rules/);
  });
});
