import * as assert from 'node:assert/strict';
import { applyFix, assertFixed, findings, fixTitles, hint, warning } from './ruleTestSupport';
import { edit } from '../../support/fixtureEdit';

/** A pod that meets the Restricted level. */
const restricted = `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  securityContext:
    runAsNonRoot: true
    seccompProfile:
      type: RuntimeDefault
  containers:
    - name: api
      image: example/api:2.3.1
      securityContext:
        allowPrivilegeEscalation: false
        readOnlyRootFilesystem: true
        capabilities:
          drop: [ALL]
          add: [NET_BIND_SERVICE]
`;

/** The same pod with no security settings at all: fine for Baseline, not for Restricted. */
const plain = `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: api
      image: example/api:2.3.1
`;

const securityRules = [
  'pss-privileged',
  'pss-host-namespaces',
  'pss-host-path',
  'pss-host-ports',
  'pss-host-process',
  'pss-capabilities',
  'pss-seccomp',
  'pss-apparmor',
  'pss-selinux',
  'pss-proc-mount',
  'pss-sysctls',
  'pss-privilege-escalation',
  'pss-run-as-non-root',
  'pss-run-as-user',
  'pss-volume-types',
  'read-only-root-filesystem',
];

describe('Pod Security Standards rules', () => {
  it('find nothing in a pod that meets the Restricted level, at either level', () => {
    for (const code of securityRules) {
      assert.deepEqual(findings(restricted, code, 'restricted'), [], code);
      assert.deepEqual(findings(restricted, code, 'baseline'), [], code);
    }
  });

  it('give Restricted-only findings as hints under Baseline and as warnings under Restricted', () => {
    const codes = (level: 'baseline' | 'restricted'): [string, number | undefined][] =>
      securityRules.flatMap((code) =>
        findings(plain, code, level).map((view): [string, number | undefined] => [code, view.severity]),
      );
    assert.deepEqual(codes('baseline'), [
      ['pss-capabilities', hint],
      ['pss-seccomp', hint],
      ['pss-privilege-escalation', hint],
      ['pss-run-as-non-root', hint],
      ['read-only-root-filesystem', hint],
    ]);
    assert.deepEqual(codes('restricted'), [
      ['pss-capabilities', warning],
      ['pss-seccomp', warning],
      ['pss-privilege-escalation', warning],
      ['pss-run-as-non-root', warning],
      ['read-only-root-filesystem', warning],
    ]);
  });
});

describe('rule: pss-privileged', () => {
  it('reports a privileged container, and turns it off', () => {
    const text = edit(
      restricted,
      '        allowPrivilegeEscalation: false\n',
      '        privileged: true\n        allowPrivilegeEscalation: false\n',
    );
    assert.deepEqual(findings(text, 'pss-privileged'), [
      {
        code: 'pss-privileged',
        severity: warning,
        line: 'privileged: true',
        text: 'true',
        message:
          'Container "api" runs privileged, with full access to the node; set privileged: false and add only the capabilities it needs.',
      },
    ]);
    assert.equal(
      applyFix(text, 'pss-privileged', 'Set privileged: false'),
      edit(text, 'privileged: true', 'privileged: false'),
    );
  });
});

describe('rule: pss-host-namespaces', () => {
  it('reports each host namespace, and removes it', () => {
    const text = edit(
      restricted,
      'spec:\n  securityContext:',
      'spec:\n  hostNetwork: true\n  hostPID: true\n  hostIPC: false\n  securityContext:',
    );
    assert.deepEqual(findings(text, 'pss-host-namespaces'), [
      {
        code: 'pss-host-namespaces',
        severity: warning,
        line: 'hostNetwork: true',
        text: 'true',
        message:
          "hostNetwork: true gives the pod the node's network; remove it unless the pod is a node agent that needs it.",
      },
      {
        code: 'pss-host-namespaces',
        severity: warning,
        line: 'hostPID: true',
        text: 'true',
        message:
          "hostPID: true gives the pod the node's processes; remove it unless the pod is a node agent that needs it.",
      },
    ]);
    assert.equal(
      applyFix(text, 'pss-host-namespaces', 'Remove hostPID', 1),
      edit(text, '  hostPID: true\n', ''),
    );
  });
});

