import * as assert from 'node:assert/strict';
import { applyFix, assertFixed, error, findings, fixTitles, warning } from './ruleTestSupport';
import { edit } from '../../support/fixtureEdit';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
      tier: frontend
  template:
    metadata:
      labels:
        app: web
        tier: frontend
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;

const job = `apiVersion: batch/v1
kind: Job
metadata:
  name: backup
spec:
  backoffLimit: 2
  template:
    spec:
      containers:
        - name: backup
          image: example/backup:1.2
      restartPolicy: OnFailure
`;

describe('rule: workload-restart-policy', () => {
  it('accepts Always (or nothing) for a Deployment, OnFailure or Never for a Job', () => {
    assert.deepEqual(findings(deployment, 'workload-restart-policy'), []);
    assert.deepEqual(
      findings(
        edit(deployment, '    spec:\n', '    spec:\n      restartPolicy: Always\n'),
        'workload-restart-policy',
      ),
      [],
    );
    assert.deepEqual(findings(job, 'workload-restart-policy'), []);
    assert.deepEqual(findings(edit(job, 'OnFailure', 'Never'), 'workload-restart-policy'), []);
  });

  it('reports Never on a Deployment, and sets Always', () => {
    const text = edit(deployment, '    spec:\n', '    spec:\n      restartPolicy: Never\n');
    assert.deepEqual(findings(text, 'workload-restart-policy'), [
      {
        code: 'workload-restart-policy',
        severity: error,
        line: 'restartPolicy: Never',
        text: 'Never',
        message:
          'A Deployment keeps its pods running, so restartPolicy must be Always (or unset), not Never; use a Job for pods that finish.',
      },
    ]);
    assert.equal(
      applyFix(text, 'workload-restart-policy', 'Change restartPolicy to Always'),
      edit(text, 'restartPolicy: Never', 'restartPolicy: Always'),
    );
  });

  it('reports Always on a Job, with both allowed values', () => {
    const text = edit(job, 'OnFailure', 'Always');
    assert.deepEqual(findings(text, 'workload-restart-policy'), [
      {
        code: 'workload-restart-policy',
        severity: error,
        line: 'restartPolicy: Always',
        text: 'Always',
        message:
          'A Job runs its pods to completion, so restartPolicy must be OnFailure or Never, not Always.',
      },
    ]);
    assert.deepEqual(fixTitles(text, 'workload-restart-policy'), [
      'Change restartPolicy to OnFailure',
      'Change restartPolicy to Never',
    ]);
    assert.equal(
      applyFix(text, 'workload-restart-policy', 'Change restartPolicy to Never'),
      edit(job, 'OnFailure', 'Never'),
    );
  });

  it('reports a Job or CronJob without a restart policy, and adds one', () => {
    const text = edit(job, '      restartPolicy: OnFailure\n', '');
    assert.deepEqual(findings(text, 'workload-restart-policy'), [
      {
        code: 'workload-restart-policy',
        severity: error,
        line: 'spec:',
        text: 'spec',
        message:
          'A Job pod template must set restartPolicy to OnFailure or Never (the default, Always, is not allowed); add restartPolicy: OnFailure.',
      },
    ]);
    const fixed = applyFix(text, 'workload-restart-policy', 'Add restartPolicy: OnFailure');
    assert.equal(fixed, job);
    assertFixed(fixed, 'workload-restart-policy');
    const cronJob = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: report
              image: example/report:2.0
`;
    assert.equal(
      applyFix(cronJob, 'workload-restart-policy', 'Add restartPolicy: Never'),
      `${cronJob}          restartPolicy: Never\n`,
    );
  });
});

describe('rule: workload-active-deadline', () => {
  it('accepts activeDeadlineSeconds on a Job or a Pod, and its absence on a Deployment', () => {
    assert.deepEqual(findings(deployment, 'workload-active-deadline'), []);
    assert.deepEqual(
      findings(
        edit(
          job,
          '      restartPolicy: OnFailure\n',
          '      restartPolicy: OnFailure\n      activeDeadlineSeconds: 60\n',
        ),
        'workload-active-deadline',
      ),
      [],
    );
    const pod =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  activeDeadlineSeconds: 60\n  containers:\n    - name: c\n      image: busybox:1.36\n';
    assert.deepEqual(findings(pod, 'workload-active-deadline'), []);
  });

  it('reports it on a Deployment, StatefulSet, DaemonSet, ReplicaSet or ReplicationController, and removes it', () => {
    const text = edit(deployment, '    spec:\n', '    spec:\n      activeDeadlineSeconds: 3600\n');
    assert.deepEqual(findings(text, 'workload-active-deadline'), [
      {
        code: 'workload-active-deadline',
        severity: error,
        line: 'activeDeadlineSeconds: 3600',
        text: 'activeDeadlineSeconds',
        message:
          "activeDeadlineSeconds is not supported in a Deployment's pod template: the API server rejects it (the controller keeps its pods running); remove it, or use a Job.",
      },
    ]);
    assert.equal(applyFix(text, 'workload-active-deadline', 'Remove activeDeadlineSeconds'), deployment);
    for (const kind of ['StatefulSet', 'DaemonSet', 'ReplicaSet']) {
      assert.deepEqual(
        findings(edit(text, 'kind: Deployment', `kind: ${kind}`), 'workload-active-deadline').map(
          ({ message }) => message.split(':')[0],
        ),
        [`activeDeadlineSeconds is not supported in a ${kind}'s pod template`],
      );
    }
    const controller = edit(
      edit(
        edit(text, 'apiVersion: apps/v1', 'apiVersion: v1'),
        'kind: Deployment',
        'kind: ReplicationController',
      ),
      '    matchLabels:\n      app: web\n      tier: frontend\n',
      '    app: web\n    tier: frontend\n',
    );
    assert.equal(findings(controller, 'workload-active-deadline').length, 1);
  });
});

