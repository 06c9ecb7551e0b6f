import * as assert from 'node:assert/strict';
import { applyFix, assertFixed, error, findings, fixTitles, information, warning } from './ruleTestSupport';
import { edit } from '../../support/fixtureEdit';

const statefulSet = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  selector:
    matchLabels: { app: db }
  template:
    metadata:
      labels: { app: db }
    spec:
      containers:
        - name: postgres
          image: postgres:16.4
          ports:
            - containerPort: 5432
          resources:
            requests:
              cpu: 500m
              memory: 1Gi
            limits:
              memory: 1Gi
          volumeMounts:
            - name: data
              mountPath: /var/lib/postgresql/data
            - name: config
              mountPath: /etc/postgresql
      volumes:
        - name: config
          configMap:
            name: db-config
  volumeClaimTemplates:
    - metadata:
        name: data
      spec:
        accessModes: [ReadWriteOnce]
        resources:
          requests:
            storage: 10Gi
`;

describe('rule: unknown-volume', () => {
  it('accepts mounts of volumes and of volume claim templates', () => {
    assert.deepEqual(findings(statefulSet, 'unknown-volume'), []);
  });

  it('reports a mount of an undefined volume, and suggests the closest name', () => {
    const text = edit(statefulSet, '            - name: config\n', '            - name: confg\n');
    assert.deepEqual(findings(text, 'unknown-volume'), [
      {
        code: 'unknown-volume',
        severity: error,
        line: '- name: confg',
        text: 'confg',
        message:
          'Container "postgres" mounts volume "confg", which the pod does not define; did you mean "config"?',
      },
    ]);
    assert.equal(applyFix(text, 'unknown-volume', 'Change to "config"'), statefulSet);
  });

  it('reports volume devices too, and names the fix when nothing is close', () => {
    const text = edit(
      statefulSet,
      '              mountPath: /etc/postgresql\n',
      '              mountPath: /etc/postgresql\n          volumeDevices:\n            - name: raw-block\n              devicePath: /dev/xvda\n',
    );
    assert.deepEqual(
      findings(text, 'unknown-volume').map((view) => view.message),
      [
        'Container "postgres" uses the device of volume "raw-block", which the pod does not define; add it to volumes.',
      ],
    );
    assert.deepEqual(fixTitles(text, 'unknown-volume'), []);
  });

  it('does not count claim templates outside a StatefulSet', () => {
    const pod = `apiVersion: v1
kind: Pod
metadata:
  name: db
spec:
  containers:
    - name: postgres
      image: postgres:16.4
      volumeMounts:
        - { name: data, mountPath: /data }
