import * as assert from 'node:assert/strict';
import type { Location, WorkspaceEdit } from 'vscode-languageserver-types';
import {
  doRename,
  findDefinition,
  findDocumentHighlights,
  findReferences,
  findServiceLenses,
  hoverReference,
  findWorkspaceSymbols,
  prepareRename,
  workspaceHover,
} from '../../server/src/service/workspaceNavigation';
import { fileResources } from '../../server/src/workspace/fileResources';
import { WorkspaceIndex } from '../../server/src/workspace/workspaceIndex';
import { workspaceRules } from '../../server/src/workspace/workspaceRules';
import { ManifestParser } from '../../server/src/yaml/manifestFile';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../server/src/service/languageService';
import { testCatalog } from '../support/catalog';
import { withCursor } from '../support/cursor';
import { applyEdits, textAt } from '../support/service';

const files: Record<string, string> = {
  'file:///app/web.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web, tier: front }
    spec:
      priorityClassName: high
      runtimeClassName: gvisor
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - name: http
              containerPort: 8080
`,
  'file:///app/db.yaml': `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: shop
spec:
  serviceName: db
  selector:
    matchLabels: { app: db }
  template:
    metadata:
      labels: { app: db }
    spec:
      containers:
        - name: db
          image: postgres:16
          volumeMounts:
            - name: data
              mountPath: /var/lib/postgresql
            - name: scratch
              mountPath: /tmp
      volumes:
        - name: scratch
          emptyDir: {}
  volumeClaimTemplates:
    - metadata:
        name: data
      spec:
        storageClassName: fast
        accessModes: [ReadWriteOnce]
        resources: { requests: { storage: 1Gi } }
`,
  'file:///app/front.yaml': `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: web
  ports:
    - name: http
      port: 80
      targetPort: http
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: shop
spec:
  defaultBackend:
    service: { name: web, port: { name: http } }
  rules:
    - http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  number: 80
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
  namespace: shop
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  maxReplicas: 5
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
  namespace: shop
spec:
  minAvailable: 1
  selector:
    matchLabels: { app: web }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: all
  namespace: shop
spec:
  podSelector: {}
`,
  'file:///app/cluster.yaml': `apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: fast
provisioner: example.com/fast
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata:
  name: high
value: 1000
---
apiVersion: node.k8s.io/v1
kind: RuntimeClass
metadata:
  name: gvisor
handler: runsc
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: reader
rules: []
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: editor
  namespace: shop
rules: []
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
  namespace: shop
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: editors
  namespace: shop
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: editor }
subjects:
  - kind: ServiceAccount
    name: web
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: readers
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reader }
subjects:
  - kind: ServiceAccount
    name: web
    namespace: shop
  - kind: User
    name: alice
