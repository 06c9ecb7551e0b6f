import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { apiVersionOf } from '../../server/src/catalog/catalog';
import {
  defaultKubernetesMinor,
  findRemovedApi,
  removedApis,
} from '../../server/src/kubernetes/apiLifecycle';
import { testCatalog } from '../support/catalog';
import { repoRoot } from '../support/paths';
import { applyCodeAction, codeActions, validate, viewDiagnostics } from '../support/service';

const error = DiagnosticSeverity.Error;
const warning = DiagnosticSeverity.Warning;

/** The identity findings of a document (removed, deprecated, mismatched apiVersions). */
function identity(text: string): ReturnType<typeof viewDiagnostics> {
  const codes = new Set(['removed-api', 'deprecated-api-version', 'apiversion-mismatch', 'unknown-kind']);
  return viewDiagnostics(
    text,
    validate(text).filter((diagnostic) => codes.has(String(diagnostic.code))),
  );
}

/** The quick fix titles offered for the removed-api finding, and the text after the first. */
function removedApiFix(text: string): { titles: string[]; fixed: string } {
  const diagnostics = validate(text).filter((diagnostic) => diagnostic.code === 'removed-api');
  assert.equal(diagnostics.length, 1, 'one removed-api diagnostic');
  const actions = codeActions(text, diagnostics);
  assert.ok(actions[0], 'a quick fix');
  return { titles: actions.map((action) => action.title), fixed: applyCodeAction(text, actions[0]) };
}

const pdb = `apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  minAvailable: 1
  selector:
    matchLabels:
      app: web
`;

