import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runPodscope } from '../support/cliRunner';
import { quietContainerFields } from '../support/podRules';

/** The rules across files, through `podscope lint` (which indexes the files it is given first). */
describe('rules across files', () => {
  let root: string;
  const write = (file: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };
  const lint = (): string[] => {
    const run = runPodscope('lint', root, '--format', 'json');
    return (
      JSON.parse(run.stdout) as {
        file: string;
        code: string;
        message: string;
        range: { start: { line: number } };
      }[]
    )
      .filter((finding) => finding.code === 'reference-not-found' || finding.code === 'key-not-found')
      .map(
        (finding) =>
          `${path.relative(root, finding.file)}:${finding.range.start.line + 1} ${finding.code}: ${finding.message}`,
      );
  };
  const pod = (name: string, spec: string): string =>
    `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: shop
spec:
${spec}  containers:
    - name: app
      image: nginx:1.27
${quietContainerFields(6)}`;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'podscope-xfile-'));
    fs.mkdirSync(path.join(root, '.git'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reports a missing ConfigMap, PVC or ServiceAccount where the application keeps others of its kind', () => {
    write('kustomization.yaml', 'resources: [config.yaml, claim.yaml, pod.yaml]\n');
    write(
      'config.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\ndata:\n  LOG_LEVEL: info\n',
    );
    write(
      'claim.yaml',
      'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  accessModes: [ReadWriteOnce]\n  resources: { requests: { storage: 1Gi } }\n',
    );
    write(
      'pod.yaml',
      pod(
        'web',
        [
          '  serviceAccountName: web', // no ServiceAccount anywhere: made elsewhere, quiet
          '  volumes:',
          '    - name: a',
          '      configMap: { name: setings }',
          '    - name: b',
          '      configMap: { name: optional-one, optional: true }',
          '    - name: c',
          '      persistentVolumeClaim: { claimName: dta }',
          '    - name: d',
          '      secret: { secretName: nowhere }', // Secrets are never reported missing
          '    - name: e',
          '      configMap: { name: kube-root-ca.crt }', // made by the cluster
          '    - name: f',
          '      configMap: { name: settings }',
          '',
        ].join('\n'),
      ),
    );
    assert.deepEqual(lint(), [
      'pod.yaml:10 reference-not-found: Pod web names ConfigMap "setings" (volumes.configMap), which no file of the workspace defines in namespace "shop"; did you mean "settings"? The pod does not start until it exists.',
      'pod.yaml:14 reference-not-found: Pod web names PersistentVolumeClaim "dta" (volumes.persistentVolumeClaim), which no file of the workspace defines in namespace "shop"; did you mean "data"? The pod does not start until it exists.',
    ]);
  });

  it('is quiet without evidence: a folder of unrelated examples, none of the kind, another namespace', () => {
    // The same files without a kustomization: a folder of examples, whose readers create the objects.
    write('config.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\n');
    write('other-pod.yaml', pod('other', '  volumes:\n    - name: a\n      configMap: { name: setings }\n'));
    assert.deepEqual(lint(), []);
    fs.rmSync(path.join(root, 'config.yaml'));
    fs.rmSync(path.join(root, 'other-pod.yaml'));
    write('kustomization.yaml', 'resources: [pod.yaml, other.yaml]\n');
    write('pod.yaml', pod('web', '  volumes:\n    - name: a\n      configMap: { name: settings }\n'));
    assert.deepEqual(lint(), []);
    write('other.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n  namespace: billing\n');
    assert.deepEqual(lint(), []);
  });

  it('reports a key the ConfigMap or Secret does not have, and resolves generated ones with their keys', () => {
    write(
      'kustomization.yaml',
      [
        'namespace: shop',
        'resources: [pod.yaml]',
        'configMapGenerator:',
        '  - name: generated',
        '    literals: [LOG_LEVEL=info, "MODE = fast"]',
        '    files: [config/app.properties, extra=config/other.txt]',
        '  - name: from-env',
        '    envs: [config/.env]',
        'secretGenerator:',
        '  - name: tokens',
        '    literals: [API_TOKEN=x]',
        '',
      ].join('\n'),
    );
    const env = (name: string, source: string, key: string): string =>
      `        - name: ${name}\n          valueFrom:\n            ${source}: { name: ${source === 'secretKeyRef' ? 'tokens' : 'generated'}, key: ${key} }\n`;
    write(
      'pod.yaml',
      `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: app
      image: nginx:1.27
      env:
${env('A', 'configMapKeyRef', 'LOG_LEVEL')}${env('B', 'configMapKeyRef', 'MODE')}${env('C', 'configMapKeyRef', 'app.properties')}${env('D', 'configMapKeyRef', 'extra')}${env('E', 'configMapKeyRef', 'LOG_LEVL')}${env('F', 'secretKeyRef', 'API_TOKN')}        - name: G
          valueFrom:
            configMapKeyRef: { name: from-env, key: ANYTHING }
`,
    );
    assert.deepEqual(lint(), [
      'pod.yaml:24 key-not-found: ConfigMap "generated" in namespace "shop" has no key "LOG_LEVL" (it has "LOG_LEVEL", "MODE", "app.properties", "extra"); did you mean "LOG_LEVEL"? The container does not start until the key exists.',
      'pod.yaml:27 key-not-found: Secret "tokens" in namespace "shop" has no key "API_TOKN" (it has "API_TOKEN"); did you mean "API_TOKEN"? The container does not start until the key exists.',
    ]);
  });

  it("resolves a name through a kustomization's namePrefix", () => {
    write(
      'base/kustomization.yaml',
      'namePrefix: app-\nresources: [config.yaml, other.yaml, pod.yaml, more.yaml]\nconfigMapGenerator:\n  - name: generated\n    literals: [A=b]\n',
    );
    write('base/config.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: logos\n');
    write('base/other.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n');
    // Named as the build names it (app-logos) or as written (logos, which the build rewrites).
    write(
      'base/pod.yaml',
      pod(
        'web',
        '  volumes:\n    - name: a\n      configMap: { name: app-logos }\n    - name: b\n      configMap: { name: logos }\n' +
          '    - name: c\n      configMap: { name: app-generated }\n',
      ),
    );
    assert.deepEqual(lint(), []);
    // A name no build gives is still reported.
    write('base/more.yaml', pod('more', '  volumes:\n    - name: a\n      configMap: { name: app-logo }\n'));
    assert.deepEqual(lint(), [
      'base/more.yaml:9 reference-not-found: Pod more names ConfigMap "app-logo" (volumes.configMap), which no file of the workspace defines in namespace "shop"; did you mean "app-logos"? The pod does not start until it exists.',
    ]);
  });
});