`;
    assert.deepEqual(
      findings(pod, 'unknown-volume').map((view) => view.text),
      ['data'],
    );
  });
});

describe('rule: duplicate-volume-name', () => {
  it('reports a volume name used twice, and renames the later one', () => {
    const text = edit(
      statefulSet,
      '            name: db-config\n',
      '            name: db-config\n        - name: config\n          secret:\n            secretName: db-tls\n',
    );
    assert.deepEqual(findings(text, 'duplicate-volume-name'), [
      {
        code: 'duplicate-volume-name',
        severity: error,
        line: '- name: config',
        text: 'config',
        message: 'Volume name "config" is already used by volumes[0]; rename this volume.',
      },
    ]);
    const fixed = applyFix(text, 'duplicate-volume-name', 'Rename to "config-2"');
    assert.equal(
      fixed,
      edit(text, '        - name: config\n          secret', '        - name: config-2\n          secret'),
    );
    assertFixed(fixed, 'duplicate-volume-name');
  });
});

describe('rule: unused-volume', () => {
  it('reports a volume no container mounts', () => {
    const text = edit(
      statefulSet,
      '            name: db-config\n',
      '            name: db-config\n        - name: scratch\n          emptyDir: {}\n',
    );
    assert.deepEqual(findings(text, 'unused-volume'), [
      {
        code: 'unused-volume',
        severity: information,
        line: '- name: scratch',
        text: 'scratch',
        message: 'Volume "scratch" is not mounted by any container; mount it or remove it.',
      },
    ]);
    assert.deepEqual(findings(statefulSet, 'unused-volume'), []);
  });
});

describe('rule: requests-exceed-limits', () => {
  it('compares quantities exactly, across units', () => {
    assert.deepEqual(findings(statefulSet, 'requests-exceed-limits'), []);
    const equal = edit(
      statefulSet,
      '              memory: 1Gi\n            limits:\n              memory: 1Gi',
      '              memory: 1024Mi\n            limits:\n              memory: 1Gi',
    );
    assert.deepEqual(findings(equal, 'requests-exceed-limits'), []);
  });

  it('reports a request above its limit, and lowers it to the limit', () => {
    const text = edit(
      statefulSet,
      '            limits:\n              memory: 1Gi',
      '            limits:\n              cpu: 250m\n              memory: 1000Mi',
    );
    assert.deepEqual(findings(text, 'requests-exceed-limits'), [
      {
        code: 'requests-exceed-limits',
        severity: error,
        line: 'cpu: 500m',
        text: '500m',
        message:
          'Container "postgres": the cpu request (500m) is more than its limit (250m); lower the request or raise the limit.',
      },
      {
        code: 'requests-exceed-limits',
        severity: error,
        line: 'memory: 1Gi',
        text: '1Gi',
        message:
          'Container "postgres": the memory request (1Gi) is more than its limit (1000Mi); lower the request or raise the limit.',
      },
    ]);
    assert.equal(
      applyFix(text, 'requests-exceed-limits', 'Set the request to the limit (250m)'),
      edit(text, '              cpu: 500m', '              cpu: 250m'),
    );
    assert.equal(
      applyFix(text, 'requests-exceed-limits', 'Set the request to the limit (1000Mi)', 1),
      edit(
        text,
        '              memory: 1Gi\n            limits',
        '              memory: 1000Mi\n            limits',
      ),
    );
  });

  it('requires requests equal to limits for resources that cannot be overcommitted', () => {
    const text = edit(
      edit(
        statefulSet,
        '              memory: 1Gi\n            limits:',
        '              memory: 1Gi\n              nvidia.com/gpu: 1\n              hugepages-2Mi: 64Mi\n            limits:',
      ),
      '            limits:\n              memory: 1Gi',
      '            limits:\n              memory: 1Gi\n              nvidia.com/gpu: 2',
    );
    assert.deepEqual(
      findings(text, 'requests-exceed-limits').map((view) => [view.text, view.message]),
      [
        [
          '1',
          'Container "postgres": nvidia.com/gpu cannot be overcommitted, so its request (1) must equal its limit (2).',
        ],
        [
          '64Mi',
          'Container "postgres": hugepages-2Mi cannot be overcommitted, so its request needs an equal limit; add limits.hugepages-2Mi.',
        ],
      ],
    );
  });
});

describe('rule: missing-resources', () => {
  const pod = `apiVersion: v1
kind: Pod
metadata:
  name: worker
spec:
  containers:
    - name: worker
      image: example/worker:5.1
      args: [--queue, jobs]