`,
};

function parse(text: string) {
  return new ManifestParser().parse(text);
}

function workspace(extra: Record<string, string> = {}): WorkspaceIndex {
  const index = new WorkspaceIndex();
  for (const [uri, text] of Object.entries({ ...files, ...extra })) {
    index.set(uri, fileResources(parse(text)));
  }
  return index;
}

/** A location as `file line:character text`, the text read from the file it points into. */
function view({ uri, range }: Location): string {
  const text = textAt(files[uri]!, range).replace(/\n\s*/g, ' ').trim();
  return `${uri.replace('file:///app/', '')} ${range.start.line}:${range.start.character} ${text}`;
}

/** A file with a cursor placed before the only occurrence of `anchor`, plus `shift` characters. */
function cursorIn(uri: string, anchor: string, shift = 0) {
  const text = files[uri]!;
  const at = text.indexOf(anchor);
  assert.ok(at >= 0 && text.indexOf(anchor, at + 1) < 0, `${anchor} once in ${uri}`);
  return { uri, ...withCursor(`${text.slice(0, at + shift)}|${text.slice(at + shift)}`) };
}

function definitions(uri: string, anchor: string, shift = 0): string[] {
  const { text, position } = cursorIn(uri, anchor, shift);
  return findDefinition(workspace(), parse(text), position).map(view);
}

function references(uri: string, anchor: string, shift = 0, includeDeclaration = false): string[] {
  const { text, position } = cursorIn(uri, anchor, shift);
  return findReferences(workspace(), uri, parse(text), position, includeDeclaration).map(view);
}

describe('workspace references between objects', () => {
  it('indexes the names that classes, claim templates, bindings, Ingresses and HPAs give', () => {
    const listed = Object.values(files).flatMap((text) =>
      fileResources(parse(text)).references.map(
        (reference) =>
          `${reference.kind} ${reference.name} ${reference.namespace} ${reference.field} from ${reference.from}` +
          (reference.owner ? ` owner=${reference.owner}` : '') +
          (reference.port ? ` port=${reference.port.number ?? reference.port.name}` : ''),
      ),
    );
    assert.deepEqual(listed, [
      'PriorityClass high undefined priorityClassName from Deployment web',
      'RuntimeClass gvisor undefined runtimeClassName from Deployment web',
      // The mount of the claim template, not the mount of the emptyDir volume.
      'VolumeClaimTemplate data shop volumeMounts from StatefulSet db owner=StatefulSet db',
      'StorageClass fast undefined volumeClaimTemplates.spec.storageClassName from StatefulSet db',
      'Service web shop defaultBackend.service from Ingress shop port=http',
      'Service web shop backend.service from Ingress shop port=80',
      'Deployment web shop scaleTargetRef from HorizontalPodAutoscaler web',
      'Role editor shop roleRef from RoleBinding editors',
      'ServiceAccount web shop subjects from RoleBinding editors',
      'ClusterRole reader undefined roleRef from ClusterRoleBinding readers',
      'ServiceAccount web shop subjects from ClusterRoleBinding readers',
    ]);
  });

  it('goes from each name to the object it names', () => {
    assert.deepEqual(definitions('file:///app/web.yaml', 'high'), ['cluster.yaml 9:8 high']);
    assert.deepEqual(definitions('file:///app/web.yaml', 'gvisor', 2), ['cluster.yaml 15:8 gvisor']);
    assert.deepEqual(definitions('file:///app/db.yaml', 'fast'), ['cluster.yaml 3:8 fast']);
    assert.deepEqual(definitions('file:///app/db.yaml', 'data\n              mountPath'), [
      'db.yaml 26:14 data',
    ]);
    assert.deepEqual(definitions('file:///app/cluster.yaml', 'name: editor }', 6), [
      'cluster.yaml 27:8 editor',
    ]);
    assert.deepEqual(definitions('file:///app/cluster.yaml', 'name: reader }', 6), [
      'cluster.yaml 21:8 reader',
    ]);
    assert.deepEqual(definitions('file:///app/cluster.yaml', 'web\n    namespace: shop'), [
      'cluster.yaml 34:8 web',
    ]);
    assert.deepEqual(definitions('file:///app/front.yaml', 'web, port'), ['front.yaml 3:8 web']);
    // From the port of a backend too: the Service that has it.
    assert.deepEqual(definitions('file:///app/front.yaml', 'number: 80', 8), ['front.yaml 3:8 web']);
    assert.deepEqual(definitions('file:///app/front.yaml', 'name: web }', 6), ['web.yaml 3:8 web']);
    // A User subject names no object of the workspace.
    assert.deepEqual(definitions('file:///app/cluster.yaml', 'alice'), []);
  });

  it('finds the fields that name an object, from the object', () => {
    assert.deepEqual(references('file:///app/front.yaml', 'web\n  namespace: shop\nspec:\n  selector'), [
      'front.yaml 20:21 web',
      'front.yaml 28:22 web',
    ]);
    assert.deepEqual(references('file:///app/web.yaml', 'web\n  namespace'), ['front.yaml 38:65 web']);
    assert.deepEqual(references('file:///app/cluster.yaml', 'reader\nrules'), ['cluster.yaml 51:73 reader']);
    assert.deepEqual(references('file:///app/cluster.yaml', 'web\n---'), [
      'cluster.yaml 45:10 web',
      'cluster.yaml 54:10 web',
    ]);
    assert.deepEqual(references('file:///app/cluster.yaml', 'fast\nprov', 0, true), [
      'cluster.yaml 3:8 fast',
      'db.yaml 28:26 fast',
    ]);
  });

  it('links selectors with the pod templates they match, and targetPort names with container ports', () => {
    // A Service's selector map: the Deployment's template, not the StatefulSet's.
    assert.deepEqual(definitions('file:///app/front.yaml', 'app: web\n  ports'), [
      'web.yaml 10:14 { app: web, tier: front }',
    ]);
    // An empty NetworkPolicy podSelector selects every pod of the namespace.
    assert.deepEqual(definitions('file:///app/front.yaml', '{}\n'), [
      'web.yaml 10:14 { app: web, tier: front }',
      'db.yaml 11:14 { app: db }',
    ]);
    // From the template's labels: the Service, the PodDisruptionBudget and the NetworkPolicy.
    assert.deepEqual(references('file:///app/web.yaml', 'tier'), [
      'front.yaml 7:4 app: web',
      'front.yaml 49:4 matchLabels: { app: web }',
      'front.yaml 57:15 {}',
    ]);
    assert.deepEqual(definitions('file:///app/front.yaml', 'targetPort: http', 13), ['web.yaml 18:20 http']);
    assert.deepEqual(references('file:///app/web.yaml', 'http', 1, true), [
      'web.yaml 18:20 http',
      'front.yaml 11:18 http',
    ]);
  });

  it('highlights a claim template and its mount, and a selector with the labels it matches in the file', () => {
    const { text, position } = cursorIn('file:///app/db.yaml', 'data\n      spec');
    assert.deepEqual(
      findDocumentHighlights(workspace(), 'file:///app/db.yaml', parse(text), position).map(
        ({ range, kind }) => `${range.start.line}:${range.start.character} ${textAt(text, range)} ${kind}`,
      ),
      ['26:14 data 3', '17:20 data 2'],
    );
    const local = `apiVersion: v1
