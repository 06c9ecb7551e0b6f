import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KustomizeIndex } from '../../server/src/config/kustomize';
import {
  isPatchDirective,
  kustomizedImage,
  readKustomization,
  readNamespaceFieldSpecs,
  withKustomizeNamespace,
  withKustomizeSelectors,
  withoutPatchDirectives,
} from '../../server/src/kubernetes/kustomization';
import { runPodscope } from '../support/cliRunner';
import { quietContainerFields } from '../support/podRules';

describe('kustomization files', () => {
  it('are read as Kustomize reads them', () => {
    assert.deepEqual(
      readKustomization({
        resources: ['deployment.yaml', '../base', ' ', 7],
        bases: ['../legacy'],
        components: ['../components/tls'],
        patches: [
          { path: 'patches/replicas.yaml', target: { kind: 'Deployment' } },
          { patch: '- op: remove' },
        ],
        patchesStrategicMerge: ['memory.yaml', 'apiVersion: apps/v1\nkind: Deployment\n'],
        patchesJson6902: [{ path: 'json6902.yaml' }],
        commonLabels: { app: 'web', version: 2, enabled: true, nested: { no: 'no' } },
        namePrefix: 'shop-',
        nameSuffix: 7,
        labels: [
          { pairs: { team: 'shop' }, includeSelectors: true },
          { pairs: { owner: 'me' }, includeTemplates: true },
        ],
        images: [
          { name: 'nginx', newTag: 1.25 },
          { name: 'redis', newName: 'mirror/redis', digest: 'sha256:abc' },
          { newTag: 'orphan' },
        ],
      }),
      {
        resources: ['deployment.yaml', '../base', '../legacy', '../components/tls'],
        patches: ['patches/replicas.yaml', 'memory.yaml', 'json6902.yaml'],
        commonLabels: { app: 'web', version: '2', enabled: 'true' },
        configurations: [],
        selectorLabels: { team: 'shop' },
        images: [
          { name: 'nginx', newTag: '1.25' },
          { name: 'redis', newName: 'mirror/redis', digest: 'sha256:abc' },
        ],
        namePrefix: 'shop-',
        nameSuffix: '',
      },
    );
    for (const junk of [undefined, null, 'text', [], { resources: 'a.yaml', images: {} }]) {
      assert.deepEqual(readKustomization(junk), {
        resources: [],
        patches: [],
        commonLabels: {},
        configurations: [],
        selectorLabels: {},
        images: [],
        namePrefix: '',
        nameSuffix: '',
      });
    }
  });

  it('set images as the image transformer does', () => {
    // The cases of sigs.k8s.io/kustomize api/filters/imagetag (updater.go, image.go IsImageMatched).
    const cases: [string, Parameters<typeof kustomizedImage>[1], string][] = [
      ['nginx', [{ name: 'nginx', newTag: '1.25' }], 'nginx:1.25'],
      ['nginx:latest', [{ name: 'nginx', newTag: '1.25' }], 'nginx:1.25'],
      ['nginx:latest', [{ name: 'nginx', digest: 'sha256:24a0' }], 'nginx@sha256:24a0'],
      ['nginx:1.0@sha256:aa', [{ name: 'nginx', newTag: '2.0' }], 'nginx:2.0'],
      ['nginx', [{ name: 'nginx', newTag: '2', digest: 'sha256:bb' }], 'nginx:2@sha256:bb'],
      ['nginx:1.0', [{ name: 'nginx', tagSuffix: '-debug' }], 'nginx:1.0-debug'],
      ['nginx', [{ name: 'nginx', newName: 'mirror.io/nginx' }], 'mirror.io/nginx'],
      ['localhost:5000/app', [{ name: 'localhost:5000/app', newTag: 'v1' }], 'localhost:5000/app:v1'],
      // Another image whose name starts the same is not matched.
      ['nginx-extra', [{ name: 'nginx', newTag: '1.25' }], 'nginx-extra'],
      ['docker.io/nginx', [{ name: 'nginx', newTag: '1.25' }], 'docker.io/nginx'],
      // The first matching entry wins.
      [
        'web',
        [
          { name: 'other', newTag: '1' },
          { name: 'web', newTag: '2' },
          { name: 'web', newTag: '3' },
        ],
        'web:2',
      ],
    ];
    for (const [image, entries, expected] of cases) {
      assert.equal(kustomizedImage(image, entries), expected, image);
    }
  });

  it('create the selectors that commonLabels fills in, and leave given ones alone', () => {
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', spec: { template: {} } };
    assert.deepEqual(withKustomizeSelectors(deployment, { app: 'web' }), {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      spec: { template: {}, selector: { matchLabels: { app: 'web' } } },
    });
    assert.deepEqual(deployment, { apiVersion: 'apps/v1', kind: 'Deployment', spec: { template: {} } });
    const given = { kind: 'StatefulSet', spec: { selector: { matchLabels: { tier: 'db' } } } };
    assert.deepEqual(withKustomizeSelectors(given, { app: 'web' }), given);
    assert.deepEqual(withKustomizeSelectors({ kind: 'Service' }, { app: 'web' }), {
      kind: 'Service',
      spec: { selector: { app: 'web' } },
    });
    // Not a kind whose selector Kustomize creates, no labels, or a spec of the wrong type.
    assert.deepEqual(withKustomizeSelectors({ kind: 'Job', spec: {} }, { app: 'web' }), {
      kind: 'Job',
      spec: {},
    });
    assert.deepEqual(withKustomizeSelectors({ kind: 'Deployment' }, {}), { kind: 'Deployment' });
    assert.deepEqual(withKustomizeSelectors({ kind: 'Deployment', spec: 'x' }, { a: 'b' }), {
      kind: 'Deployment',
      spec: 'x',
    });
  });

  it('put the namespace into the fields a configurations file names, where they are missing', () => {
    const webhooks = {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'MutatingWebhookConfiguration',
      webhooks: [
        { name: 'a', clientConfig: { service: { name: 'svc' } } },
        { name: 'b', clientConfig: { service: { name: 'svc', namespace: 'other' } } },
        { name: 'c', clientConfig: { url: 'https://example.com' } },
      ],
    };
    const specs = readNamespaceFieldSpecs({
      namespace: [
        {
          kind: 'MutatingWebhookConfiguration',
          group: 'admissionregistration.k8s.io',
          path: 'webhooks/clientConfig/service/namespace',
          create: true,
        },
        { path: 'no/create', create: false },
        { kind: 'Nothing' },
      ],
    });
    assert.deepEqual(specs, [
      {
        kind: 'MutatingWebhookConfiguration',
        group: 'admissionregistration.k8s.io',
        path: ['webhooks', 'clientConfig', 'service', 'namespace'],
        create: true,
      },
      { path: ['no', 'create'], create: false },
    ]);
    assert.deepEqual(withKustomizeNamespace(webhooks, 'kubeflow', specs), {
      ...webhooks,
      webhooks: [
        { name: 'a', clientConfig: { service: { name: 'svc', namespace: 'kubeflow' } } },
        { name: 'b', clientConfig: { service: { name: 'svc', namespace: 'other' } } },
        { name: 'c', clientConfig: { url: 'https://example.com' } },
      ],
    });
    // Another kind or group, no namespace, or no field spec: unchanged.
    assert.deepEqual(
      withKustomizeNamespace({ ...webhooks, kind: 'ValidatingWebhookConfiguration' }, 'kubeflow', specs),
      {
        ...webhooks,
        kind: 'ValidatingWebhookConfiguration',
      },
    );
    assert.equal(withKustomizeNamespace(webhooks, undefined, specs), webhooks);
    assert.equal(withKustomizeNamespace(webhooks, 'kubeflow', []), webhooks);
  });

  it('know the strategic-merge-patch directives, which are not fields', () => {
    for (const key of [
      '$patch',
      '$retainKeys',
      '$setElementOrder/containers',
      '$deleteFromPrimitiveList/args',
    ]) {
      assert.equal(isPatchDirective(key), true, key);
    }
    for (const key of ['patch', '$patches', '$setElementOrder', 'name']) {
      assert.equal(isPatchDirective(key), false, key);
    }
    assert.deepEqual(
      withoutPatchDirectives({
        spec: {
          $retainKeys: ['type'],
          template: {
            spec: {
              '$setElementOrder/containers': [{ name: 'a' }],
              containers: [
                { name: 'a', '$deleteFromPrimitiveList/args': ['-v'] },
                { name: 'b', $patch: 'delete' },
              ],
            },
          },
        },
      }),
      { spec: { template: { spec: { containers: [{ name: 'a' }, { name: 'b' }] } } } },
    );
  });
});