describe('rule: selector-mismatch', () => {
  it('accepts a selector that matches the template', () => {
    assert.deepEqual(findings(deployment, 'selector-mismatch'), []);
    const expressions = edit(
      deployment,
      '      tier: frontend\n  template',
      '    matchExpressions:\n      - { key: tier, operator: In, values: [frontend, edge] }\n      - { key: canary, operator: DoesNotExist }\n  template',
    );
    assert.deepEqual(findings(expressions, 'selector-mismatch'), []);
  });

  it('reports a label the template lacks or has with another value, and copies the selector labels', () => {
    const text = edit(
      edit(deployment, '        tier: frontend\n', '        tier: backend\n'),
      '      tier: frontend\n  template',
      '      tier: frontend\n      track: stable\n  template',
    );
    assert.deepEqual(findings(text, 'selector-mismatch'), [
      {
        code: 'selector-mismatch',
        severity: error,
        line: 'selector:',
        text: 'selector',
        message:
          'The selector does not match the pod template\'s labels (tier is "backend" in the template, "frontend" in the selector; the template has no label track=stable); make the template labels match the selector.',
      },
    ]);
    const fixed = applyFix(text, 'selector-mismatch', 'Copy the selector labels into the pod template');
    assert.equal(
      fixed,
      edit(text, '        tier: backend\n', '        tier: frontend\n        track: stable\n'),
    );
    assertFixed(fixed, 'selector-mismatch');
  });

  it('creates the template labels, and the template metadata, when missing', () => {
    const noLabels = edit(
      deployment,
      '      labels:\n        app: web\n        tier: frontend\n',
      '      annotations:\n        team: storefront\n',
    );
    assert.equal(
      applyFix(noLabels, 'selector-mismatch', 'Copy the selector labels into the pod template'),
      edit(
        noLabels,
        '        team: storefront\n',
        '        team: storefront\n      labels:\n        app: web\n        tier: frontend\n',
      ),
    );
    const noMetadata = edit(
      deployment,
      '    metadata:\n      labels:\n        app: web\n        tier: frontend\n',
      '',
    );
    assert.equal(
      applyFix(noMetadata, 'selector-mismatch', 'Copy the selector labels into the pod template'),
      deployment,
    );
  });

  it('reports match expressions the template fails, without a fix', () => {
    const text = edit(
      deployment,
      '      tier: frontend\n  template',
      '    matchExpressions:\n      - { key: tier, operator: NotIn, values: [frontend] }\n  template',
    );
    assert.deepEqual(
      findings(text, 'selector-mismatch').map((view) => view.message),
      [
        'The selector does not match the pod template\'s labels (the template labels fail "tier NotIn (frontend)"); make the template labels match the selector.',
      ],
    );
    assert.deepEqual(fixTitles(text, 'selector-mismatch'), []);
  });

  it('reports malformed match expressions and an empty selector', () => {
    const text = edit(
      deployment,
      '      tier: frontend\n  template',
      '    matchExpressions:\n      - { key: tier, operator: Has, values: [frontend] }\n      - { key: app, operator: In, values: [] }\n      - { key: app, operator: Exists, values: [web] }\n  template',
    );
    assert.deepEqual(
      findings(text, 'selector-mismatch').map((view) => [view.text, view.message]),
      [
        ['Has', 'Selector operator "Has" is not valid; use In, NotIn, Exists or DoesNotExist.'],
        ['In', 'A selector requirement with operator In needs at least one value; add values.'],
        ['values', 'A selector requirement with operator Exists must not have values; remove them.'],
      ],
    );
    const empty = edit(
      deployment,
      '  selector:\n    matchLabels:\n      app: web\n      tier: frontend\n',
      '  selector: {}\n',
    );
    assert.deepEqual(
      findings(empty, 'selector-mismatch').map((view) => view.message),
      [
        "An empty selector is not allowed for a Deployment; add matchLabels that the pod template's labels have.",
      ],
    );
  });

  it('checks a ReplicationController selector, a plain map', () => {
    const text = `apiVersion: v1
kind: ReplicationController
metadata:
  name: nginx
spec:
  replicas: 3
  selector:
    app: nginx
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
`;
    assert.deepEqual(
      findings(text, 'selector-mismatch').map((view) => view.message),
      [
        'The selector does not match the pod template\'s labels (app is "web" in the template, "nginx" in the selector); make the template labels match the selector.',
      ],
    );
    assert.equal(
      applyFix(text, 'selector-mismatch', 'Copy the selector labels into the pod template'),
      edit(text, '        app: web', '        app: nginx'),
    );
  });

  it('lets a Job generate its selector unless manualSelector is set', () => {
    const text = edit(
      job,
      '  backoffLimit: 2\n',
      '  backoffLimit: 2\n  selector:\n    matchLabels: { app: backup }\n',
    );
    assert.deepEqual(findings(text, 'selector-mismatch'), [
      {
        code: 'selector-mismatch',
        severity: error,
        line: 'selector:',
        text: 'selector',
        message:
          'A Job generates its own selector: remove selector, or set manualSelector: true to manage it yourself.',
      },
    ]);
    assert.equal(applyFix(text, 'selector-mismatch', 'Remove the selector'), job);
    const manual = edit(text, '  backoffLimit: 2\n', '  backoffLimit: 2\n  manualSelector: true\n');
    assert.deepEqual(
      findings(manual, 'selector-mismatch').map((view) => view.message),
      [
        "The selector does not match the pod template's labels (the template has no label app=backup); make the template labels match the selector.",
      ],
    );
    assert.equal(
      applyFix(manual, 'selector-mismatch', 'Copy the selector labels into the pod template'),
      edit(
        manual,
        '  template:\n    spec:\n',
        '  template:\n    metadata:\n      labels:\n        app: backup\n    spec:\n',
      ),
    );
  });

  it('offers no fix when the template labels are a flow map that needs new entries', () => {
    const text = edit(
      deployment,
      '      labels:\n        app: web\n        tier: frontend\n',
      '      labels: { app: web }\n',
    );
    assert.equal(findings(text, 'selector-mismatch').length, 1);
    assert.deepEqual(fixTitles(text, 'selector-mismatch'), []);
  });
});

