import * as assert from 'node:assert/strict';
import { commandSleepSeconds } from '../../../server/src/rules/prestopExceedsGrace';
import { looksLikeSecretName } from '../../../server/src/rules/envSecretLiteral';
import { applyFix, assertFixed, error, findings, fixTitles, information, warning } from './ruleTestSupport';
import { edit } from '../../support/fixtureEdit';

const pod = `apiVersion: v1
kind: Pod
metadata:
  name: shop
spec:
  initContainers:
    - name: migrate
      image: example/migrate:1.4
      command: [migrate, up]
    - name: proxy
      image: envoyproxy/envoy:v1.31.0
      restartPolicy: Always
      readinessProbe:
        tcpSocket: { port: 9901 }
  containers:
    - name: shop
      image: example/shop:3.2.0
      env:
        - name: LOG_LEVEL
          value: info
        - name: DB_HOST
          value: postgres
`;

describe('rule: init-container-fields', () => {
  it('allows probes and hooks on a sidecar', () => {
    assert.deepEqual(findings(pod, 'init-container-fields'), []);
  });

  it('reports probes and hooks on a regular init container, and removes them', () => {
    const text = edit(
      pod,
      '      command: [migrate, up]\n',
      '      command: [migrate, up]\n      livenessProbe:\n        exec:\n          command: [pgrep, migrate]\n        periodSeconds: 5\n      lifecycle:\n        postStart: { exec: { command: [echo, hi] } }\n',
    );
    assert.deepEqual(findings(text, 'init-container-fields'), [
      {
        code: 'init-container-fields',
        severity: error,
        line: 'livenessProbe:',
        text: 'livenessProbe',
        message:
          'Init container "migrate" runs to completion before the app starts, so it cannot have livenessProbe; remove it, or set restartPolicy: Always to make it a sidecar.',
      },
      {
        code: 'init-container-fields',
        severity: error,
        line: 'lifecycle:',
        text: 'lifecycle',
        message:
          'Init container "migrate" runs to completion before the app starts, so it cannot have lifecycle; remove it, or set restartPolicy: Always to make it a sidecar.',
      },
    ]);
    const withoutProbe = applyFix(text, 'init-container-fields', 'Remove livenessProbe');
    assert.equal(
      withoutProbe,
      edit(
        pod,
        '      command: [migrate, up]\n',
        '      command: [migrate, up]\n      lifecycle:\n        postStart: { exec: { command: [echo, hi] } }\n',
      ),
    );
    assert.equal(applyFix(withoutProbe, 'init-container-fields', 'Remove lifecycle'), pod);
  });

  it('removes a field that is the first key of the list item', () => {
    const text = edit(
      pod,
      '    - name: migrate\n',
      '    - startupProbe:\n        exec: { command: [true] }\n      name: migrate\n',
    );
    assert.equal(applyFix(text, 'init-container-fields', 'Remove startupProbe'), pod);
  });
});

describe('rule: ephemeral-container-fields', () => {
  const debug = `apiVersion: v1
kind: Pod
metadata:
  name: shop
spec:
  containers:
    - name: shop
      image: example/shop:3.2.0
  ephemeralContainers:
    - name: debugger
      image: busybox:1.36
      targetContainerName: shop
`;

  it('notes that ephemeral containers are added to running pods', () => {
    assert.deepEqual(findings(debug, 'ephemeral-container-fields'), [
      {
        code: 'ephemeral-container-fields',
        severity: information,
        line: 'ephemeralContainers:',
        text: 'ephemeralContainers',
        message:
          'ephemeralContainers cannot be set when a pod is created, only added to a running pod; use kubectl debug to add one.',
      },
    ]);
  });

  it('reports ports, probes, resources and subPath mounts, and removes them', () => {
    const text = edit(
      debug,
      '      targetContainerName: shop\n',
      '      targetContainerName: shop\n      ports:\n        - containerPort: 8080\n      resources:\n        limits: { memory: 64Mi }\n      volumeMounts:\n        - name: data\n          mountPath: /data\n          subPath: shop\n',
    );
    assert.deepEqual(
      findings(text, 'ephemeral-container-fields').map((view) => [view.severity, view.text, view.message]),
      [
        [
          information,
          'ephemeralContainers',
          'ephemeralContainers cannot be set when a pod is created, only added to a running pod; use kubectl debug to add one.',
        ],
        [error, 'ports', 'Ephemeral container "debugger" cannot have ports; remove it.'],
        [error, 'resources', 'Ephemeral container "debugger" cannot have resources; remove it.'],
        [
          error,
          'subPath',
          'Ephemeral container "debugger" cannot have a volume mount with subPath; remove it.',
        ],
      ],
    );
    assert.equal(
      applyFix(text, 'ephemeral-container-fields', 'Remove ports', 1),
      edit(text, '      ports:\n        - containerPort: 8080\n', ''),
    );
    assert.equal(
      applyFix(text, 'ephemeral-container-fields', 'Remove resources', 2),
      edit(text, '      resources:\n        limits: { memory: 64Mi }\n', ''),
    );
    assert.equal(
      applyFix(text, 'ephemeral-container-fields', 'Remove subPath', 3),
      edit(text, '          subPath: shop\n', ''),
    );
  });
});

