import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runPodscope } from '../support/cliRunner';
import { quietContainerFields } from '../support/podRules';

const kubectlFound = !spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).error;

describe('podscope lint --kustomize (CLI)', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podscope-kustomize-'));
    fs.mkdirSync(path.join(dir, 'app'));
    // No selector in the Deployment: the kustomization's labels (includeSelectors) add it.
    fs.writeFileSync(
      path.join(dir, 'app', 'deployment.yaml'),
      `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx:1.27
${quietContainerFields(10)}`,
    );
    fs.writeFileSync(
      path.join(dir, 'app', 'kustomization.yaml'),
      `resources:
  - deployment.yaml
labels:
  - pairs: { app: web }
    includeSelectors: true
`,
    );
    fs.mkdirSync(path.join(dir, 'broken'));
    fs.writeFileSync(path.join(dir, 'broken', 'kustomization.yaml'), 'resources:\n  - missing.yaml\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lints what kubectl kustomize builds: the selector the kustomization adds is there', function () {
    if (!kubectlFound) {
      this.skip(); // kubectl is not on PATH: --kustomize runs it.
    }
    const app = path.join(dir, 'app');
    // Without the labels the build has no selector (the next test): here it has one.
    const built = runPodscope('lint', '--kustomize', app);
    assert.equal(built.stderr, '');
    assert.equal(built.code, 0);
    assert.equal(
      built.stdout,
      `Checked the output of "kubectl kustomize ${app}": line numbers are in that output, not in the source files.\n` +
        '✔ 0 problems (0 errors, 0 warnings, 0 other) in 0 of 1 file\n',
    );
  });

  it('reports findings against the build output, and exits 1 on an error', function () {
    if (!kubectlFound) {
      this.skip(); // kubectl is not on PATH: --kustomize runs it.
    }
    const app = path.join(dir, 'app');
    fs.writeFileSync(
      path.join(app, 'kustomization.yaml'),
      'resources:\n  - deployment.yaml\npatches:\n  - patch: |-\n      - op: add\n        path: /spec/replicas\n        value: "two"\n    target: { kind: Deployment }\n',
    );
    try {
      const run = runPodscope('lint', `--kustomize=${app}`, '--format', 'json');
      assert.equal(run.code, 1);
      const findings = JSON.parse(run.stdout) as {
        file: string;
        code: string;
        range: { start: { line: number } };
      }[];
      assert.deepEqual(
        findings.map(({ file, code }) => [file, code]),
        [
          [`${app} (kubectl kustomize output)`, 'missing-required'],
          [`${app} (kubectl kustomize output)`, 'wrong-type'],
        ],
      );
    } finally {
      fs.writeFileSync(
        path.join(app, 'kustomization.yaml'),
        'resources:\n  - deployment.yaml\nlabels:\n  - pairs: { app: web }\n    includeSelectors: true\n',
      );
    }
  });

  it('says why when the build fails, with kubectl’s own message, and exits 1', function () {
    if (!kubectlFound) {
      this.skip(); // kubectl is not on PATH: --kustomize runs it.
    }
    const run = runPodscope('lint', '--kustomize', path.join(dir, 'broken'));
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^error: kubectl kustomize .*broken failed:\n/);
    assert.match(run.stderr, /missing\.yaml/);
  });

  it('says so when kubectl is not on PATH', () => {
    const saved = process.env.PATH;
    process.env.PATH = path.join(dir, 'no-such-folder');
    try {
      const run = runPodscope('lint', '--kustomize', path.join(dir, 'app'));
      assert.equal(run.code, 1);
      assert.equal(
        run.stderr,
        'error: kubectl is not on PATH: --kustomize runs `kubectl kustomize <directory>`.\n',
      );
    } finally {
      process.env.PATH = saved;
    }
  });

  it('rejects a missing directory, and files given with --kustomize', () => {
    const missing = runPodscope('lint', '--kustomize', path.join(dir, 'nowhere'));
    assert.deepEqual(
      [missing.code, missing.stderr],
      [1, `error: ${path.join(dir, 'nowhere')}: no such directory\n`],
    );
    const mixed = runPodscope('lint', '--kustomize', path.join(dir, 'app'), 'other.yaml');
    assert.equal(mixed.code, 1);
    assert.match(mixed.stderr, /^error: --kustomize takes one directory, and no other files\n/);
    const bare = runPodscope('lint', '--kustomize');
    assert.equal(bare.code, 1);
    assert.match(bare.stderr, /^error: --kustomize takes one directory/);
  });
});
