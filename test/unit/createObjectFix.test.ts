import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  CodeAction,
  CreateFile,
  Diagnostic,
  TextDocumentEdit,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-types';
import { adaptCodeActions, clientFeatures } from '../../server/src/service/clientFeatures';
import { getLanguageService, type LanguageService } from '../../server/src/service/languageService';
import { WorkspaceIndex } from '../../server/src/workspace/workspaceIndex';
import { testCatalog } from '../support/catalog';
import { quietContainerFields } from '../support/podRules';
import { applyEdits } from '../support/service';

/**
 * The quick fixes of reference-not-found, through the language service: take the close name in
 * place, or create the missing object in a new file beside the referring one.
 */
describe('quick fixes for a missing object', () => {
  // The file keeps the application's ConfigMaps, claims and ServiceAccounts: the rule speaks.
  const podText = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
data:
  LOG_LEVEL: info
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
  namespace: shop
spec:
  accessModes: [ReadWriteOnce]
  resources: { requests: { storage: 1Gi } }
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
  namespace: shop
---
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
spec:
  serviceAccountName: worker
  volumes:
    - name: a
      configMap: { name: setings }
    - name: c
      persistentVolumeClaim: { claimName: cache }
  containers:
    - name: app
      image: nginx:1.27
      env:
        - name: MODE
          valueFrom:
            configMapKeyRef: { name: app-config, key: MODE }
        - name: SECOND_FACTOR
          valueFrom:
            configMapKeyRef: { name: app-config, key: "2fa" }
${quietContainerFields(6)}`;
  // Another file's pod takes another key of the same missing ConfigMap.
  const jobText = `apiVersion: v1
kind: Pod
metadata:
  name: job
  namespace: shop
spec:
  containers:
    - name: job
      image: busybox:1.36
      env:
        - name: MODE
          valueFrom:
            configMapKeyRef: { name: app-config, key: MODE }
        - name: LEVEL
          valueFrom:
            configMapKeyRef: { name: app-config, key: LEVEL }
`;
  const podUri = 'file:///app/pod.yaml';

  let onDisk: Set<string>;
  const service = (withFileExists = true): LanguageService => {
    const workspace = new WorkspaceIndex();
    const created = getLanguageService({
      catalog: testCatalog(),
      workspace,
      ...(withFileExists ? { fileExists: (uri: string) => onDisk.has(uri) } : {}),
    });
    created.indexDocument(TextDocument.create('file:///app/job.yaml', 'yaml', 1, jobText));
    workspace.complete = true;
    return created;
  };
  const pod = TextDocument.create(podUri, 'yaml', 1, podText);
  const messageOf = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);
  const missing = (current: LanguageService, name: string): Diagnostic => {
    const found = current
      .doValidation(pod)
      .filter((d) => d.code === 'reference-not-found' && messageOf(d).includes(`"${name}"`));
    assert.ok(found.length > 0, name);
    return found[0]!;
  };
  const actionsFor = (current: LanguageService, name: string): CodeAction[] =>
    current.doCodeActions(pod, { diagnostics: [missing(current, name)] });
  const creation = (edit: WorkspaceEdit | undefined): { uri: string; text: string } => {
    const [create, insert] = edit?.documentChanges ?? [];
    assert.deepEqual((create as CreateFile).options, { overwrite: false, ignoreIfExists: true });
    const textEdit = insert as TextDocumentEdit;
    assert.equal(textEdit.textDocument.uri, (create as CreateFile).uri);
    return { uri: textEdit.textDocument.uri, text: applyEdits('', textEdit.edits as TextEdit[]) };
  };

  beforeEach(() => {
    onDisk = new Set(['file:///app/pod.yaml', 'file:///app/job.yaml']);
  });

  it('offers the close name in place, then a new file with the ConfigMap', () => {
    const current = service();
    const diagnostic = missing(current, 'setings');
    const actions = current.doCodeActions(pod, { diagnostics: [diagnostic] });
    assert.deepEqual(actions, [
      {
        title: 'Change to "settings"',
        kind: 'quickfix',
        diagnostics: [diagnostic],
        edit: { changes: { [podUri]: [{ range: diagnostic.range, newText: 'settings' }] } },
        isPreferred: true,
      },
      {
        title: 'Create ConfigMap "setings" in setings.yaml',
        kind: 'quickfix',
        diagnostics: [diagnostic],
        edit: {
          documentChanges: [
            {
              kind: 'create',
              uri: 'file:///app/setings.yaml',
              options: { overwrite: false, ignoreIfExists: true },
            },
            {
              textDocument: { uri: 'file:///app/setings.yaml', version: null },
              edits: [
                {
                  range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
                  newText:
                    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: setings\n  namespace: shop\ndata: {}\n',
                },
              ],
            },
          ],
        },
      },
    ]);
    // The change in place leaves the pod naming the ConfigMap the file defines: no finding.
    const fixed = applyEdits(podText, actions[0]!.edit.changes![podUri]);
    assert.match(fixed, /configMap: \{ name: settings \}/);
    const after = current.doValidation(TextDocument.create(podUri, 'yaml', 2, fixed));
    assert.deepEqual(
      after.filter((d) => d.code === 'reference-not-found').map((d) => /"([^"]+)"/.exec(messageOf(d))?.[1]),
      ['worker', 'app-config', 'app-config', 'cache'],
    );
  });

  it('creates a ConfigMap with the keys every reference to it takes, valid as written', () => {
    const current = service();
    // Two findings say the same of app-config: the first one's, matched by its line.
    const actions = actionsFor(current, 'app-config');
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Create ConfigMap "app-config" in app-config.yaml'],
    );
    const { uri, text } = creation(actions[0]!.edit);
    assert.equal(uri, 'file:///app/app-config.yaml');
    // Keys in the workspace's order of references (by file, then line), once each; a key YAML
    // would read as a number is quoted.
    assert.equal(
      text,
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-config\n  namespace: shop\ndata:\n  MODE: ""\n  LEVEL: ""\n  "2fa": ""\n',
    );
    assert.deepEqual(current.doValidation(TextDocument.create(uri, 'yaml', 1, text)), []);
    // Once the file exists, the keys are all found and the finding is gone.
    current.indexDocument(TextDocument.create(uri, 'yaml', 1, text));
    const again = current.doValidation(TextDocument.create(podUri, 'yaml', 3, podText));
    assert.deepEqual(
      again.filter((d) => /app-config/.test(messageOf(d))),
      [],
    );
  });

  it('creates a claim with an access mode and a storage request, and a ServiceAccount', () => {
    const current = service();
    const claim = creation(actionsFor(current, 'cache')[0]!.edit);
    assert.deepEqual(claim, {
      uri: 'file:///app/cache.yaml',
      text: 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: cache\n  namespace: shop\nspec:\n  accessModes:\n    - ReadWriteOnce\n  resources:\n    requests:\n      storage: 1Gi\n',
    });
    const account = creation(actionsFor(current, 'worker')[0]!.edit);
    assert.deepEqual(account, {
      uri: 'file:///app/worker.yaml',
      text: 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: worker\n  namespace: shop\n',
    });
    assert.deepEqual(
      actionsFor(current, 'worker').map((a) => a.title),
      ['Create ServiceAccount "worker" in worker.yaml'],
    );
    for (const { uri, text } of [claim, account]) {
      assert.deepEqual(current.doValidation(TextDocument.create(uri, 'yaml', 1, text)), [], uri);
    }
  });

  it('never writes over a file: the kind in the name when taken, nothing when both are', () => {
    const current = service();
    onDisk.add('file:///app/cache.yaml');
    assert.deepEqual(
      actionsFor(current, 'cache').map((a) => a.title),
      ['Create PersistentVolumeClaim "cache" in cache-persistentvolumeclaim.yaml'],
    );
    assert.equal(
      creation(actionsFor(current, 'cache')[0]!.edit).uri,
      'file:///app/cache-persistentvolumeclaim.yaml',
    );
    onDisk.add('file:///app/cache-persistentvolumeclaim.yaml');
    assert.deepEqual(actionsFor(current, 'cache'), []);
    // A document open in the editor, not yet saved, is taken too.
    current.indexDocument(TextDocument.create('file:///app/setings.yaml', 'yaml', 1, 'a: 1\n'));
    assert.deepEqual(
      actionsFor(current, 'setings').map((a) => a.title),
      ['Change to "settings"', 'Create ConfigMap "setings" in setings-configmap.yaml'],
    );
  });

  it('creates no file when the host cannot tell which exist, and for a client that cannot create one', () => {
    assert.deepEqual(
      actionsFor(service(false), 'setings').map((a) => a.title),
      ['Change to "settings"'],
    );
    assert.deepEqual(actionsFor(service(false), 'cache'), []);
    const actions = actionsFor(service(), 'setings');
    assert.equal(actions.length, 2);
    const plain = clientFeatures({
      textDocument: {
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
      },
    });
    assert.deepEqual(adaptCodeActions(actions, plain), [actions[0]]);
    const creating = clientFeatures({
      workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } },
    });
    assert.deepEqual(adaptCodeActions(actions, creating), actions);
  });
});