`;

  it('accepts requests and a memory limit, or limits alone, or pod-level resources', () => {
    assert.deepEqual(findings(statefulSet, 'missing-resources'), []);
    const limitsOnly = edit(
      pod,
      '      args:',
      '      resources:\n        limits: { cpu: "1", memory: 256Mi }\n      args:',
    );
    assert.deepEqual(findings(limitsOnly, 'missing-resources'), []);
    const podLevel = edit(
      pod,
      'spec:\n',
      'spec:\n  resources:\n    requests: { cpu: "1", memory: 1Gi }\n    limits: { memory: 1Gi }\n',
    );
    assert.deepEqual(findings(podLevel, 'missing-resources'), []);
  });

  it('reports a container without resources, and inserts a skeleton after the image', () => {
    assert.deepEqual(findings(pod, 'missing-resources'), [
      {
        code: 'missing-resources',
        severity: warning,
        line: '- name: worker',
        text: 'worker',
        message:
          'Container "worker" has no cpu request, memory request or memory limit; set them in resources.',
      },
    ]);
    const fixed = applyFix(pod, 'missing-resources', 'Add resource requests and limits');
    assert.equal(
      fixed,
      edit(
        pod,
        '      image: example/worker:5.1\n',
        '      image: example/worker:5.1\n      resources:\n        requests:\n          cpu: 100m\n          memory: 128Mi\n        limits:\n          cpu: 500m\n          memory: 128Mi\n',
      ),
    );
    assertFixed(fixed, 'missing-resources');
  });

  it('names what is missing, and adds only that', () => {
    const text = edit(
      pod,
      '      args:',
      '      resources:\n        requests:\n          cpu: 250m\n      args:',
    );
    assert.deepEqual(findings(text, 'missing-resources'), [
      {
        code: 'missing-resources',
        severity: warning,
        line: 'resources:',
        text: 'resources',
        message: 'Container "worker" has no memory request or memory limit; set them in resources.',
      },
    ]);
    const fixed = applyFix(text, 'missing-resources', 'Add memory request and memory limit');
    assert.equal(
      fixed,
      edit(
        pod,
        '      args:',
        '      resources:\n        requests:\n          cpu: 250m\n          memory: 128Mi\n        limits:\n          memory: 128Mi\n      args:',
      ),
    );
    assertFixed(fixed, 'missing-resources');
  });

  it('checks init containers, not ephemeral ones', () => {
    const text = edit(
      statefulSet,
      '      containers:',
      '      initContainers:\n        - name: init\n          image: busybox:1.36\n      containers:',
    );
    assert.deepEqual(
      findings(text, 'missing-resources').map((view) => view.text),
      ['init'],
    );
  });
});

describe('rule: port-conflict', () => {
  const pod = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  initContainers:
    - name: setup
      image: example/setup:1.0
      ports:
        - containerPort: 8080
    - name: proxy
      image: envoyproxy/envoy:v1.31.0
      restartPolicy: Always
      ports:
        - containerPort: 9901
  containers:
    - name: web
      image: example/web:1.0
      ports:
        - containerPort: 8080
        - containerPort: 53
          protocol: UDP
    - name: dns
      image: example/dns:1.0
      ports:
        - containerPort: 53
`;

  it('accepts distinct ports, another protocol, and a regular init container that has finished', () => {
    assert.deepEqual(findings(pod, 'port-conflict'), []);
  });

  it('reports a containerPort that a sidecar also declares', () => {
    const text = edit(pod, '- containerPort: 9901', '- containerPort: 8080');
    assert.deepEqual(findings(text, 'port-conflict'), [
      {
        code: 'port-conflict',
        severity: warning,
        line: '- containerPort: 8080',
        text: '8080',
        message:
          'Container "web" declares port 8080/TCP, as Sidecar container "proxy" does; containers of a pod share one network namespace, so only one can bind it. Use another port.',
      },
    ]);
  });

  it('reports a port declared twice in one container', () => {
    const text = edit(
      pod,
      '        - containerPort: 53\n          protocol: UDP\n',
      '        - containerPort: 8080\n          protocol: TCP\n',
    );
    assert.deepEqual(
      findings(text, 'port-conflict').map((view) => view.message),
      ['Container "web" declares port 8080/TCP twice (ports[0] and ports[1]); remove one.'],
    );
  });

  it('reports host port clashes, as errors between app containers', () => {
    const text = edit(
      edit(
        edit(pod, '- containerPort: 9901', '- containerPort: 9901\n          hostPort: 80'),
        '        - containerPort: 8080\n        - containerPort: 53',
        '        - containerPort: 8080\n          hostPort: 80\n        - containerPort: 53',
      ),
      '      ports:\n        - containerPort: 53\n',
      '      ports:\n        - containerPort: 53\n          hostPort: 80\n          protocol: TCP\n',
    );
    assert.deepEqual(
      findings(text, 'port-conflict').map((view) => [view.severity, view.line, view.message]),
      [
        [
          warning,
          'hostPort: 80',
          'Container "web" declares host port 80/TCP, as Sidecar container "proxy" does; a node port can be bound only once. Use another port.',
        ],
        [
          error,
          'hostPort: 80',
          'Container "dns" declares host port 80/TCP, as Container "web" does; a node port can be bound only once. Use another port.',
        ],
      ],
    );
  });
});
