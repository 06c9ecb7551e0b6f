import * as assert from 'node:assert/strict';
import {
  applyFix,
  assertFixed,
  error,
  findings,
  fixTitles,
  hint,
  information,
  warning,
} from './ruleTestSupport';
import { edit } from '../../support/fixtureEdit';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: { app: api }
  template:
    metadata:
      labels: { app: api }
    spec:
      containers:
        - name: api
          image: example/api:2.3.1
          ports:
            - name: http
              containerPort: 8080
          readinessProbe:
            httpGet:
              path: /ready
              port: http
            periodSeconds: 5
          livenessProbe:
            httpGet:
              path: /healthz
              port: http
            failureThreshold: 3
`;

describe('rule: probe-handler-count', () => {
  it('accepts probes and hooks with one handler', () => {
    const text = edit(
      deployment,
      '          livenessProbe:',
      '          lifecycle:\n            preStop:\n              sleep: { seconds: 5 }\n          livenessProbe:',
    );
    assert.deepEqual(findings(text, 'probe-handler-count'), []);
  });

  it('reports a probe without a handler', () => {
    const text = edit(
      deployment,
      '            httpGet:\n              path: /ready\n              port: http\n',
      '',
    );
    assert.deepEqual(findings(text, 'probe-handler-count'), [
      {
        code: 'probe-handler-count',
        severity: error,
        line: 'readinessProbe:',
        text: 'readinessProbe',
        message: 'Container "api": readinessProbe has no handler; add one of exec, httpGet, tcpSocket, grpc.',
      },
    ]);
  });

  it('reports a probe with two handlers, with a fix to keep each one', () => {
    const text = edit(
      deployment,
      '            failureThreshold: 3',
      '            tcpSocket:\n              port: 8080\n            failureThreshold: 3',
    );
    assert.deepEqual(findings(text, 'probe-handler-count'), [
      {
        code: 'probe-handler-count',
        severity: error,
        line: 'tcpSocket:',
        text: 'tcpSocket',
        message: 'Container "api": livenessProbe has 2 handlers (httpGet, tcpSocket); keep exactly one.',
      },
    ]);
    assert.deepEqual(fixTitles(text, 'probe-handler-count'), [
      'Keep only the httpGet handler',
      'Keep only the tcpSocket handler',
    ]);
    assert.equal(applyFix(text, 'probe-handler-count', 'Keep only the httpGet handler'), deployment);
    assert.equal(
      applyFix(text, 'probe-handler-count', 'Keep only the tcpSocket handler'),
      edit(
        deployment,
        '            httpGet:\n              path: /healthz\n              port: http\n            failureThreshold: 3',
        '            tcpSocket:\n              port: 8080\n            failureThreshold: 3',
      ),
    );
  });

  it('checks lifecycle hooks, where sleep is a handler too', () => {
    const text = edit(
      deployment,
      '          livenessProbe:',
      '          lifecycle:\n            preStop:\n              sleep: { seconds: 5 }\n              exec: { command: [nginx, -s, quit] }\n            postStart: {}\n          livenessProbe:',
    );
    assert.deepEqual(
      findings(text, 'probe-handler-count').map((view) => [view.text, view.message]),
      [
        ['exec', 'Container "api": the preStop hook has 2 handlers (sleep, exec); keep exactly one.'],
        [
          'postStart',
          'Container "api": the postStart hook has no handler; add one of exec, httpGet, tcpSocket, sleep.',
        ],
      ],
    );
  });
});

describe('rule: probe-success-threshold', () => {
  it('allows any successThreshold on a readiness probe', () => {
    const text = edit(
      deployment,
      '            periodSeconds: 5',
      '            periodSeconds: 5\n            successThreshold: 3',
    );
    assert.deepEqual(findings(text, 'probe-success-threshold'), []);
  });

  it('reports a liveness successThreshold other than 1, and sets it to 1', () => {
    const text = edit(
      deployment,
      '            failureThreshold: 3',
      '            failureThreshold: 3\n            successThreshold: 2',
    );
    assert.deepEqual(findings(text, 'probe-success-threshold'), [
      {
        code: 'probe-success-threshold',
        severity: error,
        line: 'successThreshold: 2',
        text: '2',
        message: 'Container "api": successThreshold of a livenessProbe must be 1, not 2; set it to 1.',
      },
    ]);
    const fixed = applyFix(text, 'probe-success-threshold', 'Set successThreshold to 1');
    assert.equal(fixed, edit(text, 'successThreshold: 2', 'successThreshold: 1'));
    assertFixed(fixed, 'probe-success-threshold');
  });

  it('reports a startup probe too', () => {
    const text = edit(
      deployment,
      '          livenessProbe:',
      '          startupProbe:\n            tcpSocket: { port: http }\n            successThreshold: 5\n          livenessProbe:',
    );
    assert.deepEqual(
      findings(text, 'probe-success-threshold').map((view) => view.message),
      ['Container "api": successThreshold of a startupProbe must be 1, not 5; set it to 1.'],
    );
  });
});

describe('rule: probe-port-undeclared', () => {
  it('accepts named ports the container declares', () => {
    assert.deepEqual(findings(deployment, 'probe-port-undeclared'), []);
  });

  it('reports a named port the container does not declare, as an error', () => {
    const text = edit(
      deployment,
      '              path: /healthz\n              port: http',
      '              path: /healthz\n              port: admin',
    );
    assert.deepEqual(findings(text, 'probe-port-undeclared'), [
      {
        code: 'probe-port-undeclared',
        severity: error,
        line: 'port: admin',
        text: 'admin',
        message:
          'Container "api": the livenessProbe uses port "admin", which the container does not declare; add a port named "admin" or use the port number.',
      },
    ]);
  });

  it('notes a numeric port the container does not declare, as information', () => {
    const text = edit(
      deployment,
      '              path: /healthz\n              port: http',
      '              path: /healthz\n              port: 9000',
    );
    assert.deepEqual(findings(text, 'probe-port-undeclared'), [
      {
        code: 'probe-port-undeclared',
        severity: information,
        line: 'port: 9000',
        text: '9000',
        message:
          'Container "api": the livenessProbe checks port 9000, which the container does not declare in ports; declare it to document it.',
      },
    ]);
    assert.deepEqual(findings(edit(text, 'port: 9000', 'port: 8080'), 'probe-port-undeclared'), []);
  });

  it('reports a port number written as a string, and unquotes it', () => {
    const text = edit(
      deployment,
      '              path: /healthz\n              port: http',
      '              path: /healthz\n              port: "8080"',
    );
    assert.deepEqual(
      findings(text, 'probe-port-undeclared').map((view) => [view.severity, view.text, view.message]),
      [
        [
          error,
          '"8080"',
          'Container "api": the livenessProbe port "8080" is a string, which Kubernetes reads as a port name; write it as a number: 8080.',
        ],
      ],
    );
    assert.equal(
      applyFix(text, 'probe-port-undeclared', 'Change to 8080'),
      edit(text, 'port: "8080"', 'port: 8080'),
    );
  });

  it('checks tcpSocket probes and lifecycle hooks', () => {
    const text = edit(
      deployment,
      '          livenessProbe:',
      '          lifecycle:\n            postStart:\n              tcpSocket: { port: grpc }\n          livenessProbe:',
    );
    assert.deepEqual(
      findings(text, 'probe-port-undeclared').map((view) => view.message),
      [
        'Container "api": the postStart hook uses port "grpc", which the container does not declare; add a port named "grpc" or use the port number.',
      ],
    );
  });
});

describe('rule: probe-timeout-exceeds-period', () => {
  it('accepts a timeout shorter than the period', () => {
    const text = edit(
      deployment,
      '            periodSeconds: 5',
      '            periodSeconds: 5\n            timeoutSeconds: 4',
    );
    assert.deepEqual(findings(text, 'probe-timeout-exceeds-period'), []);
  });

  it('reports a timeout equal to the period', () => {
    const text = edit(
      deployment,
      '            periodSeconds: 5',
      '            periodSeconds: 5\n            timeoutSeconds: 5',
    );
    assert.deepEqual(findings(text, 'probe-timeout-exceeds-period'), [
      {
        code: 'probe-timeout-exceeds-period',
        severity: warning,
        line: 'timeoutSeconds: 5',
        text: '5',
        message:
          'Container "api": the readinessProbe timeoutSeconds (5) is not less than its periodSeconds (5); make the timeout shorter than the period.',
      },
    ]);
  });

  it('uses the defaults (timeout 1, period 10) for what is not set', () => {
    const text = edit(
      deployment,
      '            failureThreshold: 3',
      '            failureThreshold: 3\n            timeoutSeconds: 15',
    );
    assert.deepEqual(
      findings(text, 'probe-timeout-exceeds-period').map((view) => [view.text, view.message]),
      [
        [
          '15',
          'Container "api": the livenessProbe timeoutSeconds (15) is not less than its periodSeconds (10); make the timeout shorter than the period.',
        ],
      ],
    );
    const shortPeriod = edit(deployment, '            periodSeconds: 5', '            periodSeconds: 1');
    assert.deepEqual(
      findings(shortPeriod, 'probe-timeout-exceeds-period').map((view) => [view.line, view.text]),
      [['periodSeconds: 1', '1']],
    );
  });
});

describe('rule: identical-liveness-readiness', () => {
  it('accepts different probes', () => {
    assert.deepEqual(findings(deployment, 'identical-liveness-readiness'), []);
  });

  it('reports identical probes, however they are written', () => {
    const text = edit(
      deployment,
      '          livenessProbe:\n            httpGet:\n              path: /healthz\n              port: http\n            failureThreshold: 3\n',
      '          livenessProbe: { periodSeconds: 5, httpGet: { port: http, path: /ready } }\n',
    );
    assert.deepEqual(findings(text, 'identical-liveness-readiness'), [
      {
        code: 'identical-liveness-readiness',
        severity: warning,
        line: 'livenessProbe: { periodSeconds: 5, httpGet: { port: http, path: /ready } }',
        text: 'livenessProbe',
        message:
          'Container "api": the liveness probe is identical to the readiness probe, so a failing dependency restarts the container; make the liveness probe check only that the process is alive, or give it a higher failureThreshold.',
      },
    ]);
  });
});

describe('rule: slow-start-without-startup-probe', () => {
  const slow = edit(
    deployment,
    '            failureThreshold: 3',
    '            initialDelaySeconds: 120\n            failureThreshold: 3',
  );

  it('accepts a short initial delay, or a startup probe', () => {
    assert.deepEqual(
      findings(
        edit(slow, 'initialDelaySeconds: 120', 'initialDelaySeconds: 30'),
        'slow-start-without-startup-probe',
      ),
      [],
    );
    const withStartup = edit(
      slow,
      '          livenessProbe:',
      '          startupProbe:\n            httpGet: { path: /healthz, port: http }\n          livenessProbe:',
    );
    assert.deepEqual(findings(withStartup, 'slow-start-without-startup-probe'), []);
  });

  it('reports a long initial delay, and adds a startup probe sized to the time the liveness probe allowed', () => {
    assert.deepEqual(findings(slow, 'slow-start-without-startup-probe'), [
      {
        code: 'slow-start-without-startup-probe',
        severity: warning,
        line: 'initialDelaySeconds: 120',
        text: '120',
        message:
          'Container "api": the liveness probe waits 120s on every start; add a startupProbe (periodSeconds: 10, failureThreshold: 15, allowing 150s) and drop the initial delay.',
      },
    ]);
    const title = 'Add a startupProbe (up to 150s) and remove the liveness initialDelaySeconds';
    const fixed = applyFix(slow, 'slow-start-without-startup-probe', title);
    assert.equal(
      fixed,
      edit(
        deployment,
        '          livenessProbe:',
        `          startupProbe:
            httpGet:
              path: /healthz
              port: http
            periodSeconds: 10
            failureThreshold: 15
          livenessProbe:`,
      ),
    );
    assertFixed(fixed, 'slow-start-without-startup-probe');
    assert.deepEqual(findings(fixed, 'probe-handler-count'), []);
  });

  it('keeps CRLF line breaks and a four-space indentation', () => {
    const text = `apiVersion: v1
