import * as assert from 'node:assert/strict';
import { applyFix, assertFixed, error, findings, fixTitles } from './ruleTestSupport';
import { edit } from '../../support/fixtureEdit';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app.kubernetes.io/name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      initContainers:
        - name: migrate
          image: example/migrate:1.4
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - name: http
              containerPort: 80
            - name: metrics
              containerPort: 9090
        - name: log-shipper
          image: fluent/fluent-bit:3.0
      volumes:
        - name: cache
          emptyDir: {}
`;

describe('rule: invalid-name', () => {
  it('accepts valid names and labels', () => {
    assert.deepEqual(findings(deployment, 'invalid-name'), []);
  });

  it('reports an object name that is not a DNS-1123 subdomain, with a fix', () => {
    const text = edit(deployment, '  name: web\n  labels', '  name: Web_Server\n  labels');
    assert.deepEqual(findings(text, 'invalid-name'), [
      {
        code: 'invalid-name',
        severity: error,
        line: 'name: Web_Server',
        text: 'Web_Server',
        message:
          "Name \"Web_Server\" is not a valid DNS-1123 subdomain: it must consist of lowercase letters, digits, '-' and '.', and start and end with a letter or digit. Rename it.",
      },
    ]);
    assert.equal(
      applyFix(text, 'invalid-name', 'Rename to "web-server"'),
      edit(deployment, 'name: web\n  labels', 'name: web-server\n  labels'),
    );
  });

  it('reports a container name that is not a DNS-1123 label', () => {
    const text = edit(deployment, '- name: log-shipper', '- name: log.shipper');
    assert.deepEqual(findings(text, 'invalid-name'), [
      {
        code: 'invalid-name',
        severity: error,
        line: '- name: log.shipper',
        text: 'log.shipper',
        message:
          'Container name "log.shipper" is not a valid DNS-1123 label: it must consist of lowercase letters, digits and \'-\', and start and end with a letter or digit. Rename it.',
      },
    ]);
    assert.equal(applyFix(text, 'invalid-name', 'Rename to "log-shipper"'), deployment);
  });

  it('reports a port name that is not an IANA service name', () => {
    const cases: [string, string][] = [
      ['metrics-endpoint1', 'must be at most 15 characters'],
      ['9090', 'must contain at least one letter'],
      ['-metrics', "must not start or end with '-'"],
      ['met--rics', "must not contain '--'"],
      ['Metrics', "must consist of lowercase letters, digits and '-'"],
    ];
    for (const [name, reason] of cases) {
      const text = edit(deployment, 'name: metrics', `name: "${name}"`);
      assert.deepEqual(
        findings(text, 'invalid-name').map((view) => [view.text, view.message]),
        [[`"${name}"`, `Port name "${name}" is not a valid IANA service name: it ${reason}. Rename it.`]],
        name,
      );
    }
  });

  it('reports invalid label keys and values in metadata, the template and the selector', () => {
    const text = edit(
      edit(
        edit(
          deployment,
          'app.kubernetes.io/name: web',
          'app.kubernetes.io/name: web\n    example.com/team/core: x',
        ),
        '      labels:\n        app: web',
        `      labels:\n        app: web\n        tier: "-front"`,
      ),
      'matchLabels:\n      app: web',
      `matchLabels:\n      app: web\n      ${'r'.repeat(64)}: x`,
    );
    assert.deepEqual(
      findings(text, 'invalid-name').map((view) => [view.line, view.text, view.message]),
      [
        [
          'example.com/team/core: x',
          'example.com/team/core',
          'Label key "example.com/team/core" is invalid: it must contain at most one \'/\'. Rename it.',
        ],
        [
          `${'r'.repeat(64)}: x`,
          'r'.repeat(64),
          `Selector label key "${'r'.repeat(64)}" is invalid: its name part must be at most 63 characters. Rename it.`,
        ],
        [
          'tier: "-front"',
          '"-front"',
          "Label value \"-front\" for \"tier\" is invalid: it must consist of letters, digits, '-', '_' and '.', and start and end with a letter or digit. Change it.",
        ],
      ],
    );
  });

  it('checks labels of every kind, and volume names', () => {
    const configMap =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  labels:\n    "bad key": x\n';
    assert.deepEqual(
      findings(configMap, 'invalid-name').map((view) => view.text),
      ['"bad key"'],
    );
    const text = edit(deployment, '- name: cache', '- name: Cache');
    assert.deepEqual(
      findings(text, 'invalid-name').map((view) => view.message),
      [
        'Volume name "Cache" is not a valid DNS-1123 label: it must consist of lowercase letters, digits and \'-\', and start and end with a letter or digit. Rename it (and its mounts).',
      ],
    );
  });

  it('limits CronJob names to 52 characters and Job names to 63', () => {
    const cronJob = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: ${'a'.repeat(53)}
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              image: example/report:2.1
`;
    assert.deepEqual(
      findings(cronJob, 'invalid-name').map((view) => view.message),
      [
        `CronJob name "${'a'.repeat(53)}" is 53 characters; shorten it to at most 52: the CronJob controller appends 11 characters to name its Jobs.`,
      ],
    );
    assert.deepEqual(findings(cronJob.replace('a'.repeat(53), 'a'.repeat(52)), 'invalid-name'), []);
  });

  it('leaves templated names to the tool that fills them in', () => {
    const text = edit(
      edit(deployment, '  name: web\n  labels', '  name: process-item-$ITEM\n  labels'),
      '- name: web',
      '- name: "{{ .Values.name }}"',
    );
    assert.deepEqual(findings(text, 'invalid-name'), []);
  });
});

