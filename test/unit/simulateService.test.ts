import * as assert from 'node:assert/strict';
import { testService, textAt, yamlDocument } from '../support/service';

const file = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      initContainers:
        - name: migrate
          image: migrate:1
      containers:
        - name: web
          image: nginx:1.27
---
apiVersion: batch/v1
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
              image: busybox:1.37
`;

describe('simulation in the language service', () => {
  it('offers a "▶ Simulate" lens above every document with a pod, and none elsewhere', () => {
    const document = yamlDocument(file);
    const lenses = testService().findCodeLenses(document);
    const lines = file.split('\n');
    assert.deepEqual(
      lenses.map((lens) => [lens.command?.title, lines[lens.range.start.line], lens.command?.arguments]),
      [
        ['▶ Simulate', 'apiVersion: apps/v1', [document.uri, 1]],
        ['▶ Simulate', 'apiVersion: batch/v1', [document.uri, 2]],
      ],
    );
  });

  it('simulates the pod template of the document at the cursor, and says where its containers are', () => {
    const document = yamlDocument(file);
    const response = testService().doSimulate(
      document,
      { position: { line: 20, character: 10 } },
      { duration: 60 },
    );
    assert.ok(response.ok);
    assert.deepEqual(
      { index: response.document.index, kind: response.document.kind, name: response.document.name },
      { index: 1, kind: 'Deployment', name: 'web' },
    );
    assert.deepEqual(
      Object.fromEntries(
        Object.entries(response.document.containers).map(([name, range]) => [name, textAt(file, range)]),
      ),
      { migrate: 'migrate', web: 'web' },
    );
    assert.deepEqual(
      response.result.pod.containers.map((container) => `${container.name}:${container.type}`),
      ['migrate:init', 'web:app'],
    );
    assert.equal(response.result.final.status, 'Running');
  });

  it('follows a document by its index, and uses the scenario', () => {
    const response = testService().doSimulate(yamlDocument(file), { documentIndex: 2 }, { duration: 120 });
    assert.ok(response.ok);
    assert.equal(response.result.pod.kind, 'CronJob');
    assert.equal(response.result.final.status, 'Completed');
  });

  it('explains why a document cannot be simulated', () => {
    assert.deepEqual(testService().doSimulate(yamlDocument(file), { documentIndex: 0 }, {}), {
      ok: false,
      error:
        'ConfigMap has no pod to simulate: open a Pod, or a Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob or ReplicationController.',
    });
    assert.deepEqual(testService().doSimulate(yamlDocument('services: {}\n'), { documentIndex: 0 }, {}), {
      ok: false,
      error: 'This document is not a Kubernetes manifest (it needs apiVersion and kind).',
    });
    assert.deepEqual(testService().doSimulate(yamlDocument(file), { documentIndex: 9 }, {}), {
      ok: false,
      error: 'There is no YAML document here.',
    });
  });
});