describe('KustomizeIndex', () => {
  let root: string;
  const write = (file: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'podscope-kustomize-index-'));
    fs.mkdirSync(path.join(root, '.git'));
    write('app/base/kustomization.yaml', 'resources:\n  - deployment.yaml\n  - service.yaml\n');
    write('app/base/deployment.yaml', 'kind: Deployment\n');
    write('app/base/service.yaml', 'kind: Service\n');
    write('app/base/unused_patch.yaml', 'kind: Deployment\n');
    write(
      'app/overlays/prod/kustomization.yml',
      [
        'resources: [../../base]',
        'commonLabels: { app: web }',
        'labels: [{ pairs: { team: shop }, includeSelectors: true }]',
        'images: [{ name: nginx, newTag: "1.25" }]',
        'patches: [{ path: patches/replicas.yaml }]',
        'namePrefix: prod-',
      ].join('\n'),
    );
    write('app/overlays/prod/patches/replicas.yaml', 'kind: Deployment\n');
    write(
      'app/overlays/dev/Kustomization',
      'resources: [../../base]\nimages: [{ name: nginx, newTag: dev }]\n',
    );
    write('app/other/patches/loose.yaml', 'kind: Deployment\n');
    write('app/other/dispatcher.yaml', 'kind: Deployment\n');
    write('app/broken/kustomization.yaml', 'resources: [unclosed\n');
    write('helm/templates/job-patch/job.yaml', 'kind: Job\n');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('finds every build of a file, through the overlays that build its folder', () => {
    const index = new KustomizeIndex();
    const at = (file: string): string => path.join(root, file);
    assert.deepEqual(index.contextOf(at('app/base/deployment.yaml')), {
      role: 'resource',
      // Every build's labels and images (the dev overlay adds no labels), nearest first.
      selectorLabels: { app: 'web', team: 'shop' },
      images: [
        { name: 'nginx', newTag: 'dev' },
        { name: 'nginx', newTag: '1.25' },
      ],
      // The prod overlay's namePrefix: the base's objects are also known as prod-….
      nameAffixes: [
        { prefix: '', suffix: '' },
        { prefix: 'prod-', suffix: '' },
      ],
      kustomizations: [
        at('app/base/kustomization.yaml'),
        at('app/overlays/dev/Kustomization'),
        at('app/overlays/prod/kustomization.yml'),
      ],
    });
    assert.deepEqual(index.contextOf(at('app/overlays/prod/patches/replicas.yaml')), {
      role: 'patch',
      selectorLabels: { app: 'web', team: 'shop' },
      images: [{ name: 'nginx', newTag: '1.25' }],
      nameAffixes: [
        { prefix: '', suffix: '' },
        { prefix: 'prod-', suffix: '' },
      ],
      kustomizations: [at('app/overlays/prod/kustomization.yml')],
    });
    const unused = {
      role: 'unused-patch',
      selectorLabels: {},
      images: [],
      nameAffixes: [{ prefix: '', suffix: '' }],
      kustomizations: [],
    };
    assert.deepEqual(index.contextOf(at('app/base/unused_patch.yaml')), unused);
    assert.deepEqual(index.contextOf(at('app/other/patches/loose.yaml')), unused);
    // Not named as a patch ("dispatcher" is no patch), or no Kustomize project around it.
    assert.equal(index.contextOf(at('app/other/dispatcher.yaml')), undefined);
    assert.equal(index.contextOf(at('helm/templates/job-patch/job.yaml')), undefined);
  });

  it('reads the kustomizations again after clear()', () => {
    const index = new KustomizeIndex();
    const file = path.join(root, 'app/base/service.yaml');
    assert.equal(index.contextOf(file)?.role, 'resource');
    write('app/base/kustomization.yaml', 'resources:\n  - deployment.yaml\n');
    assert.equal(index.contextOf(file)?.role, 'resource');
    index.clear();
    assert.equal(index.contextOf(file), undefined);
  });
});