describe('removed APIs (deprecation guide)', () => {
  it('is an error on the apiVersion, with the release that removed it and the replacement', () => {
    assert.deepEqual(identity(pdb), [
      {
        code: 'removed-api',
        severity: error,
        line: 'apiVersion: policy/v1beta1',
        text: 'policy/v1beta1',
        message:
          'policy/v1beta1 PodDisruptionBudget is not served since Kubernetes 1.25 (target 1.36): use policy/v1 (an empty spec.selector selects every pod of the namespace, none in v1beta1).',
      },
    ]);
  });

  it('rewrites the apiVersion to the replacement', () => {
    const { titles, fixed } = removedApiFix(pdb);
    assert.deepEqual(titles, ['Change apiVersion to policy/v1']);
    assert.equal(fixed, pdb.replace('policy/v1beta1', 'policy/v1'));
    assert.deepEqual(identity(fixed), []);
  });

  it('reports a removed version that the catalog still describes (StorageClass storage.k8s.io/v1beta1)', () => {
    const text =
      'apiVersion: storage.k8s.io/v1beta1\nkind: StorageClass\nmetadata:\n  name: fast\nprovisioner: x\n';
    assert.deepEqual(identity(text), [
      {
        code: 'removed-api',
        severity: error,
        line: 'apiVersion: storage.k8s.io/v1beta1',
        text: 'storage.k8s.io/v1beta1',
        message:
          'storage.k8s.io/v1beta1 StorageClass is not served since Kubernetes 1.22 (target 1.36): use storage.k8s.io/v1.',
      },
    ]);
  });

  it('turns the catalog-deprecated beta kinds no 1.36 server serves into errors (extensions/v1beta1 DaemonSet)', () => {
    const text = 'apiVersion: extensions/v1beta1\nkind: DaemonSet\nmetadata:\n  name: x\n';
    const [finding] = identity(text);
    assert.equal(finding?.code, 'removed-api');
    assert.equal(finding.severity, error);
    assert.equal(
      finding.message,
      'extensions/v1beta1 DaemonSet is not served since Kubernetes 1.16 (target 1.36): use apps/v1 (spec.selector is required and immutable: use the template labels).',
    );
  });

  it('says there is no replacement for PodSecurityPolicy, and offers no fix', () => {
    const text = 'apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata:\n  name: restricted\n';
    assert.deepEqual(identity(text), [
      {
        code: 'removed-api',
        severity: error,
        line: 'apiVersion: policy/v1beta1',
        text: 'policy/v1beta1',
        message:
          'policy/v1beta1 PodSecurityPolicy is not served since Kubernetes 1.25 (target 1.36) and has no replacement: use Pod Security Admission or a third-party admission webhook.',
      },
    ]);
    const diagnostics = validate(text).filter((diagnostic) => diagnostic.code === 'removed-api');
    assert.deepEqual(codeActions(text, diagnostics), []);
  });

  it('never suggests a removed apiVersion for a kind that no version serves (policy/v1 PodSecurityPolicy)', () => {
    const text = 'apiVersion: policy/v1\nkind: PodSecurityPolicy\nmetadata:\n  name: restricted\n';
    assert.deepEqual(identity(text), [
      {
        code: 'removed-api',
        severity: error,
        line: 'apiVersion: policy/v1',
        text: 'policy/v1',
        message:
          'PodSecurityPolicy is not served by policy/v1, and its last apiVersion, policy/v1beta1, is not served since Kubernetes 1.25 (target 1.36) and has no replacement: use Pod Security Admission or a third-party admission webhook.',
      },
    ]);
  });

  it('migrates an Ingress of extensions/v1beta1 to networking.k8s.io/v1: backends and pathType too', () => {
    const text = `apiVersion: extensions/v1beta1
kind: Ingress
metadata:
  name: web
spec:
  backend:
    serviceName: default-http
    servicePort: 8080
  rules:
    - host: example.com
      http:
        paths:
          - path: /
            backend:
              serviceName: web
              servicePort: 80
          - path: /api
            pathType: Prefix
            backend:
              servicePort: http
              serviceName: api
`;
    const [finding] = identity(text);
    assert.equal(
      finding?.message,
      'extensions/v1beta1 Ingress is not served since Kubernetes 1.22 (target 1.36): use networking.k8s.io/v1 (spec.backend is renamed spec.defaultBackend).',
    );
    const { titles, fixed } = removedApiFix(text);
    assert.deepEqual(titles, [
      'Migrate to networking.k8s.io/v1 (backends, pathType)',
      'Change apiVersion to networking.k8s.io/v1',
    ]);
    assert.equal(
      fixed,
      `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  defaultBackend:
    service:
      name: default-http
      port:
        number: 8080
  rules:
    - host: example.com
      http:
        paths:
          - path: /
            pathType: ImplementationSpecific
            backend:
              service:
                name: web
                port:
                  number: 80
          - path: /api
            pathType: Prefix
            backend:
              service:
                name: api
                port:
                  name: http
`,
    );
    // The migrated Ingress is valid networking.k8s.io/v1: no finding of any kind is left.
    assert.deepEqual(
      validate(fixed).map((diagnostic) => diagnostic.code),
      [],
    );
  });

  it('migrates a v2beta1 HorizontalPodAutoscaler to autoscaling/v2: every metric source, comments kept', () => {
    const text = `apiVersion: autoscaling/v2beta1
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  minReplicas: 1
  maxReplicas: 5
  metrics:
    - type: Resource
      resource:
        name: cpu
        targetAverageUtilization: 80 # of the requests
    - type: Resource
      resource:
        name: memory
        targetAverageValue: 500Mi
    - type: Pods
      pods:
        metricName: packets-per-second
        targetAverageValue: 1k
    - type: External
      external:
        metricName: queue_messages_ready
        metricSelector:
          matchLabels:
            queue: worker_tasks # the queue
        targetAverageValue: "30"
    - type: Object
      object:
        target:
          apiVersion: networking.k8s.io/v1
          kind: Ingress
          name: main-route
        metricName: requests-per-second
        targetValue: 2k
`;
    const [finding] = identity(text);
    assert.equal(
      finding?.message,
      'autoscaling/v2beta1 HorizontalPodAutoscaler is not served since Kubernetes 1.25 (target 1.36): use autoscaling/v2 (targetAverageUtilization is replaced with target.averageUtilization and target.type: Utilization).',
    );
    const { titles, fixed } = removedApiFix(text);
    assert.deepEqual(titles, [
      'Migrate to autoscaling/v2 (metric targets)',
      'Change apiVersion to autoscaling/v2',
    ]);
    assert.equal(
      fixed,
      `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  minReplicas: 1
  maxReplicas: 5
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 80 # of the requests
    - type: Resource
      resource:
        name: memory
        target:
          type: AverageValue
          averageValue: 500Mi
    - type: Pods
      pods:
        metric:
          name: packets-per-second
        target:
          type: AverageValue
          averageValue: 1k
    - type: External
      external:
        metric:
          name: queue_messages_ready
          selector:
            matchLabels:
              queue: worker_tasks # the queue
        target:
          type: AverageValue
          averageValue: "30"
    - type: Object
      object:
        describedObject:
          apiVersion: networking.k8s.io/v1
          kind: Ingress
          name: main-route
        metric:
          name: requests-per-second
        target:
          type: Value
          value: 2k
`,
    );
    // The migrated autoscaler is valid autoscaling/v2: no finding of any kind is left.
    assert.deepEqual(
      validate(fixed).map((diagnostic) => diagnostic.code),
      [],
    );
  });

  it('offers only the apiVersion for a v2beta1 metric with both a value and an average (v2 rejects both)', () => {
    const text = `apiVersion: autoscaling/v2beta1
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  maxReplicas: 5
  metrics:
    - type: External
      external:
        metricName: queue
        targetValue: 10
        targetAverageValue: 2
`;
    const { titles, fixed } = removedApiFix(text);
    assert.deepEqual(titles, ['Change apiVersion to autoscaling/v2']);
    assert.equal(fixed, text.replace('autoscaling/v2beta1', 'autoscaling/v2'));
  });

  it('rewrites only the apiVersion of a v2beta2 HorizontalPodAutoscaler: its metrics have the v2 layout', () => {
    const text = `apiVersion: autoscaling/v2beta2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  maxReplicas: 5
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: 80
`;
    const { titles, fixed } = removedApiFix(text);
    assert.deepEqual(titles, ['Change apiVersion to autoscaling/v2']);
    assert.equal(fixed, text.replace('autoscaling/v2beta2', 'autoscaling/v2'));
    assert.deepEqual(
      validate(fixed).map((diagnostic) => diagnostic.code),
      [],
    );
  });

  it('migrates a v1beta1 EndpointSlice: zone and hostname move to the endpoint, the rest to deprecatedTopology', () => {
    const text = `apiVersion: discovery.k8s.io/v1beta1
kind: EndpointSlice
metadata:
  name: web-abc
addressType: IPv4
endpoints:
  - addresses:
      - 10.1.2.3
    topology:
      kubernetes.io/hostname: node-1
      topology.kubernetes.io/zone: us-west2-a # the zone
  - addresses:
      - 10.1.2.4
    nodeName: node-2
    topology:
      kubernetes.io/hostname: node-2-host
      example.com/rack: r1
ports:
  - port: 80
`;
    const { titles, fixed } = removedApiFix(text);
    assert.deepEqual(titles, [
      'Migrate to discovery.k8s.io/v1 (topology)',
      'Change apiVersion to discovery.k8s.io/v1',
    ]);
    assert.equal(
      fixed,
      `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: web-abc
addressType: IPv4
endpoints:
  - addresses:
      - 10.1.2.3
    nodeName: node-1
    zone: us-west2-a
  - addresses:
      - 10.1.2.4
    nodeName: node-2
    deprecatedTopology:
      kubernetes.io/hostname: node-2-host
      example.com/rack: r1
ports:
  - port: 80
`,
    );
  });

  it('renames assuredConcurrencyShares when it migrates a v1beta2 PriorityLevelConfiguration to v1', () => {
    const text = `apiVersion: flowcontrol.apiserver.k8s.io/v1beta2
kind: PriorityLevelConfiguration
metadata:
  name: batch
spec:
  type: Limited
  limited:
    assuredConcurrencyShares: 20 # shares
    limitResponse:
      type: Reject
`;
    const { titles, fixed } = removedApiFix(text);
    assert.deepEqual(titles, [
      'Migrate to flowcontrol.apiserver.k8s.io/v1 (nominalConcurrencyShares)',
      'Change apiVersion to flowcontrol.apiserver.k8s.io/v1',
    ]);
    assert.equal(
      fixed,
      text
        .replace('flowcontrol.apiserver.k8s.io/v1beta2', 'flowcontrol.apiserver.k8s.io/v1')
        .replace('assuredConcurrencyShares', 'nominalConcurrencyShares'),
    );
    assert.deepEqual(
      validate(fixed).map((diagnostic) => diagnostic.code),
      [],
    );
  });

  it('rewrites only the apiVersion of a CronJob (batch/v1beta1 → batch/v1: no field changed)', () => {
    const text = `apiVersion: batch/v1beta1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: job
              image: busybox:1.36
`;
    const { titles, fixed } = removedApiFix(text);
    assert.deepEqual(titles, ['Change apiVersion to batch/v1']);
    assert.equal(fixed, text.replace('batch/v1beta1', 'batch/v1'));
  });

  it('offers only the apiVersion for an Ingress whose layout it cannot rewrite exactly (a flow backend)', () => {
    const text = `apiVersion: networking.k8s.io/v1beta1
kind: Ingress
metadata:
  name: web
spec:
  backend: { serviceName: web, servicePort: 80 }
`;
    const { titles, fixed } = removedApiFix(text);
    assert.deepEqual(titles, ['Change apiVersion to networking.k8s.io/v1']);
    assert.equal(fixed, text.replace('networking.k8s.io/v1beta1', 'networking.k8s.io/v1'));
  });

  it('reports a removal only from the release that made it: a target before 1.25 still serves policy/v1beta1', () => {
    assert.equal(findRemovedApi('policy/v1beta1', 'PodDisruptionBudget', 24), undefined);
    assert.equal(findRemovedApi('policy/v1beta1', 'PodDisruptionBudget', 25)?.replacement, 'policy/v1');
    assert.equal(findRemovedApi('policy/v1', 'PodDisruptionBudget'), undefined);
    assert.equal(defaultKubernetesMinor, 36);
  });

  it('keeps the warning for a kind that is deprecated but still served (v1 ComponentStatus)', () => {
    const text = 'apiVersion: v1\nkind: ComponentStatus\nmetadata:\n  name: etcd-0\n';
    assert.deepEqual(identity(text), [
      {
        code: 'deprecated-api-version',
        severity: warning,
        line: 'apiVersion: v1',
        text: 'v1',
        message: 'v1 ComponentStatus is deprecated or removed.',
      },
    ]);
  });

  it('says nothing about the served versions of the same kinds', () => {
    const text = pdb.replace('policy/v1beta1', 'policy/v1');
    assert.deepEqual(identity(text), []);
    assert.deepEqual(identity('apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: x\n'), []);
  });

  describe('the table', () => {
    const catalog = testCatalog();

    it('is the table of docs/rules.md, row for row', () => {
      const docs = fs.readFileSync(path.join(repoRoot, 'docs/rules.md'), 'utf8');
      const section = docs.slice(docs.indexOf('\n# Removed APIs\n'));
      const rows = section
        .split('\n')
        .filter((line) => line.startsWith('| `'))
        .map((line) => line.split(' | ').map((cell) => cell.replace(/^\|/, '').replace(/\|$/, '').trim()));
      const expected = removedApis.map((entry) => [
        `\`${entry.apiVersion}\``,
        entry.kinds.join(', '),
        entry.deprecatedIn === undefined ? '—' : `1.${entry.deprecatedIn}`,
        `1.${entry.removedIn}${entry.removedIn > defaultKubernetesMinor ? ' (planned)' : ''}`,
        entry.replacement
          ? `\`${entry.replacement}\``
          : entry.alternative
            ? `none: ${entry.alternative}`
            : 'none named',
        entry.notes.length > 0 ? entry.notes.join('; ') : 'No notable changes',
        entry.source.startsWith('https://kubernetes.io/docs/')
          ? `[guide](${entry.source})`
          : entry.source.startsWith('https://kubernetes.io/blog/')
            ? `[blog](${entry.source})`
            : `[k8s.io/api](${entry.source})`,
      ]);
      assert.deepEqual(rows, expected);
    });
    for (const entry of removedApis) {
      it(`${entry.apiVersion} ${entry.kinds.join(', ')}: a source, and a replacement the catalog serves`, () => {
        assert.match(
          entry.source,
          /^https:\/\/(kubernetes\.io\/(docs\/reference\/using-api\/deprecation-guide\/#|blog\/)|github\.com\/kubernetes\/api\/blob\/master\/[a-z]+\/v[0-9a-z]+\/zz_generated\.prerelease-lifecycle\.go$)/,
        );
        assert.ok(entry.removedIn >= 16);
        assert.ok(entry.deprecatedIn === undefined || entry.deprecatedIn < entry.removedIn);
        assert.ok(
          entry.introducedIn === undefined || entry.introducedIn <= (entry.deprecatedIn ?? entry.removedIn),
        );
        if (entry.source.includes('deprecation-guide')) {
          // The guide names a replacement, or says there is none and what to use instead.
          assert.ok(
            (entry.replacement === undefined) !== (entry.alternative === undefined),
            'a replacement or an alternative',
          );
        }
        if (entry.removedIn > defaultKubernetesMinor) {
          // A planned removal: the newest release still serves it, so its replacement need not be.
          return;
        }
        for (const kind of entry.kinds) {
          if (entry.replacement) {
            const replacement = catalog.getKind(entry.replacement, kind);
            assert.ok(replacement, `${entry.replacement} ${kind} in the catalog`);
            assert.equal(
              findRemovedApi(apiVersionOf(replacement), kind),
              undefined,
              'the replacement is served',
            );
          }
        }
      });
    }
  });
});