describe('rule: container-restart-policy', () => {
  it('accepts a sidecar, and init and app containers without one', () => {
    assert.deepEqual(findings(pod, 'container-restart-policy'), []);
  });

  it('reports a restart policy that does not exist, with the allowed values', () => {
    const text = edit(pod, '      restartPolicy: Always', '      restartPolicy: Sometimes');
    assert.deepEqual(findings(text, 'container-restart-policy'), [
      {
        code: 'container-restart-policy',
        severity: error,
        line: 'restartPolicy: Sometimes',
        text: 'Sometimes',
        message:
          'Init container "proxy": restartPolicy "Sometimes" is not valid; use Always, OnFailure or Never.',
      },
    ]);
    assert.deepEqual(fixTitles(text, 'container-restart-policy'), [
      'Change restartPolicy to Always',
      'Change restartPolicy to OnFailure',
      'Change restartPolicy to Never',
    ]);
    assert.equal(applyFix(text, 'container-restart-policy', 'Change restartPolicy to Always'), pod);
  });

  it('notes the container restart policies that need Kubernetes 1.35', () => {
    const text = edit(
      edit(
        pod,
        '      command: [migrate, up]\n',
        '      command: [migrate, up]\n      restartPolicy: Never\n',
      ),
      '      image: example/shop:3.2.0\n',
      '      image: example/shop:3.2.0\n      restartPolicy: OnFailure\n',
    );
    assert.deepEqual(
      findings(text, 'container-restart-policy').map((view) => [view.severity, view.line, view.message]),
      [
        [
          information,
          'restartPolicy: Never',
          'Init container "migrate": a container-level restartPolicy needs Kubernetes 1.35 or later (ContainerRestartRules); older API servers reject it.',
        ],
        [
          information,
          'restartPolicy: OnFailure',
          'Container "shop": a container-level restartPolicy needs Kubernetes 1.35 or later (ContainerRestartRules); older API servers reject it.',
        ],
      ],
    );
  });

  it('requires an explicit restartPolicy beside restartPolicyRules, and adds it', () => {
    const text = edit(
      edit(pod, 'spec:\n  initContainers', 'spec:\n  restartPolicy: Never\n  initContainers'),
      '      image: example/shop:3.2.0\n',
      '      image: example/shop:3.2.0\n      restartPolicyRules:\n        - action: Restart\n          exitCodes: { operator: In, values: [42] }\n',
    );
    assert.deepEqual(findings(text, 'container-restart-policy'), [
      {
        code: 'container-restart-policy',
        severity: error,
        line: 'restartPolicyRules:',
        text: 'restartPolicyRules',
        message:
          'Container "shop": restartPolicyRules need an explicit restartPolicy on the container; add restartPolicy: Never.',
      },
    ]);
    const fixed = applyFix(text, 'container-restart-policy', 'Add restartPolicy: Never');
    assert.equal(fixed, edit(text, '    - name: shop\n', '    - name: shop\n      restartPolicy: Never\n'));
    assert.deepEqual(
      findings(fixed, 'container-restart-policy').map((view) => view.severity),
      [information],
    );
  });

  it('notes restartPolicyRules on a sidecar, which need an alpha feature gate', () => {
    const text = edit(
      pod,
      '      restartPolicy: Always\n',
      '      restartPolicy: Always\n      restartPolicyRules:\n        - action: RestartAllContainers\n          exitCodes: { operator: In, values: [88] }\n',
    );
    assert.deepEqual(
      findings(text, 'container-restart-policy').map((view) => [view.severity, view.message]),
      [
        [
          information,
          'Sidecar container "proxy": restartPolicyRules on a sidecar need the alpha RestartAllContainersOnContainerExits feature gate; without it the API server rejects them.',
        ],
      ],
    );
  });
});

