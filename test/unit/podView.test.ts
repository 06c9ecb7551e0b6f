import * as assert from 'node:assert/strict';
import { podViewOf, readPodSpec, readPodView } from '../../server/src/kubernetes/podView';
import { ManifestParser } from '../../server/src/yaml/manifestFile';

const pod = `apiVersion: v1
kind: Pod
metadata:
  name: hello
spec:
  terminationGracePeriodSeconds: 5
  initContainers:
    - name: migrate
      image: migrate:1
    - name: proxy
      image: envoy:1.30
      restartPolicy: Always
  containers:
    - name: app
      image: app:2
    - just a string
  ephemeralContainers:
    - name: debug
      image: busybox
  volumes:
    - name: data
      emptyDir: {}
    - 7
    - name: cache
      emptyDir: {}
`;

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;

describe('pod view', () => {
  it('gives each container its role, path and node, and skips items that are not mappings', () => {
    const [document] = new ManifestParser().parse(pod).documents;
    const view = podViewOf(document!)!;
    assert.deepEqual(
      view.containers.map(({ role, path, name, node, nameNode }) => ({
        role,
        path,
        name,
        written: pod.slice(node!.range![0], node!.range![1]).split('\n')[0],
        nameNode: nameNode?.value,
      })),
      [
        { role: 'app', path: ['spec', 'containers', 0], name: 'app', written: 'name: app', nameNode: 'app' },
        {
          role: 'init',
          path: ['spec', 'initContainers', 0],
          name: 'migrate',
          written: 'name: migrate',
          nameNode: 'migrate',
        },
        {
          role: 'sidecar',
          path: ['spec', 'initContainers', 1],
          name: 'proxy',
          written: 'name: proxy',
          nameNode: 'proxy',
        },
        {
          role: 'ephemeral',
          path: ['spec', 'ephemeralContainers', 0],
          name: 'debug',
          written: 'name: debug',
          nameNode: 'debug',
        },
      ],
    );
    assert.deepEqual(
      view.volumes.map(({ index, path, name }) => ({ index, path, name })),
      [
        { index: 0, path: ['spec', 'volumes', 0], name: 'data' },
        { index: 2, path: ['spec', 'volumes', 2], name: 'cache' },
      ],
    );
    assert.equal(view.terminationGracePeriodSeconds, 5);
    assert.equal(view.restartPolicy, 'Always');
  });

  it('applies the API defaults to the pod-level fields it names', () => {
    const view = readPodView('Deployment', { spec: { template: { spec: { containers: [] } } } })!;
    assert.deepEqual(view.path, ['spec', 'template', 'spec']);
    assert.equal(view.terminationGracePeriodSeconds, 30);
    assert.equal(view.restartPolicy, 'Always');
  });

  it('reads plain data without nodes, and nothing where there is no pod', () => {
    const view = readPodSpec('Pod', ['spec'], { containers: [{ name: 'app' }] })!;
    assert.equal(view.containers[0]?.node, undefined);
    assert.equal(view.containers[0]?.nameNode, undefined);
    assert.equal(readPodSpec('Pod', ['spec'], ['not', 'a', 'mapping']), undefined);
    assert.equal(readPodView('ConfigMap', { data: {} }), undefined);
  });

  it('is read once per parse: the same view for the placed document, its relative copy and an unchanged segment of the next version', () => {
    const parser = new ManifestParser();
    const first = parser.parse(`${pod}---\n${deployment}`);
    const view = podViewOf(first.documents[1]!);
    assert.ok(view);
    assert.equal(podViewOf(first.documents[1]!.relative()), view);
    // An edit in the first document: the second one's segment is reused, and its view with it.
    const second = parser.parse(`${pod.replace('name: hello', 'name: hi')}---\n${deployment}`);
    assert.equal(podViewOf(second.documents[1]!), view);
    assert.equal(second.documents[1]!.toJS(), first.documents[1]!.toJS());
    // An edit in the second document: a new parse, a new view.
    const third = parser.parse(`${pod}---\n${deployment.replace('nginx:1.27', 'nginx:1.28')}`);
    const edited = podViewOf(third.documents[1]!);
    assert.notEqual(edited, view);
    assert.equal(edited?.containers[0]?.data.image, 'nginx:1.28');
  });
});