kind: Service
metadata: { name: api }
spec:
  selector: { app: api }
---
apiVersion: v1
kind: Pod
metadata:
  name: api
  labels: { app: api }
spec:
  containers: [{ name: api, image: api:1 }]
`;
    const cursor = withCursor(local.replace('{ app: api }\n---', '{ a|pp: api }\n---'));
    const index = workspace({ 'file:///app/local.yaml': local });
    assert.deepEqual(
      findDocumentHighlights(index, 'file:///app/local.yaml', parse(cursor.text), cursor.position).map(
        ({ range, kind }) => `${range.start.line}:${range.start.character} ${textAt(local, range)} ${kind}`,
      ),
      ['4:12 { app: api } 1', '10:10 { app: api } 1'],
    );
  });

  it('renames a Service, a role and a claim template with every name of them, with the rules of each kind', () => {
    const apply = (edit: WorkspaceEdit) =>
      Object.fromEntries(
        Object.entries(edit.changes!).map(([uri, edits]) => [uri, applyEdits(files[uri]!, edits)]),
      );
    const service = cursorIn('file:///app/front.yaml', 'web, port');
    const renamed = apply(
      doRename(workspace(), parse(service.text), service.position, 'front') as WorkspaceEdit,
    );
    assert.deepEqual(Object.keys(renamed), ['file:///app/front.yaml']);
    assert.equal(
      renamed['file:///app/front.yaml'],
      files['file:///app/front.yaml']!.replace(
        'name: web\n  namespace: shop\nspec:\n  selector',
        'name: front\n  namespace: shop\nspec:\n  selector',
      )
        .replace('{ name: web, port', '{ name: front, port')
        .replace('name: web\n                port', 'name: front\n                port'),
    );
    // A Service name is a DNS-1035 label: no leading digit, no dot.
    const dns1035 =
      "it must consist of lowercase letters, digits and '-', start with a letter and end with a letter or digit";
    assert.deepEqual(doRename(workspace(), parse(service.text), service.position, 'web.v2'), {
      error: `"web.v2" is not a valid Service name: ${dns1035}`,
    });
    assert.deepEqual(doRename(workspace(), parse(service.text), service.position, '1web'), {
      error: `"1web" is not a valid Service name: ${dns1035}`,
    });
    // A role may be named with a colon; not with a slash.
    const role = cursorIn('file:///app/cluster.yaml', 'reader\nrules');
    const roleEdit = apply(
      doRename(workspace(), parse(role.text), role.position, 'system:reader') as WorkspaceEdit,
    );
    assert.equal(
      roleEdit['file:///app/cluster.yaml'],
      files['file:///app/cluster.yaml']!.replace('name: reader\n', 'name: system:reader\n').replace(
        'name: reader }',
        'name: system:reader }',
      ),
    );
    assert.deepEqual(doRename(workspace(), parse(role.text), role.position, 'a/b'), {
      error: `"a/b" is not a valid ClusterRole name: it may not be '.' or '..' and may not contain '/' or '%'`,
    });
    const claim = cursorIn('file:///app/db.yaml', 'data\n              mountPath');
    assert.deepEqual(prepareRename(parse(claim.text), claim.position)?.placeholder, 'data');
    const claimEdit = apply(
      doRename(workspace(), parse(claim.text), claim.position, 'pgdata') as WorkspaceEdit,
    );
    assert.equal(
      claimEdit['file:///app/db.yaml'],
      files['file:///app/db.yaml']!.replaceAll('name: data', 'name: pgdata'),
    );
  });

  it('says on hover what a reference points to, and what a Service selects', () => {
    const hover = (uri: string, anchor: string, shift = 0, extra: Record<string, string> = {}) => {
      const { text, position } = cursorIn(uri, anchor, shift);
      return hoverReference(workspace(extra), parse(text), position)?.contents;
    };
    assert.equal(
      hover('file:///app/front.yaml', 'web, port'),
      '`Service web` (namespace shop) in front.yaml\n\nSelects 1 workload:\n\n- `Deployment web` (namespace shop) in web.yaml',
    );
    assert.equal(hover('file:///app/web.yaml', 'high'), '`PriorityClass high` in cluster.yaml');
    assert.equal(
      hover('file:///app/db.yaml', 'data\n              mountPath'),
      'Claim template `data` of `StatefulSet db` in db.yaml',
    );
    assert.equal(
      hover('file:///app/front.yaml', 'app: web\n  ports'),
      'Selects 1 workload:\n\n- `Deployment web` (namespace shop) in web.yaml',
    );
    assert.equal(
      hover('file:///app/front.yaml', 'targetPort: http', 13),
      'Port `http` of 1 container: web.yaml',
    );
    const missing = `apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  priorityClassName: urgent
  containers: [{ name: c, image: c:1 }]