describe('rule: prestop-exceeds-grace', () => {
  const withHook = (hook: string, grace = ''): string =>
    edit(
      edit(pod, 'spec:\n  initContainers', `spec:\n${grace}  initContainers`),
      '      image: example/shop:3.2.0\n',
      `      image: example/shop:3.2.0\n      lifecycle:\n        preStop:\n${hook}`,
    );

  it('accepts a preStop sleep within the grace period', () => {
    assert.deepEqual(findings(withHook('          sleep: { seconds: 30 }\n'), 'prestop-exceeds-grace'), []);
    assert.deepEqual(
      findings(
        withHook('          exec: { command: [sleep, "45"] }\n', '  terminationGracePeriodSeconds: 60\n'),
        'prestop-exceeds-grace',
      ),
      [],
    );
  });

  it('reports a sleep action longer than the default 30 seconds, as the error the API server returns', () => {
    assert.deepEqual(
      findings(withHook('          sleep:\n            seconds: 45\n'), 'prestop-exceeds-grace'),
      [
        {
          code: 'prestop-exceeds-grace',
          severity: error,
          line: 'seconds: 45',
          text: '45',
          message:
            'Container "shop": the preStop hook sleeps 45s, longer than terminationGracePeriodSeconds (30), so the container is killed before it can stop cleanly; raise terminationGracePeriodSeconds or shorten the sleep.',
        },
      ],
    );
  });

  it('reports an exec sleep longer than the grace period, as a warning', () => {
    const text = withHook(
      '          exec:\n            command: ["/bin/sh", "-c", "nginx -s quit; sleep 20 && sleep 15"]\n',
      '  terminationGracePeriodSeconds: 30\n',
    );
    assert.deepEqual(findings(text, 'prestop-exceeds-grace'), [
      {
        code: 'prestop-exceeds-grace',
        severity: warning,
        line: 'command: ["/bin/sh", "-c", "nginx -s quit; sleep 20 && sleep 15"]',
        text: 'command',
        message:
          'Container "shop": the preStop hook sleeps 35s, longer than terminationGracePeriodSeconds (30), so the container is killed before it can stop cleanly; raise terminationGracePeriodSeconds or shorten the sleep.',
      },
    ]);
  });

  it('knows how long the usual sleep commands take', () => {
    assert.equal(commandSleepSeconds(['sleep', '5']), 5);
    assert.equal(commandSleepSeconds(['/bin/sleep', '1m', '30']), 90);
    assert.equal(commandSleepSeconds(['/usr/bin/sleep', '0.5']), 0.5);
    assert.equal(commandSleepSeconds(['sh', '-c', 'sleep 10']), 10);
    assert.equal(commandSleepSeconds(['bash', '-ec', 'echo bye\nsleep 2h\n']), 7200);
    assert.equal(commandSleepSeconds(['sh', '-c', 'sleep infinity']), Infinity);
    assert.equal(commandSleepSeconds(['sh', '-c', 'sleep 100 & wait-for-drain']), undefined);
    assert.equal(commandSleepSeconds(['sh', '-c', 'sleep $DELAY']), undefined);
    assert.equal(commandSleepSeconds(['sh', '-c', 'nginx -s quit']), undefined);
    assert.equal(commandSleepSeconds(['sleep']), undefined);
    assert.equal(commandSleepSeconds(['nginx', '-s', 'quit']), undefined);
    assert.equal(commandSleepSeconds([]), undefined);
  });
});