describe('validation judged on what Kustomize builds', () => {
  let root: string;
  const write = (file: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };
  const deployment = (image: string): string =>
    `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: ${image}
${quietContainerFields(10)}`;

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'podscope-kustomize-lint-'));
    // A project's root: the search for kustomizations stops here, not in the temporary folder.
    fs.mkdirSync(path.join(root, '.git'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it("fills a webhook's service namespace that a configurations file tells the namespace transformer to set", () => {
    const webhook = `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: defaults
webhooks:
  - name: defaults.example.com
    admissionReviewVersions: [v1]
    sideEffects: None
    clientConfig:
      service:
        name: webhook
`;
    write('webhook/base/webhook.yaml', webhook);
    write(
      'webhook/base/params.yaml',
      'namespace:\n  - kind: MutatingWebhookConfiguration\n    group: admissionregistration.k8s.io\n    path: webhooks/clientConfig/service/namespace\n    create: true\n',
    );
    write(
      'webhook/base/kustomization.yaml',
      'namespace: kubeflow\nresources: [webhook.yaml]\nconfigurations: [params.yaml]\n',
    );
    write('webhook/plain/webhook.yaml', webhook);
    const run = runPodscope('lint', path.join(root, 'webhook'), '--format', 'json');
    const findings = (JSON.parse(run.stdout) as { file: string; code: string; message: string }[]).map(
      (finding) => `${path.relative(root, finding.file)} ${finding.code}: ${finding.message}`,
    );
    assert.deepEqual(findings, [
      'webhook/plain/webhook.yaml missing-required: Missing required field "namespace" in ServiceReference.',
    ]);
    fs.rmSync(path.join(root, 'webhook'), { recursive: true });
  });

  it('is quiet on what the build supplies, and still reports what it does not', () => {
    write('base/kustomization.yaml', 'resources:\n  - deployment.yaml\n');
    write('base/deployment.yaml', deployment('nginx'));
    write(
      'overlays/prod/kustomization.yaml',
      'resources:\n  - ../../base\ncommonLabels:\n  app: web\nimages:\n  - name: nginx\n    newTag: "1.25"\npatches:\n  - path: patches/env.yaml\n',
    );
    write(
      'overlays/prod/patches/env.yaml',
      `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicsa: 2
  template:
    spec:
      $setElementOrder/containers:
        - name: web
      containers:
        - name: web
          env:
            - name: DEBUG
              $patch: delete
          $deleteFromPrimitiveList/args: ["-v"]
        - name: sidecar
          $patch: delete
`,
    );
    write(
      'overlays/prod/patches/unused_patch.yaml',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n',
    );
    // Outside any kustomization, the same base file is judged as it is.
    write('plain/deployment.yaml', deployment('nginx'));

    const run = runPodscope('lint', root, '--format', 'json');
    const findings = (
      JSON.parse(run.stdout) as {
        file: string;
        code: string;
        message: string;
        range: { start: { line: number } };
      }[]
    ).map(
      (finding) =>
        `${path.relative(root, finding.file)}:${finding.range.start.line + 1} ${finding.code}: ${finding.message}`,
    );
    assert.deepEqual(findings, [
      // The kustomization's own fields are checked too: commonLabels is deprecated (a hint).
      'overlays/prod/kustomization.yaml:3 kustomization-deprecated-field: "commonLabels" is deprecated: use `labels`, which provides a superset of the functionality of commonLabels (`kustomize edit fix` rewrites it).',
      'overlays/prod/patches/env.yaml:6 unknown-field: Unknown field "replicsa" in DeploymentSpec; did you mean "replicas"?',
      'overlays/prod/patches/unused_patch.yaml:2 unused-patch: This looks like a Kustomize patch (its name or folder says "patch"), but no kustomization near it uses it: fields it leaves out are not reported. List it under `patches:` in a kustomization.yaml, or complete it as a manifest of its own.',
      'plain/deployment.yaml:5 missing-required: Missing required field "selector" in DeploymentSpec.',
      'plain/deployment.yaml:10 image-latest-tag: Container "web": image "nginx" has no tag, so it means "latest"; pin a version tag or a digest.',
    ]);
  });
});
