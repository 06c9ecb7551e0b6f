import * as assert from 'node:assert/strict';
import type { WorkspaceEdit } from 'vscode-languageserver-types';
import { doRename, prepareRename } from '../../server/src/service/workspaceNavigation';
import { fileResources } from '../../server/src/workspace/fileResources';
import { WorkspaceIndex } from '../../server/src/workspace/workspaceIndex';
import { ManifestParser } from '../../server/src/yaml/manifestFile';
import { withCursor } from '../support/cursor';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../server/src/service/languageService';
import { testCatalog } from '../support/catalog';
import { applyEdits, textAt } from '../support/service';

/** A Service selecting two Deployments (one with its label quoted), and one it does not select. */
const base: Record<string, string> = {
  'file:///app/service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: web
    tier: front
  ports:
    - port: 80
`,
  'file:///app/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
        tier: front
    spec:
      containers:
        - name: web
          image: nginx:1.27
`,
  'file:///app/canary.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-canary
  namespace: shop
spec:
  selector:
    matchLabels: { app: "web", track: canary }
  template:
    metadata:
      labels: { app: "web", tier: front, track: canary }
    spec:
      containers:
        - name: web
          image: nginx:1.28
`,
  // Labelled app: web too, but tier: back: the Service does not select it.
  'file:///app/backend.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: backend
  namespace: shop
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
        tier: back
    spec:
      containers:
        - name: api
          image: api:1
`,
};

function parse(text: string) {
  return new ManifestParser().parse(text);
}

function workspace(files: Record<string, string>): WorkspaceIndex {
  const index = new WorkspaceIndex();
  for (const [uri, text] of Object.entries(files)) {
    index.set(uri, fileResources(parse(text)));
  }
  return index;
}

/** The cursor `shift` characters into the only occurrence of `anchor` in the file. */
function cursorIn(files: Record<string, string>, uri: string, anchor: string, shift = 0) {
  const text = files[uri]!;
  const at = text.indexOf(anchor);
  assert.ok(at >= 0 && text.indexOf(anchor, at + 1) < 0, `${anchor} once`);
  return withCursor(`${text.slice(0, at + shift)}|${text.slice(at + shift)}`);
}

/** Renames at the cursor and returns every file's whole text after the edit (only the edited files). */
function renamed(
  files: Record<string, string>,
  uri: string,
  anchor: string,
  shift: number,
  newName: string,
): Record<string, string> {
  const { text, position } = cursorIn(files, uri, anchor, shift);
  const edit = doRename(workspace(files), parse(text), position, newName) as WorkspaceEdit;
  assert.ok(edit.changes, JSON.stringify(edit));
  for (const edits of Object.values(edit.changes)) {
    const starts = edits.map(({ range }) => `${range.start.line}:${range.start.character}`);
    assert.equal(new Set(starts).size, starts.length, 'no two edits at the same place');
  }
  return Object.fromEntries(
    Object.entries(edit.changes).map(([at, edits]) => [at, applyEdits(files[at]!, edits)]),
  );
}

function refusal(files: Record<string, string>, uri: string, anchor: string, shift: number, newName: string) {
  const { text, position } = cursorIn(files, uri, anchor, shift);
  return doRename(workspace(files), parse(text), position, newName);
}

/** The base files after renaming the label app: web to app: site on the Service's side. */
const appSite = {
  'file:///app/service.yaml': base['file:///app/service.yaml']!.replace('app: web', 'app: site'),
  'file:///app/deployment.yaml': base['file:///app/deployment.yaml']!.replaceAll('app: web', 'app: site'),
  'file:///app/canary.yaml': base['file:///app/canary.yaml']!.replaceAll('app: "web"', 'app: "site"'),
};