describe('rule: image-latest-tag', () => {
  it('accepts tags and digests', () => {
    assert.deepEqual(findings(pod, 'image-latest-tag'), []);
    const digest = edit(
      pod,
      'example/shop:3.2.0',
      'example/shop@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    );
    assert.deepEqual(findings(digest, 'image-latest-tag'), []);
    const latestWithDigest = edit(
      pod,
      'example/shop:3.2.0',
      'example/shop:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    );
    assert.deepEqual(findings(latestWithDigest, 'image-latest-tag'), []);
  });

  it('reports a missing tag, even behind a registry port, and the latest tag', () => {
    const text = edit(
      edit(pod, 'example/shop:3.2.0', 'registry.example.com:5000/shop'),
      'example/migrate:1.4',
      'example/migrate:latest',
    );
    assert.deepEqual(findings(text, 'image-latest-tag'), [
      {
        code: 'image-latest-tag',
        severity: warning,
        line: 'image: example/migrate:latest',
        text: 'example/migrate:latest',
        message:
          'Init container "migrate": image "example/migrate:latest" uses the latest tag; pin a version tag or a digest.',
      },
      {
        code: 'image-latest-tag',
        severity: warning,
        line: 'image: registry.example.com:5000/shop',
        text: 'registry.example.com:5000/shop',
        message:
          'Container "shop": image "registry.example.com:5000/shop" has no tag, so it means "latest"; pin a version tag or a digest.',
      },
    ]);
  });

  it('leaves templated images alone', () => {
    assert.deepEqual(findings(edit(pod, 'example/shop:3.2.0', '${SHOP_IMAGE}'), 'image-latest-tag'), []);
  });
});

describe('rule: duplicate-env-var', () => {
  it('reports a variable defined twice, and removes the overridden definition', () => {
    const text = edit(
      pod,
      '          value: postgres\n',
      '          value: postgres\n        - name: LOG_LEVEL\n          value: debug\n',
    );
    assert.deepEqual(findings(text, 'duplicate-env-var'), [
      {
        code: 'duplicate-env-var',
        severity: warning,
        line: '- name: LOG_LEVEL',
        text: 'LOG_LEVEL',
        message:
          'Container "shop" defines LOG_LEVEL twice (env[0] and env[2]); the last one wins, so remove the other.',
      },
    ]);
    assert.equal(
      applyFix(text, 'duplicate-env-var', 'Remove the overridden definition (env[0])'),
      edit(text, '        - name: LOG_LEVEL\n          value: info\n', ''),
    );
  });
});

describe('rule: env-secret-literal', () => {
  it('accepts secrets read from a Secret, and names that are not secrets', () => {
    const text = edit(
      pod,
      '          value: postgres\n',
      '          value: postgres\n        - name: DB_PASSWORD\n          valueFrom:\n            secretKeyRef: { name: db, key: password }\n        - name: PASSWORD_FILE\n          value: /run/secrets/db\n        - name: ALLOW_EMPTY_PASSWORD\n          value: "no"\n',
    );
    assert.deepEqual(findings(text, 'env-secret-literal'), []);
  });

  it('reports a literal secret, and turns it into a secretKeyRef', () => {
    const text = edit(
      pod,
      '          value: postgres\n',
      '          value: postgres\n        - name: DB_PASSWORD # rotate yearly\n          value: "hunter2"\n',
    );
    assert.deepEqual(findings(text, 'env-secret-literal'), [
      {
        code: 'env-secret-literal',
        severity: warning,
        line: 'value: "hunter2"',
        text: '"hunter2"',
        message:
          'Container "shop": DB_PASSWORD is set to a literal value; keep it in a Secret and read it with valueFrom.secretKeyRef.',
      },
    ]);
    const fixed = applyFix(text, 'env-secret-literal', 'Read DB_PASSWORD from a Secret (secretKeyRef)');
    assert.equal(
      fixed,
      edit(
        text,
        '          value: "hunter2"\n',
        '          valueFrom:\n            secretKeyRef:\n              name: shop-secrets\n              key: DB_PASSWORD\n',
      ),
    );
    assertFixed(fixed, 'env-secret-literal');
  });

  it('recognizes secret names', () => {
    for (const name of [
      'PASSWORD',
      'DB_PASSWORD',
      'dbPassword',
      'GITHUB_TOKEN',
      'apiToken',
      'STRIPE_API_KEY',
      'APIKEY',
      'AWS_SECRET_ACCESS_KEY',
      'JWT_SECRET',
      'OAUTH_CLIENT_SECRET',
      'SSH_PRIVATE_KEY',
      'REGISTRY_CREDENTIALS',
    ]) {
      assert.ok(looksLikeSecretName(name), name);
    }
    for (const name of [
      'DB_HOST',
      'CACHE_KEY',
      'PARTITION_KEY',
      'TOKENIZER',
      'PASSWORD_FILE',
      'SECRET_NAME',
      'TOKEN_PATH',
      'AWS_ACCESS_KEY_ID',
      'TOKEN_TTL',
      'KEY',
    ]) {
      assert.ok(!looksLikeSecretName(name), name);
    }
  });
});
