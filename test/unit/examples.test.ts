import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseScenario } from '../../server/src/simulator/scenario';
import { repoRoot } from '../support/paths';
import { testService, yamlDocument } from '../support/service';

const examples = path.join(repoRoot, 'examples');
const severityNames = ['', 'error', 'warning', 'information', 'hint'];

/** The diagnostics of an example file, as `line severity code` (lines 1-based, as editors show). */
function findings(file: string): string[] {
  const text = fs.readFileSync(path.join(examples, file), 'utf8');
  return testService()
    .doValidation(yamlDocument(text))
    .map(
      (diagnostic) =>
        `${diagnostic.range.start.line + 1} ${severityNames[diagnostic.severity ?? 1]} ${String(diagnostic.code)}`,
    );
}

const restrictedHints = (line: number): string[] =>
  [
    'pss-capabilities',
    'pss-seccomp',
    'pss-privilege-escalation',
    'pss-run-as-non-root',
    'read-only-root-filesystem',
  ].map((code) => `${line} hint ${code}`);

describe('the examples workspace', () => {
  it('opens every file with a comment saying what to try', () => {
    const files = fs
      .readdirSync(examples, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.yaml'));
    assert.ok(files.length >= 9);
    for (const file of files.filter((name) => name !== path.join('chart', 'Chart.yaml'))) {
      assert.match(fs.readFileSync(path.join(examples, file), 'utf8'), /^# \S/, file);
    }
  });

  it('a clean Deployment gets nothing at all', () => {
    assert.deepEqual(findings('deployment.yaml'), []);
  });

  it('the Pod with typical mistakes gets exactly those, and advice', () => {
    assert.deepEqual(findings('mistakes.yaml'), [
      '12 error yaml11-boolean-string',
      '14 error invalid-value',
      ...restrictedHints(16),
      '16 hint missing-liveness-probe',
      '18 error unknown-field',
      '26 error probe-port-undeclared',
      ...restrictedHints(30),
      '30 information missing-readiness-probe',
      '30 hint missing-liveness-probe',
      '33 warning port-conflict',
    ]);
  });

  it('the crash-looping Pod is valid, and its scenario makes it crash-loop', () => {
    assert.deepEqual(findings('crashloop.yaml'), [
      ...restrictedHints(12),
      '12 information missing-readiness-probe',
      '12 hint missing-liveness-probe',
    ]);
    const scenario = parseScenario(fs.readFileSync(path.join(examples, 'crashloop.scenario.yaml'), 'utf8'), [
      'app',
    ]);
    assert.deepEqual(scenario.problems, []);
    const text = fs.readFileSync(path.join(examples, 'crashloop.yaml'), 'utf8');
    const simulation = testService().doSimulate(yamlDocument(text), { documentIndex: 0 }, scenario.scenario!);
    assert.ok(simulation.ok);
    assert.equal(simulation.result.final.status, 'CrashLoopBackOff');
  });

  it('the Job with two init containers and a sidecar is valid and completes', () => {
    assert.deepEqual(findings('job-with-sidecar.yaml'), [
      ...restrictedHints(14),
      ...restrictedHints(19),
      ...restrictedHints(24),
      ...restrictedHints(31),
    ]);
    const text = fs.readFileSync(path.join(examples, 'job-with-sidecar.yaml'), 'utf8');
    const simulation = testService().doSimulate(yamlDocument(text), { documentIndex: 0 }, {});
    assert.ok(simulation.ok);
    assert.deepEqual(
      simulation.result.pod.containers.map((container) => `${container.name}:${container.type}`),
      ['migrate:init', 'fetch:init', 'shipper:sidecar', 'report:app'],
    );
    assert.equal(simulation.result.final.status, 'Completed');
  });

  it('the CronJob is valid', () => {
    assert.deepEqual(findings('cronjob.yaml'), restrictedHints(17));
  });

  it('the multi-document file has its one mistake', () => {
    assert.deepEqual(findings('app.yaml'), [
      ...restrictedHints(40),
      '40 hint missing-liveness-probe',
      '42 error invalid-value',
    ]);
  });

  it('the Helm template is checked around its expressions', () => {
    assert.deepEqual(findings(path.join('chart', 'templates', 'deployment.yaml')), [
      '23 error unknown-field',
    ]);
  });

  it('the custom resource is left alone', () => {
    assert.deepEqual(findings('custom-resource.yaml'), []);
  });
});
