import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runPodscope } from '../support/cliRunner';
import { quietContainerFields } from '../support/podRules';

describe('podscope lint (CLI)', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podscope-lint-'));
    fs.mkdirSync(path.join(dir, 'nested'));
    fs.writeFileSync(
      path.join(dir, 'nested', 'bad.yaml'),
      // Quiet for the pod rules: the one finding is the misspelled field.
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n      poarts: []\n${quietContainerFields(6)}`,
    );
    fs.writeFileSync(
      path.join(dir, 'good.yml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n',
    );
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'kind: Pod\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints findings as JSON with 0-based LSP ranges and exits 1 on errors', () => {
    const run = runPodscope('lint', dir, '--format', 'json');
    assert.equal(run.code, 1);
    assert.deepEqual(JSON.parse(run.stdout), [
      {
        file: path.join(dir, 'nested', 'bad.yaml'),
        range: { start: { line: 8, character: 6 }, end: { line: 8, character: 12 } },
        severity: 'error',
        code: 'unknown-field',
        message: 'Unknown field "poarts" in Container; did you mean "ports"?',
        source: 'podscope',
      },
    ]);
  });

  it('prints a readable text report', () => {
    const file = path.join(dir, 'nested', 'bad.yaml');
    const run = runPodscope('lint', dir);
    assert.equal(
      run.stdout,
      `${file}:9:7: error: Unknown field "poarts" in Container; did you mean "ports"? [unknown-field]\n✖ 1 problem (1 error, 0 warnings, 0 other) in 1 of 2 files\n`,
    );
  });

  it('writes SARIF 2.1.0 for code scanning', () => {
    const run = runPodscope('lint', path.join(dir, 'nested'), '--format', 'sarif');
    const sarif = JSON.parse(run.stdout) as {
      version: string;
      runs: {
        tool: { driver: { name: string } };
        results: { ruleId: string; level: string; locations: { physicalLocation: { region: object } }[] }[];
      }[];
    };
    assert.equal(sarif.version, '2.1.0');
    assert.equal(sarif.runs[0]!.tool.driver.name, 'podscope');
    assert.deepEqual(
      sarif.runs[0]!.results.map((result) => [
        result.ruleId,
        result.level,
        result.locations[0]!.physicalLocation.region,
      ]),
      [['unknown-field', 'error', { startLine: 9, startColumn: 7, endLine: 9, endColumn: 13 }]],
    );
  });

  it('exits 0 when there are no errors', () => {
    const run = runPodscope('lint', path.join(dir, 'good.yml'));
    assert.equal(run.code, 0);
    assert.equal(run.stdout, '✔ 0 problems (0 errors, 0 warnings, 0 other) in 0 of 1 file\n');
  });

  it('reports a missing path and an unknown format', () => {
    const missing = runPodscope('lint', path.join(dir, 'absent.yaml'));
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr, `error: ${path.join(dir, 'absent.yaml')}: no such file or directory\n`);
    assert.equal(
      runPodscope('lint', dir, '--format', 'xml').stderr,
      'error: unknown format "xml" (use text, json or sarif)\n',
    );
  });
});