describe('rule: pss-host-path', () => {
  it('reports a hostPath volume', () => {
    const text = `${restricted}      volumeMounts:\n        - { name: logs, mountPath: /var/log/host }\n  volumes:\n    - name: logs\n      hostPath:\n        path: /var/log\n`;
    assert.deepEqual(findings(text, 'pss-host-path'), [
      {
        code: 'pss-host-path',
        severity: warning,
        line: 'hostPath:',
        text: 'hostPath',
        message:
          'Volume "logs" mounts the node\'s /var/log; use a persistentVolumeClaim, emptyDir, configMap or secret instead.',
      },
    ]);
    // A hostPath is the Baseline's to report; the Restricted volume types rule does not repeat it.
    assert.deepEqual(findings(text, 'pss-volume-types', 'restricted'), []);
  });
});

describe('rule: pss-host-ports', () => {
  it('reports a hostPort, and removes it', () => {
    const text = edit(
      restricted,
      '      image: example/api:2.3.1\n',
      '      image: example/api:2.3.1\n      ports:\n        - containerPort: 8080\n          hostPort: 8080\n',
    );
    assert.deepEqual(findings(text, 'pss-host-ports'), [
      {
        code: 'pss-host-ports',
        severity: warning,
        line: 'hostPort: 8080',
        text: '8080',
        message:
          'Container "api" binds port 8080 on the node; remove hostPort and reach the pod through a Service.',
      },
    ]);
    assert.equal(
      applyFix(text, 'pss-host-ports', 'Remove hostPort'),
      edit(text, '          hostPort: 8080\n', ''),
    );
  });
});

describe('rule: pss-host-process', () => {
  it('reports a Windows HostProcess container', () => {
    const text = edit(
      restricted,
      '  securityContext:\n    runAsNonRoot: true',
      '  securityContext:\n    windowsOptions:\n      hostProcess: true\n    runAsNonRoot: true',
    );
    assert.deepEqual(
      findings(text, 'pss-host-process').map((view) => [view.line, view.message]),
      [
        [
          'hostProcess: true',
          'hostProcess: true runs the container on the Windows node itself; remove it unless this is a node agent.',
        ],
      ],
    );
  });
});

describe('rule: pss-capabilities', () => {
  it('reports an added capability beyond the default set, at both levels', () => {
    const text = edit(restricted, 'add: [NET_BIND_SERVICE]', 'add: [NET_BIND_SERVICE, SYS_ADMIN]');
    assert.deepEqual(findings(text, 'pss-capabilities'), [
      {
        code: 'pss-capabilities',
        severity: warning,
        line: 'add: [NET_BIND_SERVICE, SYS_ADMIN]',
        text: 'SYS_ADMIN',
        message: 'Container "api" adds SYS_ADMIN, beyond the default capabilities; remove it.',
      },
    ]);
  });

  it('reports a default capability other than NET_BIND_SERVICE under Restricted only', () => {
    const text = edit(restricted, 'add: [NET_BIND_SERVICE]', 'add: [CHOWN]');
    assert.deepEqual(
      findings(text, 'pss-capabilities', 'restricted').map((view) => [
        view.severity,
        view.text,
        view.message,
      ]),
      [
        [
          warning,
          'CHOWN',
          'Container "api" adds CHOWN; the Restricted level allows adding only NET_BIND_SERVICE, so remove it.',
        ],
      ],
    );
    assert.deepEqual(
      findings(text, 'pss-capabilities', 'baseline').map((view) => view.severity),
      [hint],
    );
  });

  it('requires dropping ALL under Restricted, and adds the drop', () => {
    assert.deepEqual(findings(plain, 'pss-capabilities', 'restricted'), [
      {
        code: 'pss-capabilities',
        severity: warning,
        line: '- name: api',
        text: 'api',
        message:
          'Container "api" does not drop all capabilities; add ALL to securityContext.capabilities.drop.',
      },
    ]);
    const fixed = applyFix(plain, 'pss-capabilities', 'Drop all capabilities', 0, 'restricted');
    assert.equal(
      fixed,
      `${plain}      securityContext:\n        capabilities:\n          drop:\n            - ALL\n`,
    );
    assertFixed(fixed, 'pss-capabilities', 'restricted');
    const withCapabilities = edit(restricted, '          drop: [ALL]\n', '');
    assert.equal(
      applyFix(withCapabilities, 'pss-capabilities', 'Drop all capabilities', 0, 'restricted'),
      edit(
        withCapabilities,
        '          add: [NET_BIND_SERVICE]\n',
        '          add: [NET_BIND_SERVICE]\n          drop:\n            - ALL\n',
      ),
    );
  });

  it('exempts Windows pods from Restricted', () => {
    const text = edit(plain, 'spec:\n', 'spec:\n  os:\n    name: windows\n');
    assert.deepEqual(findings(text, 'pss-capabilities', 'restricted'), []);
  });
});