kind: Pod
metadata:
    name: batch-api
spec:
    containers:
        -   name: api
            image: example/api:2.3.1
            livenessProbe:
                exec:
                    command: [cat, /tmp/alive]
                periodSeconds: 20
                initialDelaySeconds: 300
`.replace(/\n/g, '\r\n');
    const fixed = applyFix(
      text,
      'slow-start-without-startup-probe',
      'Add a startupProbe (up to 360s) and remove the liveness initialDelaySeconds',
    );
    assert.equal(
      fixed,
      `apiVersion: v1
kind: Pod
metadata:
    name: batch-api
spec:
    containers:
        -   name: api
            image: example/api:2.3.1
            startupProbe:
                exec:
                    command: [cat, /tmp/alive]
                periodSeconds: 10
                failureThreshold: 36
            livenessProbe:
                exec:
                    command: [cat, /tmp/alive]
                periodSeconds: 20
`.replace(/\n/g, '\r\n'),
    );
  });

  it('offers no fix for a probe in flow style', () => {
    const text = edit(
      deployment,
      '          livenessProbe:\n            httpGet:\n              path: /healthz\n              port: http\n            failureThreshold: 3\n',
      '          livenessProbe: { httpGet: { path: /healthz, port: http }, initialDelaySeconds: 90 }\n',
    );
    assert.equal(findings(text, 'slow-start-without-startup-probe').length, 1);
    assert.deepEqual(fixTitles(text, 'slow-start-without-startup-probe'), []);
  });
});

describe('rules: missing-readiness-probe and missing-liveness-probe', () => {
  it('accept app containers with both probes', () => {
    assert.deepEqual(findings(deployment, 'missing-readiness-probe'), []);
    assert.deepEqual(findings(deployment, 'missing-liveness-probe'), []);
  });

  it('report app containers without them, as information and a hint', () => {
    const text = deployment.replace(/ {10}readinessProbe:[\s\S]*$/, '');
    assert.deepEqual(findings(text, 'missing-readiness-probe'), [
      {
        code: 'missing-readiness-probe',
        severity: information,
        line: '- name: api',
        text: 'api',
        message:
          'Container "api" has no readinessProbe: it gets traffic as soon as it starts, ready or not; add a readinessProbe.',
      },
    ]);
    assert.deepEqual(findings(text, 'missing-liveness-probe'), [
      {
        code: 'missing-liveness-probe',
        severity: hint,
        line: '- name: api',
        text: 'api',
        message:
          'Container "api" has no livenessProbe: if it hangs, nothing restarts it; add a livenessProbe.',
      },
    ]);
  });

  it('skip Jobs, CronJobs, init containers and sidecars', () => {
    const job = `apiVersion: batch/v1
kind: Job
metadata:
  name: report
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: report
          image: example/report:1.0
`;
    assert.deepEqual(findings(job, 'missing-readiness-probe'), []);
    assert.deepEqual(findings(job, 'missing-liveness-probe'), []);
    const withInit = edit(
      deployment,
      '      containers:',
      '      initContainers:\n        - name: migrate\n          image: example/migrate:1.0\n        - name: proxy\n          image: example/proxy:1.0\n          restartPolicy: Always\n      containers:',
    );
    assert.deepEqual(findings(withInit, 'missing-readiness-probe'), []);
    assert.deepEqual(findings(withInit, 'missing-liveness-probe'), []);
  });
});
