import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  ingressBackendNotFound,
  scaleTargetNotFound,
  serviceSelectsNothing,
  serviceSelectsUnrelatedWorkloads,
  targetPortNotFound,
} from '../../server/src/workspace/serviceRules';
import { fileResources } from '../../server/src/workspace/fileResources';
import { WorkspaceIndex } from '../../server/src/workspace/workspaceIndex';
import type { WorkspaceRule } from '../../server/src/workspace/workspaceRules';
import { ManifestParser } from '../../server/src/yaml/manifestFile';
import { runPodscope } from '../support/cliRunner';
import { textAt } from '../support/service';

const deployment = (
  name: string,
  labels: string,
  image = 'shop/web:1.0',
  extra = '',
): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop
spec:
  selector:
    matchLabels: ${labels}
  template:
    metadata:
      labels: ${labels}
    spec:
      containers:
        - name: app
          image: ${image}
          ports:
            - name: http
              containerPort: 8080
${extra}`;

const service = (name: string, selector: string, targetPort = 'http'): string => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: shop
spec:
  selector: ${selector}
  ports:
    - name: http
      port: 80
      targetPort: ${targetPort}
`;

/**
 * The findings of a rule on `uri`, with every file indexed: `line:character text message`, the
 * text read from the range.
 */
function check(rule: WorkspaceRule, files: Record<string, string>, uri: string, complete = true): string[] {
  const index = new WorkspaceIndex();
  for (const [each, text] of Object.entries(files)) {
    index.set(each, fileResources(new ManifestParser().parse(text)));
  }
  index.complete = complete;
  return rule
    .validate({ uri, resources: index.get(uri)!, index })
    .map(
      ({ range, message }) =>
        `${range.start.line}:${range.start.character} ${textAt(files[uri]!, range).trim()} | ${message}`,
    );
}