describe('rule: pss-seccomp', () => {
  it('reports Unconfined anywhere, even when each container overrides it', () => {
    const text = edit(
      edit(restricted, '      type: RuntimeDefault', '      type: Unconfined'),
      '        allowPrivilegeEscalation: false\n',
      '        allowPrivilegeEscalation: false\n        seccompProfile:\n          type: RuntimeDefault\n',
    );
    assert.deepEqual(findings(text, 'pss-seccomp'), [
      {
        code: 'pss-seccomp',
        severity: warning,
        line: 'type: Unconfined',
        text: 'Unconfined',
        message:
          'An Unconfined seccomp profile lets the containers make any system call; use type: RuntimeDefault.',
      },
    ]);
    assert.equal(
      applyFix(text, 'pss-seccomp', 'Change to RuntimeDefault'),
      edit(text, 'type: Unconfined', 'type: RuntimeDefault'),
    );
  });

  it('requires a profile under Restricted, and sets one for the pod', () => {
    const text = edit(restricted, '    seccompProfile:\n      type: RuntimeDefault\n', '');
    assert.deepEqual(findings(text, 'pss-seccomp', 'restricted'), [
      {
        code: 'pss-seccomp',
        severity: warning,
        line: '- name: api',
        text: 'api',
        message:
          'Container "api" has no seccomp profile; set seccompProfile.type: RuntimeDefault in the pod\'s securityContext.',
      },
    ]);
    const fixed = applyFix(
      text,
      'pss-seccomp',
      "Set seccompProfile: RuntimeDefault in the pod's securityContext",
      0,
      'restricted',
    );
    assert.equal(
      fixed,
      edit(
        text,
        '    runAsNonRoot: true\n',
        '    runAsNonRoot: true\n    seccompProfile:\n      type: RuntimeDefault\n',
      ),
    );
    assertFixed(fixed, 'pss-seccomp', 'restricted');
  });

  it('creates the pod securityContext before the containers', () => {
    const fixed = applyFix(
      plain,
      'pss-seccomp',
      "Set seccompProfile: RuntimeDefault in the pod's securityContext",
      0,
      'restricted',
    );
    assert.equal(
      fixed,
      edit(plain, 'spec:\n', 'spec:\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n'),
    );
  });
});

describe('rule: pss-apparmor', () => {
  it('reports an Unconfined profile, in the field and in the old annotation', () => {
    const text = edit(
      edit(
        restricted,
        '  name: api\nspec:',
        '  name: api\n  annotations:\n    container.apparmor.security.beta.kubernetes.io/api: unconfined\nspec:',
      ),
      '    runAsNonRoot: true\n',
      '    runAsNonRoot: true\n    appArmorProfile:\n      type: Unconfined\n',
    );
    assert.deepEqual(
      findings(text, 'pss-apparmor').map((view) => [view.text, view.message]),
      [
        [
          'unconfined',
          'The AppArmor profile "unconfined" is not allowed; use runtime/default or a localhost/ profile (or securityContext.appArmorProfile).',
        ],
        ['Unconfined', 'An Unconfined AppArmor profile turns AppArmor off; use type: RuntimeDefault.'],
      ],
    );
  });
});

describe('rule: pss-selinux', () => {
  it('reports a custom type, user or role', () => {
    const text = edit(
      restricted,
      '        allowPrivilegeEscalation: false\n',
      '        allowPrivilegeEscalation: false\n        seLinuxOptions:\n          type: spc_t\n          user: system_u\n          level: "s0:c123,c456"\n',
    );
    assert.deepEqual(
      findings(text, 'pss-selinux').map((view) => [view.text, view.message]),
      [
        [
          'spc_t',
          'SELinux type "spc_t" is not allowed; use container_t (or container_init_t, container_kvm_t, container_engine_t).',
        ],
        ['system_u', 'A custom SELinux user is not allowed; remove seLinuxOptions.user.'],
      ],
    );
    assert.deepEqual(
      findings(edit(edit(text, 'spc_t', 'container_t'), '          user: system_u\n', ''), 'pss-selinux'),
      [],
    );
  });
});

