import * as assert from 'node:assert/strict';
import type { CompletionItem } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { applyCompletion, complete, testService } from '../support/service';

function labels(items: readonly CompletionItem[]): string[] {
  return items.map((item) => item.label);
}

function accept(fixture: string, label: string): string {
  const { text, items } = complete(fixture);
  const item = items.find((candidate) => candidate.label === label);
  assert.ok(item, `no completion item "${label}" among ${labels(items).join(', ')}`);
  return applyCompletion(text, item);
}

const podHead = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n';

describe('completion', () => {
  it('offers the fields of a container, without the ones already present', () => {
    const { items } = complete(`${podHead}  containers:\n    - name: web\n      image: nginx\n      |\n`);
    const names = labels(items);
    assert.ok(names.includes('livenessProbe'));
    assert.ok(names.includes('ports'));
    assert.ok(!names.includes('name'));
    assert.ok(!names.includes('image'));
    const probe = items.find((item) => item.label === 'livenessProbe')!;
    assert.equal(probe.detail, '<Probe>');
    assert.deepEqual(probe.documentation, {
      kind: 'markdown',
      value:
        'Periodic probe of container liveness. Container will be restarted if the probe fails. Cannot be updated. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes',
    });
  });

  it('inserts an object key with the cursor indented on the next line', () => {
    assert.equal(
      accept(`${podHead}  containers:\n    - name: web\n      image: nginx\n      liv|\n`, 'livenessProbe'),
      `${podHead}  containers:\n    - name: web\n      image: nginx\n      livenessProbe:\n        |\n`,
    );
  });

  it('inserts a list key with a dash on the next line, also right after a list dash', () => {
    assert.equal(
      accept(`${podHead}  containers:\n    - |\n`, 'ports'),
      `${podHead}  containers:\n    - ports:\n        - |\n`,
    );
  });

  it('leaves "key: " ready for a scalar value', () => {
    assert.equal(
      accept(`${podHead}  containers:\n    - name: web\n      imagePu|\n`, 'imagePullPolicy'),
      `${podHead}  containers:\n    - name: web\n      imagePullPolicy: |\n`,
    );
  });

  it('completes the keys of a pod template in every workload kind', () => {
    const cronJob = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: job
              |
`;
    assert.ok(labels(complete(cronJob).items).includes('livenessProbe'));
    for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']) {
      const text = `apiVersion: apps/v1\nkind: ${kind}\nmetadata:\n  name: x\nspec:\n  template:\n    spec:\n      |\n`;
      const names = labels(complete(text).items);
      assert.ok(names.includes('containers') && names.includes('restartPolicy'), kind);
    }
    const job =
      'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: x\nspec:\n  template:\n    spec:\n      restartP|\n';
    assert.ok(labels(complete(job).items).includes('restartPolicy'));
  });

  it('completes keys while the document is still incomplete', () => {
    const { items } = complete(`${podHead}  containers:\n    - name: web\n      livenessProbe:\n        |`);
    assert.deepEqual(labels(items).slice(0, 4), ['exec', 'failureThreshold', 'grpc', 'httpGet']);
  });

  it('offers enum values', () => {
    const { items } = complete(`${podHead}  restartPolicy: |\n`);
    assert.deepEqual(labels(items), ['Always', 'Never', 'OnFailure']);
    assert.deepEqual(labels(complete(`${podHead}  dnsPolicy: Cl|\n`).items), [
      'ClusterFirst',
      'ClusterFirstWithHostNet',
      'Default',
      'None',
    ]);
    assert.deepEqual(labels(complete(`${podHead}  containers:\n    - imagePullPolicy: |\n`).items), [
      'Always',
      'IfNotPresent',
      'Never',
    ]);
    assert.deepEqual(
      labels(complete(`${podHead}  containers:\n    - ports:\n        - protocol: |\n`).items),
      ['SCTP', 'TCP', 'UDP'],
    );
  });

  it('replaces the value being typed, and adds the space after a bare colon', () => {
    assert.equal(accept(`${podHead}  restartPolicy: Nev|\n`, 'Never'), `${podHead}  restartPolicy: Never\n`);
    assert.equal(accept(`${podHead}  restartPolicy:|\n`, 'Never'), `${podHead}  restartPolicy: Never\n`);
  });

  it('offers booleans', () => {
    assert.deepEqual(labels(complete(`${podHead}  hostNetwork: |\n`).items), ['true', 'false']);
  });

  it('offers kinds, and the apiVersions that serve the chosen kind', () => {
    const kinds = labels(complete('apiVersion: v1\nkind: |\n').items);
    assert.ok(kinds.includes('Pod') && kinds.includes('Deployment') && kinds.includes('CronJob'));
    assert.ok(!kinds.includes('PodList'));
    // Only what the target (by default the newest covered, 1.36) serves: apps/v1beta1, v1beta2 and
    // extensions/v1beta1 Deployments were removed in 1.16.
    assert.deepEqual(labels(complete('apiVersion: |\nkind: Deployment\n').items), ['apps/v1']);
    assert.deepEqual(labels(complete('apiVersion: |\nkind: Pod\n').items), ['v1']);
  });

  it('offers to start a manifest in an empty document, and nothing else outside Kubernetes', () => {
    assert.deepEqual(labels(complete('|').items), ['apiVersion', 'kind']);
    assert.deepEqual(labels(complete('apiVersion: v1\n|').items), ['kind']);
    assert.deepEqual(labels(complete('services:\n  web:\n    |\n').items), []);
    assert.deepEqual(labels(complete('services:\n  web:\n    restart: |\n').items), []);
  });

  it('fills the required skeleton of the current object', () => {
    assert.equal(
      accept(`${podHead}  containers:\n    - |\n`, 'required fields'),
      `${podHead}  containers:\n    - name: \n      image: \n`,
    );
    assert.equal(
      accept(`apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  |\n`, 'required fields'),
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  selector: {}\n  template: {}\n',
    );
  });

  it('offers the container’s port names for a probe’s named port', () => {
    const text = `${podHead}  containers:
    - name: web
      image: nginx
      ports:
        - name: http
          containerPort: 8080
        - name: metrics
          containerPort: 9090
      readinessProbe:
        httpGet:
          port: |
`;
    const { items } = complete(text);
    assert.deepEqual(
      items.map((item) => `${item.label} (${item.detail})`),
      ['http (containerPort 8080)', 'metrics (containerPort 9090)'],
    );
  });

  it('offers the pod’s volume names for a volume mount', () => {
    const text = `${podHead}  volumes:
    - name: cache
      emptyDir: {}
    - name: config
      configMap:
        name: settings
  containers:
    - name: web
      image: nginx
      volumeMounts:
        - mountPath: /cache
          name: |
`;
    assert.deepEqual(
      complete(text).items.map((item) => `${item.label} (${item.detail})`),
      ['cache (volume (emptyDir))', 'config (volume (configMap))'],
    );
  });

  it('answers the first keystroke of a new key without parsing the edited document', () => {
    // Two documents; the validation parses both, then a key is started in the second one.
    const service = testService();
    const text = `${podHead}  containers: []\n---\n${podHead}  restartPolicy: Always\n`;
    const line = 12;
    const typed = (version: number, insert: string): TextDocument => {
      const lines = text.split('\n');
      lines.splice(line, 0, ...insert.split('\n').slice(0, -1));
      return TextDocument.create('file:///w/pods.yaml', 'yaml', version, lines.join('\n'));
    };
    let document = typed(1, '');
    service.doValidation(document);
    const segmentOf = (at: TextDocument) => service.parseFile(at)!.segmentAtLine(line)!.segment;
    document = typed(2, '  ho\n');
    const keys = labels(service.doComplete(document, { line, character: 4 }).items);
    assert.ok(keys.includes('hostNetwork') && keys.includes('hostname'), keys.join(', '));
    assert.ok(!keys.includes('restartPolicy'));
    // The marker parse answered; the document's own parse is left to the validation.
    assert.equal(segmentOf(document).isParsed, false);
    assert.equal(service.parseFile(document)!.segmentAtLine(0)!.segment.isParsed, true);
    service.doValidation(document);
    assert.equal(segmentOf(document).isParsed, true);
    // A value after a key's colon is read from the document's own parse.
    document = typed(3, '  dnsPolicy: \n');
    const values = labels(service.doComplete(document, { line, character: 13 }).items);
    assert.ok(values.includes('ClusterFirst'), values.join(', '));
    assert.equal(segmentOf(document).isParsed, true);
  });

  it('offers nothing inside comments and for unknown fields', () => {
    assert.deepEqual(labels(complete(`${podHead}  # a comment |\n`).items), []);
    assert.deepEqual(labels(complete(`${podHead}  unknownField:\n    |\n`).items), []);
  });
});
