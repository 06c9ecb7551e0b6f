/**
 * Rules run on every keystroke, on whatever is in the editor: half-typed, wrongly typed,
 * aliased. None may throw, whatever the shape; and each stays fast on big lists.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { builtinRules } from '../../../server/src/rules';
import type { RuleContext, RuleFinding } from '../../../server/src/rules/rule';
import { defaultSettings } from '../../../server/src/common/settings';
import { ManifestParser } from '../../../server/src/yaml/manifestFile';
import { testCatalog } from '../../support/catalog';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Runs every rule on a text, at the given security levels, and returns what they found. */
function runRules(
  text: string,
  levels: readonly ('baseline' | 'restricted')[] = ['baseline', 'restricted'],
): RuleFinding[] {
  const catalog = testCatalog();
  const findings: RuleFinding[] = [];
  for (const document of new ManifestParser().parse(text).documents) {
    const { apiVersion, kind: kindName } = document.identity;
    const kind = apiVersion && kindName ? catalog.getKind(apiVersion, kindName) : undefined;
    if (!kind || document.toJS() === undefined) {
      continue;
    }
    for (const level of levels) {
      const context: RuleContext = {
        document,
        kind,
        catalog,
        settings: { ...defaultSettings, podSecurityStandard: level },
      };
      for (const rule of builtinRules) {
        try {
          findings.push(...rule.validate(context));
        } catch (error) {
          assert.fail(`${rule.id} threw on:\n${text}\n${(error as Error).stack ?? String(error)}`);
        }
      }
    }
  }
  for (const finding of findings) {
    assert.ok(finding.range[0] <= finding.range[1] && finding.range[0] >= 0, 'a finding has a valid range');
  }
  return findings;
}

const container: Json = {
  name: 'web',
  image: 'nginx:1.27',
  restartPolicy: 'Always',
  restartPolicyRules: [{ action: 'Restart', exitCodes: { operator: 'In', values: [42] } }],
  ports: [{ name: 'http', containerPort: 80, hostPort: 8080, protocol: 'TCP', hostIP: '0.0.0.0' }],
  env: [
    { name: 'API_TOKEN', value: 'x' },
    { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
  ],
  resources: {
    requests: { cpu: '500m', memory: '1Gi', 'nvidia.com/gpu': 1 },
    limits: { cpu: 1, memory: '1Gi' },
  },
  volumeMounts: [{ name: 'data', mountPath: '/data', subPath: 'x' }],
  volumeDevices: [{ name: 'raw', devicePath: '/dev/xvda' }],
  livenessProbe: {
    httpGet: { path: '/', port: 'http' },
    tcpSocket: { port: 80 },
    initialDelaySeconds: 120,
    periodSeconds: 5,
    timeoutSeconds: 9,
    successThreshold: 2,
    failureThreshold: 3,
  },
  readinessProbe: { httpGet: { path: '/', port: 'http' } },
  startupProbe: { exec: { command: ['true'] } },
  lifecycle: {
    preStop: { exec: { command: ['sh', '-c', 'sleep 100'] }, sleep: { seconds: 90 } },
    postStart: { httpGet: { port: 'admin' } },
  },
  securityContext: {
    privileged: true,
    allowPrivilegeEscalation: true,
    readOnlyRootFilesystem: false,
    runAsNonRoot: false,
    runAsUser: 0,
    procMount: 'Unmasked',
    capabilities: { add: ['SYS_ADMIN', 'CHOWN'], drop: ['NET_RAW'] },
    seccompProfile: { type: 'Unconfined' },
    appArmorProfile: { type: 'Unconfined' },
    seLinuxOptions: { type: 'spc_t', user: 'u', role: 'r' },
    windowsOptions: { hostProcess: true },
  },
};

const podSpec: Json = {
  restartPolicy: 'Never',
  serviceAccount: 'old',
  hostNetwork: true,
  hostPID: true,
  terminationGracePeriodSeconds: 30,
  securityContext: {
    runAsNonRoot: false,
    runAsUser: 0,
    seccompProfile: { type: 'Unconfined' },
    sysctls: [{ name: 'net.core.somaxconn', value: '1' }],
  },
  resources: { requests: { cpu: 2 }, limits: { cpu: 1 } },
  initContainers: [
    { name: 'web', image: 'busybox', livenessProbe: { exec: { command: ['true'] } }, restartPolicy: 'Never' },
    {
      name: 'sidecar',
      image: 'envoy',
      restartPolicy: 'Always',
      restartPolicyRules: [{ action: 'Restart' }],
      ports: [{ containerPort: 80, hostPort: 8080 }],
    },
  ],
  containers: [
    container,
    { name: 'Bad_Name', image: 'x:latest', ports: [{ containerPort: 80, hostPort: 8080 }] },
  ],
  ephemeralContainers: [{ name: 'debug', image: 'busybox', ports: [{ containerPort: 1 }], lifecycle: {} }],
  volumes: [
    { name: 'data', hostPath: { path: '/var' } },
    { name: 'data', nfs: { server: 'x', path: '/' } },
  ],
};

function deployment(spec: Json): Json {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'Web',
      labels: { 'a/b/c': '-x' },
      annotations: { 'container.apparmor.security.beta.kubernetes.io/web': 'unconfined' },
    },
    spec: {
      selector: {
        matchLabels: { app: 'web' },
        matchExpressions: [{ key: 'tier', operator: 'In', values: ['a'] }],
      },
      template: { metadata: { labels: { app: 'other' } }, spec },
    },
  };
}