describe('rule: pss-proc-mount', () => {
  it('reports an unmasked /proc, and sets Default', () => {
    const text = edit(
      restricted,
      '        allowPrivilegeEscalation: false\n',
      '        allowPrivilegeEscalation: false\n        procMount: Unmasked\n',
    );
    assert.deepEqual(
      findings(text, 'pss-proc-mount').map((view) => [view.text, view.message]),
      [
        [
          'Unmasked',
          'Container "api" uses procMount: Unmasked; use Default, which masks the node\'s /proc paths.',
        ],
      ],
    );
    assert.equal(applyFix(text, 'pss-proc-mount', 'Change to Default'), edit(text, 'Unmasked', 'Default'));
  });
});

describe('rule: pss-sysctls', () => {
  it('reports an unsafe sysctl', () => {
    const text = edit(
      restricted,
      '    runAsNonRoot: true\n',
      '    runAsNonRoot: true\n    sysctls:\n      - { name: net.ipv4.ip_unprivileged_port_start, value: "0" }\n      - { name: net.core.somaxconn, value: "1024" }\n',
    );
    assert.deepEqual(
      findings(text, 'pss-sysctls').map((view) => [view.text, view.message]),
      [
        [
          'net.core.somaxconn',
          'The sysctl net.core.somaxconn is not in the safe set; the kubelet refuses it unless the node allows it. Remove it or use a safe sysctl.',
        ],
      ],
    );
  });
});

describe('rule: pss-privilege-escalation', () => {
  it('reports allowPrivilegeEscalation: true, and sets false', () => {
    const text = edit(restricted, 'allowPrivilegeEscalation: false', 'allowPrivilegeEscalation: true');
    assert.deepEqual(findings(text, 'pss-privilege-escalation', 'restricted'), [
      {
        code: 'pss-privilege-escalation',
        severity: warning,
        line: 'allowPrivilegeEscalation: true',
        text: 'true',
        message:
          'Container "api" allows privilege escalation; set securityContext.allowPrivilegeEscalation: false.',
      },
    ]);
    assert.equal(
      applyFix(text, 'pss-privilege-escalation', 'Set allowPrivilegeEscalation: false', 0, 'restricted'),
      restricted,
    );
  });

  it('reports a container that does not set it, and adds it to its securityContext', () => {
    const text = edit(restricted, '        allowPrivilegeEscalation: false\n', '');
    assert.deepEqual(
      findings(text, 'pss-privilege-escalation').map((view) => [view.severity, view.text, view.message]),
      [
        [
          hint,
          'api',
          'Container "api" does not forbid privilege escalation; set securityContext.allowPrivilegeEscalation: false.',
        ],
      ],
    );
    assert.equal(
      applyFix(text, 'pss-privilege-escalation', 'Set allowPrivilegeEscalation: false'),
      edit(
        text,
        '          add: [NET_BIND_SERVICE]\n',
        '          add: [NET_BIND_SERVICE]\n        allowPrivilegeEscalation: false\n',
      ),
    );
  });

  it('creates the container securityContext after the image', () => {
    const text = `${plain}      args: [--port, "8080"]\n`;
    assert.equal(
      applyFix(text, 'pss-privilege-escalation', 'Set allowPrivilegeEscalation: false'),
      edit(
        text,
        '      image: example/api:2.3.1\n',
        '      image: example/api:2.3.1\n      securityContext:\n        allowPrivilegeEscalation: false\n',
      ),
    );
  });
});

