import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SettingsResolver } from '../../server/src/config/settingsResolver';
import { doRename } from '../../server/src/service/workspaceNavigation';
import { parseScenario } from '../../server/src/simulator/scenario';
import { resourcesOf } from '../../server/src/workspace/fileResources';
import { WorkspaceIndex } from '../../server/src/workspace/workspaceIndex';
import { type ManifestFile, ManifestParser } from '../../server/src/yaml/manifestFile';
import { runPodscope } from '../support/cliRunner';
import { repoRoot } from '../support/paths';
import { firstSimulatedPod, testService, yamlDocument } from '../support/service';

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
    // The Job's pod, simulated alone or as the Job controller's first pod.
    const simulation = firstSimulatedPod(
      testService().doSimulate(yamlDocument(text), { documentIndex: 0 }, {}),
    );
    assert.deepEqual(
      simulation.pod.containers.map((container) => `${container.name}:${container.type}`),
      ['migrate:init', 'fetch:init', 'shipper:sidecar', 'report:app'],
    );
    assert.equal(simulation.final.status, 'Completed');
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

  describe('the shop: an application in several files, with a Kustomize overlay', () => {
    const shop = path.join(examples, 'shop');
    const files = fs
      .readdirSync(shop, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.yaml'))
      .sort();

    it('is the base and the prod overlay', () => {
      assert.deepEqual(files, [
        path.join('base', 'deployment.yaml'),
        path.join('base', 'kustomization.yaml'),
        path.join('base', 'service.yaml'),
        path.join('base', 'serviceaccount.yaml'),
        path.join('base', 'settings.yaml'),
        path.join('base', 'uploads.yaml'),
        path.join('overlays', 'prod', 'deployment-patch.yaml'),
        path.join('overlays', 'prod', 'kustomization.yaml'),
        path.join('overlays', 'prod', 'namespace.yaml'),
      ]);
    });

    it('podscope lint finds nothing at all in it, its patch and generator included', () => {
      const run = runPodscope('lint', shop, '--format', 'json');
      assert.equal(run.stderr, '');
      assert.deepEqual(JSON.parse(run.stdout), []);
      assert.equal(run.code, 0);
    });

    /** The shop's files indexed as the server indexes them, with the overlay's name prefix. */
    function indexShop(): { index: WorkspaceIndex; parsed: Map<string, ManifestFile> } {
      const resolver = new SettingsResolver();
      const index = new WorkspaceIndex();
      const parser = new ManifestParser();
      const parsed = new Map<string, ManifestFile>();
      for (const file of files) {
        const absolute = path.join(shop, file);
        const uri = pathToFileURL(absolute).href;
        const manifest = parser.parse(fs.readFileSync(absolute, 'utf8'));
        parsed.set(file, manifest);
        index.set(uri, resourcesOf(absolute, manifest, resolver.nameAffixes(uri)));
      }
      return { index, parsed };
    }
    const relative = (uri: string): string => path.relative(shop, fileURLToPath(uri));

    it("every name the Deployment uses is defined once, in the file that says so, and the overlay's prefix builds it", () => {
      const { index } = indexShop();
      const deployment = pathToFileURL(path.join(shop, 'base', 'deployment.yaml')).href;
      const resolved = (index.get(deployment)?.references ?? []).map((reference) => {
        const declarations = index.declarationsOf(reference);
        const key = reference.key ? ` key ${reference.key.name}` : '';
        const found = declarations.map(
          ({ uri, item }) => `${relative(uri)} ${(item.builtNames ?? []).join(',')}`,
        );
        return `${reference.kind} ${reference.name}${key} → ${found.join(' | ')}`;
      });
      assert.deepEqual(resolved.sort(), [
        'ConfigMap shop-features key checkout → base/kustomization.yaml prod-shop-features',
        'ConfigMap shop-settings → base/settings.yaml prod-shop-settings',
        'PersistentVolumeClaim shop-uploads → base/uploads.yaml prod-shop-uploads',
        'ServiceAccount shop-web → base/serviceaccount.yaml prod-shop-web',
      ]);
    });

    it('F2 on shop-settings in the Deployment renames the ConfigMap and its reference, as the file says', () => {
      const { index, parsed } = indexShop();
      const file = path.join('base', 'deployment.yaml');
      const text = fs.readFileSync(path.join(shop, file), 'utf8');
      const offset = text.indexOf('name: shop-settings') + 'name: '.length;
      const before = text.slice(0, offset);
      const position = {
        line: before.split('\n').length - 1,
        character: offset - before.lastIndexOf('\n') - 1,
      };
      const edit = doRename(index, parsed.get(file)!, position, 'shop-config');
      assert.ok(edit && 'changes' in edit && edit.changes, JSON.stringify(edit));
      const renamed = Object.entries(edit.changes)
        .map(([uri, edits]) => [
          relative(uri),
          edits.map((one) => `${one.range.start.line}:${one.range.start.character} ${one.newText}`),
        ])
        .sort();
      assert.deepEqual(renamed, [
        ['base/deployment.yaml', [`${position.line}:${position.character} shop-config`]],
        ['base/settings.yaml', ['5:8 shop-config']],
      ]);
    });
  });
});