describe('label rename across a selector and the pod templates it selects', () => {
  it('prepares on the value or the key scalar only, inside quotes', () => {
    const value = cursorIn(base, 'file:///app/service.yaml', 'app: web', 6);
    const prepared = prepareRename(parse(value.text), value.position);
    assert.deepEqual(prepared && { ...prepared, text: textAt(value.text, prepared.range) }, {
      range: { start: { line: 7, character: 9 }, end: { line: 7, character: 12 } },
      placeholder: 'web',
      text: 'web',
    });
    const key = cursorIn(base, 'file:///app/service.yaml', 'tier: front', 1);
    assert.deepEqual(prepareRename(parse(key.text), key.position), {
      range: { start: { line: 8, character: 4 }, end: { line: 8, character: 8 } },
      placeholder: 'tier',
    });
    const quoted = cursorIn(base, 'file:///app/canary.yaml', 'app: "web", tier', 7);
    const inside = prepareRename(parse(quoted.text), quoted.position);
    assert.equal(inside && textAt(quoted.text, inside.range), 'web');
    // Elsewhere in a template (an image) there is nothing to rename.
    const image = cursorIn(base, 'file:///app/deployment.yaml', 'nginx:1.27');
    assert.equal(prepareRename(parse(image.text), image.position), undefined);
  });

  it('renames a value from a Service selector in both workloads it selects, their selectors too', () => {
    // backend.yaml has app: web but tier: back: not selected, untouched.
    assert.deepEqual(renamed(base, 'file:///app/service.yaml', 'app: web', 6, 'site'), appSite);
  });

  it('renames a value from a template: the Service selecting it, and so what the Service selects', () => {
    assert.deepEqual(renamed(base, 'file:///app/canary.yaml', 'app: "web", tier', 7, 'site'), appSite);
    // From the workload's own selector: the same.
    assert.deepEqual(renamed(base, 'file:///app/canary.yaml', 'app: "web", track', 7, 'site'), appSite);
  });

  it('renames from a template no Service selects: only that workload', () => {
    assert.deepEqual(renamed(base, 'file:///app/backend.yaml', 'tier: back', 7, 'api'), {
      'file:///app/backend.yaml': base['file:///app/backend.yaml']!.replace('tier: back', 'tier: api'),
    });
    assert.deepEqual(renamed(base, 'file:///app/backend.yaml', 'app: web\n  template', 6, 'api'), {
      'file:///app/backend.yaml': base['file:///app/backend.yaml']!.replaceAll('app: web', 'app: api'),
    });
  });

  it('renames a key on every side, and refuses a key a map already has', () => {
    assert.deepEqual(
      renamed(base, 'file:///app/service.yaml', 'tier: front', 0, 'app.kubernetes.io/component'),
      {
        'file:///app/service.yaml': base['file:///app/service.yaml']!.replace(
          'tier: front',
          'app.kubernetes.io/component: front',
        ),
        'file:///app/deployment.yaml': base['file:///app/deployment.yaml']!.replace(
          'tier: front',
          'app.kubernetes.io/component: front',
        ),
        'file:///app/canary.yaml': base['file:///app/canary.yaml']!.replace(
          'tier: front',
          'app.kubernetes.io/component: front',
        ),
      },
    );
    assert.deepEqual(refusal(base, 'file:///app/service.yaml', 'tier: front', 0, 'app'), {
      error: 'A map of labels in file:///app/service.yaml already has the key "app".',
    });
  });

  it('quotes a new value YAML would read as another type than a string', () => {
    assert.deepEqual(renamed(base, 'file:///app/service.yaml', 'tier: front', 7, '1'), {
      'file:///app/service.yaml': base['file:///app/service.yaml']!.replace('tier: front', 'tier: "1"'),
      'file:///app/deployment.yaml': base['file:///app/deployment.yaml']!.replace('tier: front', 'tier: "1"'),
      'file:///app/canary.yaml': base['file:///app/canary.yaml']!.replace('tier: front', 'tier: "1"'),
    });
    assert.equal(
      renamed(base, 'file:///app/service.yaml', 'tier: front', 7, 'yes')['file:///app/service.yaml'],
      base['file:///app/service.yaml']!.replace('tier: front', 'tier: "yes"'),
    );
  });

  it('refuses an invalid key or value', () => {
    const value = refusal(base, 'file:///app/service.yaml', 'app: web', 6, 'web app');
    assert.ok(value && 'error' in value);
    assert.match(value.error, /^"web app" is not a valid label value: /);
    const key = refusal(base, 'file:///app/service.yaml', 'tier: front', 0, 'a/b/c');
    assert.deepEqual(key, { error: `"a/b/c" is not a valid label key: it must contain at most one '/'` });
  });

  it('refuses a label a selector matches through matchExpressions', () => {
    const files = {
      ...base,
      'file:///app/pdb.yaml': `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
  namespace: shop
spec:
  minAvailable: 1
  selector:
    matchExpressions:
      - { key: app, operator: In, values: [web] }
`,
    };
    assert.deepEqual(refusal(files, 'file:///app/service.yaml', 'app: web', 6, 'site'), {
      error:
        'PodDisruptionBudget "web" selects it through matchExpressions: rename the label app=web by hand.',
    });
    // The PDB does not name tier: that label renames as before.
    assert.equal(Object.keys(renamed(files, 'file:///app/service.yaml', 'tier: front', 7, 'edge')).length, 3);
  });

  it('renames in a PodDisruptionBudget, a NetworkPolicy and a StatefulSet, from the template side', () => {
    const files = {
      'file:///db/statefulset.yaml': `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  selector:
    matchLabels:
      role: db
  template:
    metadata:
      labels:
        role: db
    spec:
      containers:
        - name: db
          image: postgres:16
`,
      'file:///db/policies.yaml': `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: db
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      role: db
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db
spec:
  podSelector:
    matchLabels:
      role: db
  policyTypes: [Ingress]
`,
    };
    const expected = {
      'file:///db/statefulset.yaml': files['file:///db/statefulset.yaml'].replaceAll(
        'role: db',
        'role: database',
      ),
      'file:///db/policies.yaml': files['file:///db/policies.yaml'].replaceAll('role: db', 'role: database'),
    };
    assert.deepEqual(
      renamed(files, 'file:///db/statefulset.yaml', 'role: db\n    spec', 6, 'database'),
      expected,
    );
    assert.deepEqual(
      renamed(files, 'file:///db/policies.yaml', 'role: db\n  policyTypes', 6, 'database'),
      expected,
    );
  });

  it('refuses when a place to edit is in a Helm template', () => {
    const files = {
      ...base,
      'file:///chart/templates/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
  namespace: shop
spec:
  template:
    metadata:
      labels:
        app: web
        tier: front
        release: {{ .Release.Name }}
    spec:
      containers:
        - name: web
          image: nginx
`,
    };
    const refused = refusal(files, 'file:///app/service.yaml', 'app: web', 6, 'site');
    assert.ok(refused && 'error' in refused, JSON.stringify(refused));
    assert.match(refused.error, /is in a template \(file:\/\/\/chart\/templates\/deployment\.yaml\)/);
  });

  it('through the language service, renames with the unsaved text of the document at hand', () => {
    const service = getLanguageService({
      catalog: testCatalog(),
      log: (message) => {
        throw new Error(`Unexpected log from the language service: ${message}`);
      },
    });
    for (const uri of ['file:///app/deployment.yaml', 'file:///app/backend.yaml']) {
      service.indexDocument(TextDocument.create(uri, 'yaml', 1, base[uri]!));
    }
    // The Service, being edited: its selector now says tier: back, so it selects the backend.
    const edited = base['file:///app/service.yaml']!.replace('tier: front', 'tier: back');
    const { text, position } = cursorIn({ edited }, 'edited', 'app: web', 6);
    const document = TextDocument.create('file:///app/service.yaml', 'yaml', 2, text);
    assert.deepEqual(service.prepareRename(document, position), {
      range: { start: { line: 7, character: 9 }, end: { line: 7, character: 12 } },
      placeholder: 'web',
    });
    const edit = service.doRename(document, position, 'site');
    assert.ok(edit && 'changes' in edit && edit.changes, JSON.stringify(edit));
    assert.deepEqual(
      Object.fromEntries(
        Object.entries(edit.changes).map(([uri, edits]) => [
          uri,
          applyEdits(uri === document.uri ? text : base[uri]!, edits),
        ]),
      ),
      {
        'file:///app/service.yaml': edited.replace('app: web', 'app: site'),
        'file:///app/backend.yaml': base['file:///app/backend.yaml']!.replaceAll('app: web', 'app: site'),
      },
    );
  });
});
