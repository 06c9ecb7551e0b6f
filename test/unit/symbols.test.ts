import * as assert from 'node:assert/strict';
import type { DocumentSymbol } from 'vscode-languageserver-types';
import { testService, textAt, yamlDocument } from '../support/service';

function outline(text: string): unknown[] {
  const view = (symbol: DocumentSymbol): unknown => ({
    name: symbol.name,
    detail: symbol.detail,
    selection: textAt(text, symbol.selectionRange),
    ...(symbol.children?.length ? { children: symbol.children.map(view) } : {}),
  });
  return testService().findDocumentSymbols(yamlDocument(text)).map(view);
}

describe('document symbols', () => {
  it('lists each document with its init containers, sidecars and containers', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
  name: hello
spec:
  initContainers:
    - name: migrate
      image: migrate:1
    - name: proxy
      image: envoy:1.30
      restartPolicy: Always
  containers:
    - name: app
      image: app:2
---
# a comment-only document is not listed
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx:1.27
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
---
services:
  not: kubernetes
`;
    assert.deepEqual(outline(text), [
      {
        name: 'Pod hello',
        detail: 'v1',
        selection: 'hello',
        children: [
          { name: 'migrate', detail: 'init container · migrate:1', selection: 'migrate' },
          { name: 'proxy', detail: 'sidecar · envoy:1.30', selection: 'proxy' },
          { name: 'app', detail: 'container · app:2', selection: 'app' },
        ],
      },
      {
        name: 'Deployment web',
        detail: 'apps/v1',
        selection: 'web',
        children: [{ name: 'web', detail: 'container · nginx:1.27', selection: 'web' }],
      },
      { name: 'ConfigMap settings', detail: 'v1', selection: 'settings' },
    ]);
  });

  it('names a document by its kind when it has no name yet', () => {
    assert.deepEqual(outline('apiVersion: batch/v1\nkind: Job\n'), [
      { name: 'Job', detail: 'batch/v1', selection: 'Job' },
    ]);
  });
});