describe('rules across files: Services, Ingresses and HPAs', () => {
  describe('service-selects-nothing', () => {
    const web = deployment('web', '{ app: web }');
    it('reports a Service whose selector misses the workload beside it that it is named for', () => {
      assert.deepEqual(
        check(
          serviceSelectsNothing,
          { 'file:///app/web.yaml': web, 'file:///app/web-svc.yaml': service('web-svc', '{ app: webb }') },
          'file:///app/web-svc.yaml',
        ),
        [
          '6:12 { app: webb } | Service "web-svc" selects no pod: its selector app=webb matches no workload of the workspace in namespace "shop", not Deployment "web" beside it (its pods are labelled app=web). Its endpoints stay empty.',
        ],
      );
    });

    it('is quiet where it selects, where nothing beside it is named for it, or the pods may come from elsewhere', () => {
      const quiet = (files: Record<string, string>, complete = true) =>
        check(serviceSelectsNothing, files, 'file:///app/web-svc.yaml', complete);
      const typo = service('web-svc', '{ app: webb }');
      assert.deepEqual(
        quiet({
          'file:///app/web.yaml': web,
          'file:///app/web-svc.yaml': service('web-svc', '{ app: web }'),
        }),
        [],
      );
      // The workload is in another directory (another application), or named otherwise.
      assert.deepEqual(quiet({ 'file:///other/web.yaml': web, 'file:///app/web-svc.yaml': typo }), []);
      assert.deepEqual(
        quiet({
          'file:///app/api.yaml': deployment('api', '{ app: api }'),
          'file:///app/web-svc.yaml': typo,
        }),
        [],
      );
      // An operator's resource carries the selected labels: it may make the pods.
      const operated = `apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata:
  name: main
  namespace: shop
  labels: { app: webb }
`;
      assert.deepEqual(
        quiet({
          'file:///app/web.yaml': web,
          'file:///app/prom.yaml': operated,
          'file:///app/web-svc.yaml': typo,
        }),
        [],
      );
      // A label only the StatefulSet controller sets; before the first indexing has finished.
      assert.deepEqual(
        quiet({
          'file:///app/web.yaml': web,
          'file:///app/web-svc.yaml': service('web-svc', '{ statefulset.kubernetes.io/pod-name: web-0 }'),
        }),
        [],
      );
      assert.deepEqual(quiet({ 'file:///app/web.yaml': web, 'file:///app/web-svc.yaml': typo }, false), []);
      // Another namespace: not the Service's workload.
      assert.deepEqual(
        quiet({
          'file:///app/web.yaml': web.replace('namespace: shop', 'namespace: billing'),
          'file:///app/web-svc.yaml': typo,
        }),
        [],
      );
    });
  });

  describe('service-selects-unrelated', () => {
    it('reports a Service selecting two workloads beside it that share no image', () => {
      assert.deepEqual(
        check(
          serviceSelectsUnrelatedWorkloads,
          {
            'file:///app/api.yaml': deployment('api', '{ app: backend }', 'shop/api:1.0'),
            'file:///app/worker.yaml': deployment('worker', '{ app: backend }', 'shop/worker:1.0'),
            'file:///app/backend.yaml': service('backend', '{ app: backend }'),
          },
          'file:///app/backend.yaml',
        ),
        [
          '6:12 { app: backend } | Service "backend" selects the pods of 2 workloads, among them Deployment api and Deployment worker, which run different images: its connections go to either. Give each workload a label of its own and select it.',
        ],
      );
    });

    it('is quiet on a canary of the same image, one workload written twice, and workloads of other directories', () => {
      const backend = service('backend', '{ app: backend }');
      const quiet = (files: Record<string, string>) =>
        check(
          serviceSelectsUnrelatedWorkloads,
          { ...files, 'file:///app/backend.yaml': backend },
          'file:///app/backend.yaml',
        );
      assert.deepEqual(
        quiet({
          'file:///app/api.yaml': deployment('api', '{ app: backend }', 'shop/api:1.0'),
          'file:///app/canary.yaml': deployment(
            'api-canary',
            '{ app: backend, track: canary }',
            'shop/api@sha256:abc',
          ),
        }),
        [],
      );
      // One Deployment written twice (a copy with another registry): one workload.
      assert.deepEqual(
        quiet({
          'file:///app/api.yaml': deployment('api', '{ app: backend }', 'shop/api:1.0'),
          'file:///app/api-mirror.yaml': deployment('api', '{ app: backend }', 'mirror.example/api:1.0'),
        }),
        [],
      );
      assert.deepEqual(
        quiet({
          'file:///app/api.yaml': deployment('api', '{ app: backend }', 'shop/api:1.0'),
          'file:///other/worker.yaml': deployment('worker', '{ app: backend }', 'shop/worker:1.0'),
        }),
        [],
      );
    });
  });

  describe('target-port-not-found', () => {
    it('reports a targetPort name that no selected container declares, with the names they do', () => {
      assert.deepEqual(
        check(
          targetPortNotFound,
          {
            'file:///app/web.yaml': deployment('web', '{ app: web }'),
            'file:///app/svc.yaml': service('web', '{ app: web }', 'htp'),
          },
          'file:///app/svc.yaml',
        ),
        [
          '10:18 htp | No container of the pods Service "web" selects (Deployment web) declares a port named "htp" (they declare "http"); did you mean "http"? The Service gets no endpoint for this port.',
        ],
      );
    });

    it('finds the port in a patch of the workload, and says nothing of numbers or of what it does not select', () => {
      const patch = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      containers:
        - name: proxy
          image: proxy:1
          ports: [{ name: https, containerPort: 8443 }]
`;
      const quiet = (files: Record<string, string>) =>
        check(targetPortNotFound, files, 'file:///app/rbac/svc.yaml');
      const web = deployment('web', '{ app: web }');
      assert.deepEqual(
        quiet({
          'file:///app/manager/web.yaml': web,
          'file:///app/default/patch.yaml': patch,
          'file:///app/rbac/svc.yaml': service('web', '{ app: web }', 'https'),
        }),
        [],
      );
      assert.deepEqual(
        quiet({
          'file:///app/manager/web.yaml': web,
          'file:///app/rbac/svc.yaml': service('web', '{ app: web }', '"8080"'),
        }),
        [],
      );
      // A workload far from the Service (another application's) is not judged.
      assert.deepEqual(
        quiet({
          'file:///elsewhere/deep/web.yaml': web,
          'file:///app/rbac/svc.yaml': service('web', '{ app: web }', 'https'),
        }),
        [],
      );
      // Without the patch, the sibling directory's workload lacks the port.
      assert.equal(
        quiet({
          'file:///app/manager/web.yaml': web,
          'file:///app/rbac/svc.yaml': service('web', '{ app: web }', 'https'),
        }).length,
        1,
      );
    });
  });

  describe('ingress-backend-not-found', () => {
    const ingress = (backends: string): string => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: shop
spec:
  rules:
    - http:
        paths:
${backends}`;
    const backend = (path: string, name: string, port: string): string => `          - path: ${path}
            pathType: Prefix
            backend:
              service:
                name: ${name}
                port: ${port}
`;
    const web = service('web', '{ app: web }');

    it('reports a port the Service does not have, by number or by name', () => {
      const text = ingress(backend('/', 'web', '{ number: 8080 }') + backend('/b', 'web', '{ name: https }'));
      assert.deepEqual(
        check(
          ingressBackendNotFound,
          { 'file:///app/svc.yaml': web, 'file:///app/ing.yaml': text },
          'file:///app/ing.yaml',
        ),
        [
          '14:32 8080 | Service "web" has no port 8080 (it has 80). The Ingress controller has nowhere to send the traffic.',
          '20:30 https | Service "web" has no port named "https" (it has "http"). The Ingress controller has nowhere to send the traffic.',
        ],
      );
      const fine = ingress(backend('/', 'web', '{ number: 80 }') + backend('/b', 'web', '{ name: http }'));
      assert.deepEqual(
        check(
          ingressBackendNotFound,
          { 'file:///app/svc.yaml': web, 'file:///app/ing.yaml': fine },
          'file:///app/ing.yaml',
        ),
        [],
      );
    });

    it('reports a missing Service where another backend of the Ingress is found, or one beside it is named almost so', () => {
      const text = ingress(backend('/', 'web', '{ number: 80 }') + backend('/api', 'api', '{ number: 80 }'));
      assert.deepEqual(
        check(
          ingressBackendNotFound,
          { 'file:///app/svc.yaml': web, 'file:///app/ing.yaml': text },
          'file:///app/ing.yaml',
        ),
        [
          '19:22 api | Ingress shop sends traffic to Service "api", which no file of the workspace defines in namespace "shop".',
        ],
      );
      const typo = ingress(backend('/', 'wbe', '{ number: 80 }'));
      assert.deepEqual(
        check(
          ingressBackendNotFound,
          { 'file:///app/svc.yaml': web, 'file:///app/ing.yaml': typo },
          'file:///app/ing.yaml',
        ),
        [
          '13:22 wbe | Ingress shop sends traffic to Service "wbe", which no file of the workspace defines in namespace "shop"; did you mean "web"?',
        ],
      );
      // A Service of the reader's cluster: nothing of the Ingress is here, nothing beside it is close.
      const other = ingress(backend('/', 'dashboard', '{ number: 80 }'));
      assert.deepEqual(
        check(
          ingressBackendNotFound,
          { 'file:///app/svc.yaml': web, 'file:///app/ing.yaml': other },
          'file:///app/ing.yaml',
        ),
        [],
      );
      assert.deepEqual(
        check(
          ingressBackendNotFound,
          { 'file:///other/svc.yaml': web, 'file:///app/ing.yaml': typo },
          'file:///app/ing.yaml',
        ),
        [],
      );
    });
  });

  describe('scale-target-not-found', () => {
    const hpa = (target: string): string => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
  namespace: shop
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: ${target} }
  minReplicas: 1
  maxReplicas: 5
`;
    const web = deployment('web-frontend', '{ app: web }');
    it('reports a target named almost as a workload of that kind beside it', () => {
      assert.deepEqual(
        check(
          scaleTargetNotFound,
          { 'file:///app/web.yaml': web, 'file:///app/hpa.yaml': hpa('web-frontnd') },
          'file:///app/hpa.yaml',
        ),
        [
          '6:65 web-frontnd | HorizontalPodAutoscaler web scales Deployment "web-frontnd", which no file of the workspace defines in namespace "shop"; did you mean "web-frontend"? The autoscaler does nothing until it exists.',
        ],
      );
    });

    it('is quiet on a target found, of another name, of another kind, or far away', () => {
      const quiet = (files: Record<string, string>) =>
        check(scaleTargetNotFound, files, 'file:///app/hpa.yaml');
      assert.deepEqual(
        quiet({ 'file:///app/web.yaml': web, 'file:///app/hpa.yaml': hpa('web-frontend') }),
        [],
      );
      assert.deepEqual(quiet({ 'file:///app/web.yaml': web, 'file:///app/hpa.yaml': hpa('sample') }), []);
      assert.deepEqual(
        quiet({
          'file:///app/web.yaml': web,
          'file:///app/hpa.yaml': hpa('web-frontnd').replace('kind: Deployment', 'kind: StatefulSet'),
        }),
        [],
      );
      assert.deepEqual(
        quiet({ 'file:///other/web.yaml': web, 'file:///app/hpa.yaml': hpa('web-frontnd') }),
        [],
      );
    });
  });
});

describe('podscope lint applies the rules about Services to a file that declares one', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'podscope-svc-'));
    fs.mkdirSync(path.join(root, '.git'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reports the Service that selects nothing and the targetPort of a Service that selects', () => {
    fs.writeFileSync(path.join(root, 'web.yaml'), deployment('web', '{ app: web }'));
    fs.writeFileSync(path.join(root, 'web-svc.yaml'), service('web-svc', '{ app: webb }'));
    fs.writeFileSync(path.join(root, 'web-main.yaml'), service('web-main', '{ app: web }', 'htp'));
    const run = runPodscope('lint', root, '--format', 'json');
    const findings = (
      JSON.parse(run.stdout) as { file: string; code: string; range: { start: { line: number } } }[]
    )
      .filter(({ code }) => code === 'service-selects-nothing' || code === 'target-port-not-found')
      .map(({ file, code, range }) => `${path.basename(file)}:${range.start.line + 1} ${code}`);
    assert.deepEqual(findings.sort(), [
      'web-main.yaml:11 target-port-not-found',
      'web-svc.yaml:7 service-selects-nothing',
    ]);
  });
});