describe('rule: pss-run-as-non-root', () => {
  it('accepts the pod-level setting for every container, and reports a container that overrides it', () => {
    const text = edit(
      restricted,
      '        allowPrivilegeEscalation: false\n',
      '        allowPrivilegeEscalation: false\n        runAsNonRoot: false\n',
    );
    assert.deepEqual(findings(text, 'pss-run-as-non-root', 'restricted'), [
      {
        code: 'pss-run-as-non-root',
        severity: warning,
        line: 'runAsNonRoot: false',
        text: 'false',
        message: 'runAsNonRoot is not true here, so Container "api" may run as root; set runAsNonRoot: true.',
      },
    ]);
    assert.equal(
      applyFix(text, 'pss-run-as-non-root', 'Set runAsNonRoot: true', 0, 'restricted'),
      edit(text, 'runAsNonRoot: false', 'runAsNonRoot: true'),
    );
  });

  it('reports containers when nothing sets it, and sets it for the pod', () => {
    const text = edit(restricted, '    runAsNonRoot: true\n', '');
    assert.deepEqual(
      findings(text, 'pss-run-as-non-root').map((view) => [view.severity, view.text, view.message]),
      [
        [
          hint,
          'api',
          'Container "api" may run as root; set runAsNonRoot: true in the pod\'s securityContext (or the container\'s).',
        ],
      ],
    );
    assert.deepEqual(fixTitles(text, 'pss-run-as-non-root'), [
      "Set runAsNonRoot: true in the pod's securityContext",
    ]);
    const fixed = applyFix(
      text,
      'pss-run-as-non-root',
      "Set runAsNonRoot: true in the pod's securityContext",
    );
    assert.equal(
      fixed,
      `${edit(text, '      type: RuntimeDefault\n', '      type: RuntimeDefault\n    runAsNonRoot: true\n')}`,
    );
    assertFixed(fixed, 'pss-run-as-non-root');
  });
});

describe('rule: pss-run-as-user', () => {
  it('reports user 0 once, where it is set', () => {
    const text = edit(
      edit(restricted, '    runAsNonRoot: true\n', '    runAsNonRoot: true\n    runAsUser: 0\n'),
      '    - name: api\n',
      '    - name: sidecar\n      image: example/sidecar:1.0\n    - name: api\n',
    );
    assert.deepEqual(findings(text, 'pss-run-as-user', 'restricted'), [
      {
        code: 'pss-run-as-user',
        severity: warning,
        line: 'runAsUser: 0',
        text: '0',
        message: 'runAsUser: 0 runs the containers as root; use a non-zero user ID.',
      },
    ]);
    assert.deepEqual(
      findings(edit(text, 'runAsUser: 0', 'runAsUser: 10001'), 'pss-run-as-user', 'restricted'),
      [],
    );
  });
});

describe('rule: pss-volume-types', () => {
  it('reports volume types other than the Restricted ones', () => {
    const text = `${restricted}  volumes:\n    - name: shared\n      nfs:\n        server: nfs.example.com\n        path: /exports\n    - name: config\n      configMap: { name: api }\n    - name: model\n      image: { reference: example/model:1.0 }\n`;
    assert.deepEqual(
      findings(text, 'pss-volume-types', 'restricted').map((view) => [
        view.severity,
        view.text,
        view.message,
      ]),
      [
        [
          warning,
          'nfs',
          'Volume "shared" is of type nfs, which the Restricted level does not allow; use a persistentVolumeClaim (or csi, configMap, secret, emptyDir…).',
        ],
      ],
    );
  });
});

describe('rule: read-only-root-filesystem', () => {
  it('notes a writable root filesystem, and makes it read-only', () => {
    const text = edit(restricted, '        readOnlyRootFilesystem: true\n', '');
    assert.deepEqual(findings(text, 'read-only-root-filesystem'), [
      {
        code: 'read-only-root-filesystem',
        severity: hint,
        line: '- name: api',
        text: 'api',
        message:
          'Container "api" can write to its root filesystem; set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where it must write.',
      },
    ]);
    assert.deepEqual(
      findings(text, 'read-only-root-filesystem', 'restricted').map((view) => view.severity),
      [warning],
    );
    const fixed = applyFix(text, 'read-only-root-filesystem', 'Set readOnlyRootFilesystem: true');
    assert.equal(
      fixed,
      edit(
        text,
        '          add: [NET_BIND_SERVICE]\n',
        '          add: [NET_BIND_SERVICE]\n        readOnlyRootFilesystem: true\n',
      ),
    );
    const explicit = edit(restricted, 'readOnlyRootFilesystem: true', 'readOnlyRootFilesystem: false');
    assert.equal(
      applyFix(explicit, 'read-only-root-filesystem', 'Set readOnlyRootFilesystem: true'),
      restricted,
    );
  });
});