/** A value of each wrong shape: nothing, a scalar, a list of junk. (fast-check tries the rest.) */
const odd: Json[] = [null, 'text', [null, 'x', 1]];

/** Every path into a JSON value, parents first. */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const result = [prefix];
  if (Array.isArray(value)) {
    value.forEach((item, index) => result.push(...paths(item, [...prefix, index])));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      result.push(...paths(child, [...prefix, key]));
    }
  }
  return result;
}

function replaceAt(value: Json, path: (string | number)[], replacement: Json): Json {
  if (path.length === 0) {
    return replacement;
  }
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    return value.map((item, index) => (index === head ? replaceAt(item, rest, replacement) : item));
  }
  if (value !== null && typeof value === 'object') {
    return { ...value, [head!]: replaceAt(value[head!]!, rest, replacement) };
  }
  return value;
}

describe('every rule on hostile input', () => {
  it('finds plenty in a pod that breaks every rule, without throwing', () => {
    const findings = runRules(stringify(deployment(podSpec)));
    assert.ok(findings.length > 50, `only ${findings.length} findings`);
  });

  it('never throws when any field of the pod holds a value of the wrong shape', function () {
    this.timeout(120_000);
    const manifest = deployment(podSpec);
    const specPath = ['spec', 'template', 'spec'];
    let runs = 0;
    // The security level changes severities only: one level is enough here. Every container
    // has the same fields: going into one of them is enough too.
    const sweep = paths(podSpec).filter(
      (path) => path.length <= 2 || (path[0] === 'containers' && path[1] === 0),
    );
    for (const path of sweep) {
      for (const value of odd) {
        runRules(stringify(replaceAt(manifest, [...specPath, ...path], value)), ['restricted']);
        runs++;
      }
    }
    // Also the levels above the pod spec: the template, the selector, the metadata.
    for (const path of paths(manifest).filter((candidate) => candidate.length <= 4)) {
      for (const value of odd) {
        runRules(stringify(replaceAt(manifest, path, value)), ['restricted']);
        runs++;
      }
    }
    assert.ok(runs > 300, `${runs} runs`);
  });

  it('never throws on random values anywhere in the pod, for every pod kind', function () {
    this.timeout(120_000);
    const kinds: [string, string, (string | number)[]][] = [
      ['v1', 'Pod', ['spec']],
      ['batch/v1', 'CronJob', ['spec', 'jobTemplate', 'spec', 'template', 'spec']],
      ['batch/v1', 'Job', ['spec', 'template', 'spec']],
      ['apps/v1', 'StatefulSet', ['spec', 'template', 'spec']],
      ['v1', 'ReplicationController', ['spec', 'template', 'spec']],
      ['v1', 'PodTemplate', ['template', 'spec']],
    ];
    const specPaths = paths(podSpec);
    fc.assert(
      fc.property(
        fc.constantFrom(...kinds),
        fc.constantFrom(...specPaths),
        fc.jsonValue({ maxDepth: 3 }),
        ([apiVersion, kind, specPath], path, value) => {
          const manifest: Json = {
            apiVersion,
            kind,
            metadata: { name: 'x' },
            ...nest(specPath, replaceAt(podSpec, path, value as Json)),
          };
          runRules(stringify(manifest));
        },
      ),
      { numRuns: 200, seed: 20_261_122 },
    );
  });

  it('never throws on odd YAML: aliases, merge keys, flow style, CRLF, numbers as names', () => {
    const texts = [
      `apiVersion: v1\nkind: Pod\nmetadata: { name: x }\nspec:\n  containers:\n    - &base\n      name: a\n      image: nginx\n    - <<: *base\n      name: b\n      ports: [{ containerPort: 80 }, { containerPort: 80 }]\n`,
      `apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: 123\r\nspec:\r\n  containers:\r\n    - name: 7\r\n      image: 8\r\n      env: [{ name: 9, value: 10 }]\r\n`,
      'apiVersion: v1\nkind: Pod\nspec: []\n',
      'apiVersion: v1\nkind: Pod\nspec:\n  containers: oops\n  volumes: 3\n',
      'apiVersion: apps/v1\nkind: Deployment\nspec:\n  selector: x\n  template: null\n',
      'apiVersion: apps/v1\nkind: Deployment\nspec:\n  selector:\n    matchExpressions: [1, null, { key: 3, operator: In, values: x }]\n  template: { metadata: { labels: [] } }\n',
      'apiVersion: batch/v1\nkind: Job\nspec:\n  manualSelector: true\n  selector: { matchLabels: { a: 1 } }\n  template: { spec: { containers: [ { name: a, image: b } ] } }\n',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n    - name: a\n      image: b\n      name: c\n',
    ];
    for (const text of texts) {
      runRules(text);
    }
  });

  it('stays linear on big lists', function () {
    this.timeout(60_000);
    const many = (count: number): string =>
      stringify(
        deployment({
          ...(podSpec as object),
          containers: Array.from({ length: count }, (_, index) => ({
            ...(container as object),
            name: `c${index % 50}`,
            ports: Array.from({ length: 20 }, (__, port) => ({
              name: `p${port % 10}`,
              containerPort: 8000 + port,
              hostPort: 9000,
            })),
            env: Array.from({ length: 20 }, (__, variable) => ({ name: `V${variable % 5}`, value: 'x' })),
          })),
          volumes: Array.from({ length: count }, (_, index) => ({ name: `v${index}`, emptyDir: {} })),
        }),
      );
    const catalog = testCatalog();
    // The rules alone, on a document parsed once: parsing is not theirs to answer for.
    const time = (text: string): number => {
      const document = new ManifestParser().parse(text).documents[0]!;
      document.toJS();
      const kind = catalog.getKind('apps/v1', 'Deployment')!;
      const context: RuleContext = { document, kind, catalog, settings: defaultSettings };
      const start = process.hrtime.bigint();
      for (const rule of builtinRules) {
        rule.validate(context);
      }
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    const small = many(25);
    const large = many(100);
    time(small);
    const smallTime = Math.min(time(small), time(small));
    const largeTime = Math.min(time(large), time(large));
    // Four times the input: linear work takes about four times as long; quadratic, sixteen.
    assert.ok(
      largeTime < smallTime * 9,
      `100 containers: ${smallTime.toFixed(1)} ms, 400: ${largeTime.toFixed(1)} ms`,
    );
  });
});

function nest(path: (string | number)[], value: Json): { [key: string]: Json } {
  let result: Json = value;
  for (const segment of [...path].reverse()) {
    result = { [segment]: result };
  }
  return result as { [key: string]: Json };
}