describe('rule: deprecated-service-account-field', () => {
  const pod = `apiVersion: v1
kind: Pod
metadata:
  name: agent
spec:
  serviceAccount: agent
  containers:
    - name: agent
      image: example/agent:1.0
`;

  it('reports serviceAccount, and renames it', () => {
    assert.deepEqual(findings(pod, 'deprecated-service-account-field'), [
      {
        code: 'deprecated-service-account-field',
        severity: warning,
        line: 'serviceAccount: agent',
        text: 'serviceAccount',
        message: 'serviceAccount is deprecated; rename it to serviceAccountName.',
      },
    ]);
    const fixed = applyFix(pod, 'deprecated-service-account-field', 'Rename to serviceAccountName');
    assert.equal(fixed, edit(pod, 'serviceAccount: agent', 'serviceAccountName: agent'));
    assertFixed(fixed, 'deprecated-service-account-field');
  });

  it('removes a serviceAccount that repeats serviceAccountName, and explains one that disagrees', () => {
    const same = edit(
      pod,
      '  serviceAccount: agent\n',
      '  serviceAccountName: agent\n  serviceAccount: agent\n',
    );
    assert.equal(
      applyFix(same, 'deprecated-service-account-field', 'Remove serviceAccount'),
      edit(pod, 'serviceAccount: agent', 'serviceAccountName: agent'),
    );
    const different = edit(
      pod,
      '  serviceAccount: agent\n',
      '  serviceAccountName: agent\n  serviceAccount: legacy\n',
    );
    assert.deepEqual(
      findings(different, 'deprecated-service-account-field').map((view) => view.message),
      [
        'serviceAccount is deprecated and ignored here: serviceAccountName ("agent") wins; remove serviceAccount.',
      ],
    );
  });
});