`;
    const cursor = withCursor(missing.replace('urgent', 'urg|ent'));
    assert.equal(
      hoverReference(workspace(), parse(cursor.text), cursor.position)?.contents,
      'PriorityClass `urgent`: no file of the workspace defines it.',
    );
    // Elsewhere the schema's hover answers.
    assert.equal(hover('file:///app/web.yaml', 'nginx'), undefined);
  });

  it('adds what a selector selects to the schema hover, and answers alone on a name reference', () => {
    const schema = { contents: { kind: 'markdown' as const, value: 'Route service traffic to pods.' } };
    const at = (anchor: string, shift = 0) => {
      const { text, position } = cursorIn('file:///app/front.yaml', anchor, shift);
      return workspaceHover(workspace(), parse(text), position, schema);
    };
    assert.deepEqual(at('app: web\n  ports'), {
      contents: {
        kind: 'markdown',
        value:
          'Route service traffic to pods.\n\n---\n\nSelects 1 workload:\n\n- `Deployment web` (namespace shop) in web.yaml',
      },
    });
    assert.deepEqual(at('web, port'), {
      contents: {
        kind: 'markdown',
        value:
          '`Service web` (namespace shop) in front.yaml\n\nSelects 1 workload:\n\n- `Deployment web` (namespace shop) in web.yaml',
      },
      range: { start: { line: 20, character: 21 }, end: { line: 20, character: 24 } },
    });
    assert.equal(at('maxReplicas'), schema);
  });

  it('lists objects in workspace symbols, not the claim templates of a StatefulSet', () => {
    assert.deepEqual(
      findWorkspaceSymbols(workspace(), 'db').map(({ name }) => name),
      ['StatefulSet db'],
    );
    // The claim template "data" is not an object of its own.
    assert.deepEqual(findWorkspaceSymbols(workspace(), 'data'), []);
  });

  it('puts a lens above a Service with how many workloads it selects, from the current text', () => {
    const lenses = (index: WorkspaceIndex) =>
      findServiceLenses(index, parse(files['file:///app/front.yaml']!)).map(
        (lens) => `${lens.range.start.line} ${lens.command.title} [${lens.command.command}]`,
      );
    assert.deepEqual(lenses(workspace()), ['0 Selects 1 workload: Deployment web []']);
    const canary = files['file:///app/web.yaml']!.replace(
      'name: web\n  namespace',
      'name: web-canary\n  namespace',
    );
    assert.deepEqual(lenses(workspace({ 'file:///app/canary.yaml': canary })), [
      '0 Selects 2 workloads: Deployment web, Deployment web-canary []',
    ]);
    const relabelled = files['file:///app/web.yaml']!.replace('labels: { app: web,', 'labels: { app: shop,');
    assert.deepEqual(lenses(workspace({ 'file:///app/web.yaml': relabelled })), ['0 Selects no workload []']);
  });
});

describe('workspace references of malformed objects', () => {
  it('reads objects of the wrong shape without failing, and finds nothing in them', () => {
    const text = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: bad }
spec:
  defaultBackend: { service: [] }
  rules: [null, { http: 3 }, { http: { paths: [null, { backend: { service: { name: 7, port: [] } } }] } }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: bad }
roleRef: []
subjects: { kind: ServiceAccount }
---
apiVersion: v1
kind: Service
metadata: { name: bad }
spec:
  selector: [app]
  ports: 5
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: bad }
spec:
  selector: { matchExpressions: [null, { key: app, operator: Near, values: 3 }] }
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: bad }
spec: { scaleTargetRef: web }
---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: bad }
spec:
  volumeClaimTemplates: [null, { metadata: [] }]
  template:
    metadata: { labels: [] }
    spec:
      containers: [{ name: c, image: c, volumeMounts: [null, { name: 3 }], ports: [null, { name: 8 }] }]
`;
    const resources = fileResources(parse(text));
    assert.deepEqual(resources.references, []);
    assert.deepEqual(
      resources.declarations.map(
        (d) =>
          `${d.kind} ${JSON.stringify(d.selector?.matchExpressions ?? null)} ${d.template?.ports.length ?? '-'}`,
      ),
      [
        'Ingress null -',
        'RoleBinding null -',
        'Service null -',
        'PodDisruptionBudget [{"key":"app","operator":"Near","values":[]}] -',
        'HorizontalPodAutoscaler null -',
        'StatefulSet null 0',
      ],
    );
    // A selector with an operator the API server rejects selects nothing, here or anywhere.
    const index = workspace({ 'file:///app/bad.yaml': text });
    const pdb = resources.declarations.find(({ kind }) => kind === 'PodDisruptionBudget')!;
    const cursor = withCursor(text.replace('operator: Near', 'operator: N|ear'));
    assert.ok(pdb.selector);
    assert.deepEqual(findDefinition(index, parse(cursor.text), cursor.position), []);
    assert.deepEqual(findServiceLenses(index, parse(text)), []);
    index.complete = true;
    for (const rule of workspaceRules) {
      assert.deepEqual(rule.validate({ uri: 'file:///app/bad.yaml', resources, index }), [], rule.id);
    }
  });
});