describe('rule: duplicate-container-name', () => {
  it('accepts distinct names', () => {
    assert.deepEqual(findings(deployment, 'duplicate-container-name'), []);
  });

  it('reports a name repeated across containers and initContainers, and renames the later one', () => {
    const text = edit(deployment, '- name: migrate', '- name: web');
    assert.deepEqual(findings(text, 'duplicate-container-name'), [
      {
        code: 'duplicate-container-name',
        severity: error,
        line: '- name: web',
        text: 'web',
        message: 'Container name "web" is already used by containers[0]; give this container another name.',
      },
    ]);
    // Reported on initContainers[0], which the API server checks after the containers.
    assert.equal(findings(text, 'duplicate-container-name')[0]!.line, '- name: web');
    const fixed = applyFix(text, 'duplicate-container-name', 'Rename to "web-2"');
    assert.equal(fixed, edit(deployment, '- name: migrate', '- name: web-2'));
    assertFixed(fixed, 'duplicate-container-name');
  });

  it('reports a repeated app container, and picks a free suffix', () => {
    const text = edit(
      edit(deployment, '- name: log-shipper', '- name: web'),
      '- name: migrate',
      '- name: web-2',
    );
    assert.deepEqual(fixTitles(text, 'duplicate-container-name'), ['Rename to "web-3"']);
  });

  it('reports ephemeral containers that reuse a name', () => {
    const pod = `apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  containers:
    - name: app
      image: example/app:1.0
  ephemeralContainers:
    - name: app
      image: busybox:1.36
`;
    assert.deepEqual(
      findings(pod, 'duplicate-container-name').map((view) => view.message),
      ['Container name "app" is already used by containers[0]; give this container another name.'],
    );
  });
});

describe('rule: duplicate-port-name', () => {
  it('reports a port name used twice in one container, and renames it', () => {
    const text = edit(deployment, 'name: metrics', 'name: http');
    assert.deepEqual(findings(text, 'duplicate-port-name'), [
      {
        code: 'duplicate-port-name',
        severity: error,
        line: '- name: http',
        text: 'http',
        message: 'Container "web" already has a port named "http" (ports[0]); rename this one.',
      },
    ]);
    assert.equal(
      applyFix(text, 'duplicate-port-name', 'Rename to "http-2"'),
      edit(deployment, 'name: metrics', 'name: http-2'),
    );
  });

  it('keeps the new name within 15 characters', () => {
    const text = edit(
      edit(deployment, 'name: http', 'name: metrics-scrape'),
      'name: metrics\n',
      'name: metrics-scrape\n',
    );
    assert.deepEqual(fixTitles(text, 'duplicate-port-name'), ['Rename to "metrics-scrap-2"']);
  });

  it('allows the same port name in different containers', () => {
    const text = edit(
      deployment,
      'image: fluent/fluent-bit:3.0',
      'image: fluent/fluent-bit:3.0\n          ports:\n            - name: http\n              containerPort: 2020',
    );
    assert.deepEqual(findings(text, 'duplicate-port-name'), []);
  });
});