describe('workspace references through the language service', () => {
  it('counts in the Service lens, and hovers, with the current text of the open documents', () => {
    const service = getLanguageService({ catalog: testCatalog(), workspace: new WorkspaceIndex() });
    const web = TextDocument.create('file:///app/web.yaml', 'yaml', 1, files['file:///app/web.yaml']!);
    service.indexDocument(web);
    const front = files['file:///app/front.yaml']!;
    const titles = (text: string, version: number) =>
      service
        .findCodeLenses(TextDocument.create('file:///app/front.yaml', 'yaml', version, text))
        .map((lens) => `${lens.range.start.line} ${lens.command?.title}`);
    assert.deepEqual(titles(front, 1), ['0 Selects 1 workload: Deployment web']);
    // The Service edited, not yet saved: the lens follows the text.
    assert.deepEqual(titles(front.replace('app: web\n  ports', 'app: api\n  ports'), 2), [
      '0 Selects no workload',
    ]);
    const { text, position } = withCursor(front.replace('web, port', 'w|eb, port'));
    const hover = service.doHover(TextDocument.create('file:///app/front.yaml', 'yaml', 3, text), position);
    assert.deepEqual(hover?.contents, {
      kind: 'markdown',
      value:
        '`Service web` (namespace shop) in front.yaml\n\nSelects 1 workload:\n\n- `Deployment web` (namespace shop) in web.yaml',
    });
  });
});
