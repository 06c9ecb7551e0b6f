import * as assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { type Catalog, type SchemaType } from '../../server/src/catalog/catalog';
import {
  podSpecPath,
  podTemplateMetadataPath,
  runsToCompletion,
} from '../../server/src/kubernetes/workloads';
import { valueAt } from '../../server/src/common/guards';
import { testCatalog } from '../support/catalog';
import {
  expandAllSnippets,
  expandSnippet,
  insertAtIndentation,
  loadSnippets,
  snippetPlacements,
  wrapFragmentInPod,
  wrapperContainer,
  type ExpandedSnippet,
} from '../support/snippets';

type Json = Record<string, unknown>;

/** Parses one YAML document the way the snippet is meant to be read, failing on any error. */
function parseYaml(text: string): unknown {
  const documents = parseAllDocuments(text, { version: '1.1' });
  assert.ok(Array.isArray(documents), 'the text holds no document');
  assert.equal(documents.length, 1, 'expected exactly one YAML document');
  const [document] = documents;
  assert.ok(document);
  assert.deepEqual(
    [...document.errors, ...document.warnings].map((problem) => problem.message),
    [],
  );
  return document.toJS();
}

function parseManifest(text: string): Json {
  const value = parseYaml(text);
  assert.ok(isObject(value), 'the document is not a mapping');
  return value;
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function objectAt(root: unknown, path: readonly (string | number)[]): Json {
  const value = valueAt(root, path);
  assert.ok(isObject(value), `${path.join('.')} is not a mapping`);
  return value;
}

function listAt(root: unknown, path: readonly (string | number)[]): unknown[] {
  const value = valueAt(root, path);
  assert.ok(Array.isArray(value), `${path.join('.')} is not a list`);
  return value;
}

/** Every place the Kubernetes schema (our 1.36 catalog) disagrees with a manifest. */
function schemaProblems(catalog: Catalog, manifest: Json): string[] {
  const { apiVersion, kind } = manifest;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    return ['apiVersion and kind must be strings'];
  }
  const entry = catalog.getKind(apiVersion, kind);
  if (!entry) {
    return [`${apiVersion} ${kind} is not a built-in kind`];
  }
  const problems: string[] = [];
  checkValue(catalog, { kind: 'ref', id: entry.definition }, manifest, kind, problems);
  return problems;
}

function checkValue(
  catalog: Catalog,
  type: SchemaType,
  value: unknown,
  at: string,
  problems: string[],
): void {
  switch (type.kind) {
    case 'any':
      return;
    case 'scalar':
    case 'union': {
      const names =
        type.kind === 'scalar' ? [type.name] : type.members.map((member) => JSON.stringify(member));
      const members = type.kind === 'scalar' ? [type] : type.members;
      if (!members.some((member) => member.kind === 'scalar' && scalarMatches(member.name, value))) {
        problems.push(`${at}: expected ${names.join(' or ')}, found ${JSON.stringify(value)}`);
      }
      return;
    }
    case 'array':
      if (!Array.isArray(value)) {
        problems.push(`${at}: expected a list`);
        return;
      }
      value.forEach((item, index) => checkValue(catalog, type.items, item, `${at}[${index}]`, problems));
      return;
    case 'map':
      if (!isObject(value)) {
        problems.push(`${at}: expected a mapping`);
        return;
      }
      for (const [key, item] of Object.entries(value)) {
        checkValue(catalog, type.values, item, `${at}.${key}`, problems);
      }
      return;
    case 'ref': {
      const definition = catalog.getDefinition(type.id);
      if (!definition) {
        problems.push(`${at}: unknown definition ${type.id}`);
        return;
      }
      if (!definition.properties) {
        if (definition.type) {
          checkValue(catalog, catalog.parseType(definition.type), value, at, problems);
        }
        return;
      }
      if (!isObject(value)) {
        problems.push(`${at}: expected a mapping`);
        return;
      }
      for (const required of definition.required ?? []) {
        if (!(required in value)) {
          problems.push(`${at}: missing required field ${required}`);
        }
      }
      for (const [key, item] of Object.entries(value)) {
        const field = definition.properties[key];
        if (!field) {
          problems.push(`${at}: unknown field ${key}`);
          continue;
        }
        checkValue(catalog, catalog.parseType(field.type), item, `${at}.${key}`, problems);
        const allowed = field.enum;
        if (allowed) {
          for (const scalar of Array.isArray(item) ? item : [item]) {
            if (!allowed.includes(String(scalar))) {
              problems.push(`${at}.${key}: ${JSON.stringify(scalar)} is not one of ${allowed.join(', ')}`);
            }
          }
        }
      }
      return;
    }
  }
}

function scalarMatches(name: 'string' | 'integer' | 'number' | 'boolean', value: unknown): boolean {
  switch (name) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
  }
}

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const suffixes: Record<string, number> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
};

/** A Kubernetes quantity as a number, for the suffixes our snippets use. */
function quantity(value: unknown): number {
  const match = /^(\d+(?:\.\d+)?)([a-zA-Z]*)$/.exec(String(value));
  const factor = match?.[2] === undefined ? undefined : suffixes[match[2]];
  assert.ok(match?.[1] !== undefined && factor !== undefined, `${String(value)} is not a quantity we know`);
  return Number(match[1]) * factor;
}

/** The tag of an image reference, or undefined without one (a digest counts as a tag). */
function imageTag(image: string): string | undefined {
  if (image.includes('@')) {
    return image.slice(image.indexOf('@') + 1);
  }
  const colon = image.lastIndexOf(':');
  return colon > image.lastIndexOf('/') ? image.slice(colon + 1) : undefined;
}

function assertCompleteResources(container: Json, where: string): void {
  const resources = objectAt(container, ['resources']);
  for (const resource of ['cpu', 'memory']) {
    const request = valueAt(resources, ['requests', resource]);
    const limit = valueAt(resources, ['limits', resource]);
    assert.ok(
      request !== undefined && limit !== undefined,
      `${where}: ${resource} needs a request and a limit`,
    );
    assert.ok(quantity(request) <= quantity(limit), `${where}: the ${resource} request exceeds its limit`);
  }
}

function containersOf(podSpec: Json): { list: string; container: Json }[] {
  return ['initContainers', 'containers'].flatMap((list) =>
    ((podSpec[list] as unknown[] | undefined) ?? []).map((container) => {
      assert.ok(isObject(container), `${list} holds a non-mapping`);
      return { list, container };
    }),
  );
}

describe('snippets', () => {
  describe('expandSnippet: VS Code snippet syntax with default values', () => {
    it('drops bare tab stops and $0, and keeps placeholder defaults', () => {
      const expansion = expandSnippet(['name: ${1:app}', 'image: $2', 'other: ${3}$0']);
      assert.equal(expansion.text, 'name: app\nimage: \nother: ');
      assert.deepEqual(expansion.tabStops, [
        { index: 1, hasValue: true },
        { index: 2, hasValue: false },
        { index: 3, hasValue: false },
        { index: 0, hasValue: false },
      ]);
    });

    it('gives mirrors the value of the first valued placeholder, before or after them', () => {
      assert.equal(expandSnippet('$1 ${1:web} ${1} $1').text, 'web web web web');
      // VS Code's rule: a later placeholder's own default is replaced by the first one.
      assert.equal(expandSnippet('${1:first} ${1:second}').text, 'first first');
    });

    it('takes the first option of a choice, with its escapes', () => {
      const expansion = expandSnippet('policy: ${1|Always,IfNotPresent,Never|}; ${2|a\\,b,c\\|d|}');
      assert.equal(expansion.text, 'policy: Always; a,b');
      assert.deepEqual(expansion.tabStops, [
        { index: 1, hasValue: true, choices: ['Always', 'IfNotPresent', 'Never'] },
        { index: 2, hasValue: true, choices: ['a,b', 'c|d'] },
      ]);
    });

    it('expands nested placeholders, parent first', () => {
      const expansion = expandSnippet('${1:image: ${2:nginx}:${3:1.27}} $2');
      assert.equal(expansion.text, 'image: nginx:1.27 nginx');
      assert.deepEqual(
        expansion.tabStops.map((stop) => stop.index),
        [1, 2, 3, 2],
      );
    });

    it('unescapes \\$, \\} and \\\\, and keeps other backslashes and lone dollars', () => {
      assert.equal(
        expandSnippet('echo \\$HOME \\} \\\\ \\n ${1:a\\}b} $(date) ${ x').text,
        'echo $HOME } \\ \\n a}b $(date) ${ x',
      );
    });

    it('rejects variables, transforms and unclosed placeholders', () => {
      assert.throws(() => expandSnippet('echo $HOME'), /variables are not supported/);
      assert.throws(() => expandSnippet('${TM_FILENAME}'), /variables are not supported/);
      assert.throws(() => expandSnippet('${1/a/b/}'), /transforms are not supported/);
      assert.throws(() => expandSnippet('${1:open'), /is not closed/);
      assert.throws(() => expandSnippet('${1|a,b}'), /is not closed/);
      assert.throws(() => expandSnippet('${1|a|b|}'), /unescaped \|/);
    });
  });

  describe('snippets/kubernetes.json', () => {
    const snippets = loadSnippets();
    const expanded = expandAllSnippets();
    const byPrefix = new Map(expanded.map((snippet) => [snippet.prefix, snippet]));
    const get = (prefix: string): ExpandedSnippet => {
      const snippet = byPrefix.get(prefix);
      assert.ok(snippet, `no snippet with prefix ${prefix}`);
      return snippet;
    };

    it('gives every snippet a unique k8s- prefix, a description and a placement', () => {
      const prefixes = [...snippets.values()].map((snippet) => snippet.prefix);
      assert.deepEqual(
        prefixes.filter((prefix) => !/^k8s-[a-z0-9]+(-[a-z0-9]+)*$/.test(prefix)),
        [],
      );
      assert.equal(new Set(prefixes).size, prefixes.length, 'prefixes must be unique');
      for (const [name, snippet] of snippets) {
        assert.ok(snippet.description.trim().length >= 20, `${name} needs a description`);
        assert.ok(snippet.body.length > 0, `${name} has an empty body`);
        assert.ok(
          snippet.body.every((line) => !/\s$/.test(line) && !line.includes('\t')),
          `${name} has trailing whitespace or tabs`,
        );
      }
      assert.deepEqual([...prefixes].sort(), Object.keys(snippetPlacements).sort());
    });

    for (const snippet of expanded) {
      describe(snippet.prefix, () => {
        it('numbers its tab stops 1..n in document order, one default each, $0 at most once', () => {
          const stops = snippet.expansion.tabStops;
          const firstSeen = [...new Set(stops.map((stop) => stop.index).filter((index) => index !== 0))];
          assert.deepEqual(
            firstSeen,
            firstSeen.map((_, position) => position + 1),
          );
          assert.ok(stops.filter((stop) => stop.index === 0).length <= 1, '$0 appears more than once');
          for (const index of firstSeen) {
            const occurrences = stops.filter((stop) => stop.index === index);
            assert.equal(occurrences[0]?.hasValue, true, `the first $${index} must carry the default`);
            assert.ok(
              occurrences.slice(1).every((stop) => !stop.hasValue),
              `later $${index} must be bare mirrors`,
            );
          }
        });

        it('expands into YAML that parses without errors', () => {
          const fragment = parseYaml(snippet.expansion.text);
          assert.ok(
            Array.isArray(fragment) ===
              (snippet.placement === 'containers' || snippet.placement === 'initContainers'),
            'a container snippet is a list item, every other snippet a mapping',
          );
          parseManifest(snippet.manifest);
        });

        it('matches the Kubernetes 1.36 schema once placed into a manifest', () => {
          assert.deepEqual(schemaProblems(testCatalog(), parseManifest(snippet.manifest)), []);
        });

        it('names everything as DNS labels and pins every image to a tag other than latest', () => {
          const manifest = parseManifest(snippet.manifest);
          const kind = String(manifest.kind);
          assert.match(String(valueAt(manifest, ['metadata', 'name'])), dnsLabel);
          const specPath = podSpecPath(kind);
          assert.ok(specPath, `${kind} has no pod`);
          for (const { container } of containersOf(objectAt(manifest, specPath))) {
            assert.match(String(container.name), dnsLabel);
            assert.equal(
              typeof container.image,
              'string',
              `container ${String(container.name)} has no image`,
            );
            const tag = imageTag(String(container.image));
            assert.ok(tag !== undefined && tag !== 'latest', `${String(container.image)} is not pinned`);
          }
        });
      });
    }

    describe('full manifests', () => {
      const manifests = expanded.filter((snippet) => snippet.placement === 'manifest');

      it('pair each kind with its API version', () => {
        assert.deepEqual(
          Object.fromEntries(
            manifests.map((snippet) => {
              const manifest = parseManifest(snippet.manifest);
              return [snippet.prefix, `${String(manifest.apiVersion)} ${String(manifest.kind)}`];
            }),
          ),
          {
            'k8s-pod': 'v1 Pod',
            'k8s-deployment': 'apps/v1 Deployment',
            'k8s-statefulset': 'apps/v1 StatefulSet',
            'k8s-daemonset': 'apps/v1 DaemonSet',
            'k8s-job': 'batch/v1 Job',
            'k8s-cronjob': 'batch/v1 CronJob',
          },
        );
      });

      for (const snippet of manifests) {
        it(`${snippet.prefix}: pod template, restart policy, resources and probes fit the kind`, () => {
          const manifest = parseManifest(snippet.manifest);
          const kind = String(manifest.kind);
          const podSpec = objectAt(manifest, podSpecPath(kind) ?? []);
          const templateMetadata = podTemplateMetadataPath(kind);
          if (templateMetadata && !runsToCompletion(kind)) {
            const labels = objectAt(manifest, [...templateMetadata, 'labels']);
            assert.deepEqual(valueAt(manifest, ['spec', 'selector', 'matchLabels']), labels);
            assert.deepEqual(valueAt(manifest, ['metadata', 'labels']), labels);
          }
          if (runsToCompletion(kind)) {
            assert.ok(
              ['OnFailure', 'Never'].includes(String(podSpec.restartPolicy)),
              'a Job pod must not restart Always',
            );
          }
          for (const { list, container } of containersOf(podSpec)) {
            assertCompleteResources(container, `${list} ${String(container.name)}`);
            if (container.ports !== undefined) {
              assert.ok(
                container.readinessProbe && container.livenessProbe,
                'a serving container needs probes',
              );
            }
          }
        });
      }

      it('k8s-statefulset names its governing Service and mounts its claim template', () => {
        const manifest = parseManifest(get('k8s-statefulset').manifest);
        assert.equal(valueAt(manifest, ['spec', 'serviceName']), 'web');
        assert.equal(valueAt(manifest, ['spec', 'volumeClaimTemplates', 0, 'metadata', 'name']), 'data');
        assert.equal(
          valueAt(manifest, ['spec', 'volumeClaimTemplates', 0, 'spec', 'resources', 'requests', 'storage']),
          '1Gi',
        );
        assert.deepEqual(valueAt(manifest, ['spec', 'template', 'spec', 'containers', 0, 'volumeMounts']), [
          { name: 'data', mountPath: '/usr/share/nginx/html' },
        ]);
      });

      it('k8s-cronjob quotes its schedule and runs in a fixed time zone without overlaps', () => {
        const manifest = parseManifest(get('k8s-cronjob').manifest);
        assert.equal(valueAt(manifest, ['spec', 'schedule']), '*/15 * * * *');
        assert.equal(valueAt(manifest, ['spec', 'timeZone']), 'Etc/UTC');
        assert.equal(valueAt(manifest, ['spec', 'concurrencyPolicy']), 'Forbid');
      });

      it('k8s-job and k8s-cronjob run their script through sh -c', () => {
        for (const [prefix, kind] of [
          ['k8s-job', 'Job'],
          ['k8s-cronjob', 'CronJob'],
        ] as const) {
          const manifest = parseManifest(get(prefix).manifest);
          const command = listAt(manifest, [...(podSpecPath(kind) ?? []), 'containers', 0, 'command']);
          assert.deepEqual(command.slice(0, 2), ['sh', '-c']);
          assert.match(String(command[2]), /^\S.*\n$/);
        }
      });
    });

    describe('fragments', () => {
      const podOf = (prefix: string): Json => parseManifest(get(prefix).manifest);
      const mainContainer = (prefix: string): Json => objectAt(podOf(prefix), ['spec', 'containers', 0]);

      it('k8s-container is a complete serving container under containers:', () => {
        const container = objectAt(podOf('k8s-container'), ['spec', 'containers', 0]);
        assert.equal(container.name, 'app');
        assert.equal(container.image, 'nginx:1.27');
        assert.equal(container.imagePullPolicy, 'IfNotPresent');
        assertCompleteResources(container, 'k8s-container');
        assert.deepEqual(valueAt(container, ['readinessProbe', 'httpGet']), { path: '/', port: 'http' });
        assert.deepEqual(container.ports, [{ name: 'http', containerPort: 80 }]);
      });

      it('k8s-init-container runs to completion; k8s-sidecar restarts Always', () => {
        const init = objectAt(podOf('k8s-init-container'), ['spec', 'initContainers', 0]);
        assert.equal(init.restartPolicy, undefined);
        assert.deepEqual(listAt(init, ['command']).slice(0, 2), ['sh', '-c']);
        assertCompleteResources(init, 'k8s-init-container');
        const sidecar = objectAt(podOf('k8s-sidecar'), ['spec', 'initContainers', 0]);
        assert.equal(sidecar.restartPolicy, 'Always');
        assertCompleteResources(sidecar, 'k8s-sidecar');
        assert.equal(valueAt(podOf('k8s-sidecar'), ['spec', 'containers', 0, 'name']), wrapperContainer.name);
      });

      const handlerFields = { http: 'httpGet', tcp: 'tcpSocket', exec: 'exec', grpc: 'grpc' } as const;
      for (const probe of ['liveness', 'readiness', 'startup'] as const) {
        for (const [handler, field] of Object.entries(handlerFields)) {
          const prefix = `k8s-${probe}-${handler}`;
          it(`${prefix} adds a ${probe}Probe with only a ${field} handler`, () => {
            const container = mainContainer(prefix);
            assert.deepEqual(Object.keys(container), ['name', 'image', `${probe}Probe`]);
            const settings = objectAt(container, [`${probe}Probe`]);
            assert.deepEqual(
              Object.keys(settings).filter((key) => Object.values(handlerFields).includes(key as never)),
              [field],
            );
            // The API server rejects a liveness or startup probe with successThreshold other than 1.
            if (probe !== 'readiness') {
              assert.ok([undefined, 1].includes(settings.successThreshold as number | undefined));
            }
            assert.ok(Number(settings.periodSeconds) > 0 && Number(settings.failureThreshold) > 0);
          });
        }
      }

      it('k8s-resources sets requests and limits for cpu and memory', () => {
        assert.deepEqual(mainContainer('k8s-resources').resources, {
          requests: { cpu: '100m', memory: '128Mi' },
          limits: { cpu: '500m', memory: '256Mi' },
        });
      });

      it('the env snippets read a whole ConfigMap or Secret, or one key of it', () => {
        assert.deepEqual(mainContainer('k8s-envfrom-configmap').envFrom, [
          { configMapRef: { name: 'my-config' } },
        ]);
        assert.deepEqual(mainContainer('k8s-envfrom-secret').envFrom, [{ secretRef: { name: 'my-secret' } }]);
        assert.deepEqual(mainContainer('k8s-env-configmap-key').env, [
          { name: 'MY_SETTING', valueFrom: { configMapKeyRef: { name: 'my-config', key: 'my-setting' } } },
        ]);
        assert.deepEqual(mainContainer('k8s-env-secret-key').env, [
          { name: 'MY_PASSWORD', valueFrom: { secretKeyRef: { name: 'my-secret', key: 'password' } } },
        ]);
      });

      it('the volume snippets declare one pod volume each; k8s-volume-mount mounts one', () => {
        const sources = {
          'k8s-volume-emptydir': 'emptyDir',
          'k8s-volume-configmap': 'configMap',
          'k8s-volume-secret': 'secret',
          'k8s-volume-pvc': 'persistentVolumeClaim',
        };
        for (const [prefix, source] of Object.entries(sources)) {
          const volumes = listAt(podOf(prefix), ['spec', 'volumes']);
          assert.equal(volumes.length, 1);
          assert.deepEqual(Object.keys(volumes[0] as Json), ['name', source]);
        }
        assert.deepEqual(mainContainer('k8s-volume-mount').volumeMounts, [
          { name: 'config', mountPath: '/etc/config', readOnly: true },
        ]);
      });

      it('the security contexts meet the restricted Pod Security Standard', () => {
        const container = objectAt(mainContainer('k8s-security-context'), ['securityContext']);
        assert.equal(container.runAsNonRoot, true);
        assert.equal(container.allowPrivilegeEscalation, false);
        assert.deepEqual(valueAt(container, ['capabilities', 'drop']), ['ALL']);
        assert.deepEqual(container.seccompProfile, { type: 'RuntimeDefault' });
        const pod = objectAt(podOf('k8s-pod-security-context'), ['spec', 'securityContext']);
        assert.equal(pod.runAsNonRoot, true);
        assert.notEqual(pod.runAsUser, 0);
        assert.deepEqual(pod.seccompProfile, { type: 'RuntimeDefault' });
      });

      it('the lifecycle snippets add postStart and preStop handlers', () => {
        const hooks = (prefix: string): Record<string, string[]> =>
          Object.fromEntries(
            Object.entries(objectAt(mainContainer(prefix), ['lifecycle'])).map(([hook, handler]) => [
              hook,
              Object.keys(handler as Json),
            ]),
          );
        assert.deepEqual(hooks('k8s-lifecycle'), { postStart: ['exec'], preStop: ['sleep'] });
        assert.deepEqual(hooks('k8s-poststart-exec'), { postStart: ['exec'] });
        assert.deepEqual(hooks('k8s-poststart-http'), { postStart: ['httpGet'] });
        assert.deepEqual(hooks('k8s-prestop-sleep'), { preStop: ['sleep'] });
        assert.deepEqual(hooks('k8s-prestop-exec'), { preStop: ['exec'] });
        assert.deepEqual(hooks('k8s-prestop-http'), { preStop: ['httpGet'] });
        // A preStop sleep must end within the default 30 s grace period.
        assert.ok(
          Number(valueAt(mainContainer('k8s-prestop-sleep'), ['lifecycle', 'preStop', 'sleep', 'seconds'])) <
            30,
        );
      });
    });
  });

  describe('schemaProblems (the oracle the snippets are checked with)', () => {
    it('reports unknown and missing fields, wrong types and values outside an enum', () => {
      const manifest = parseManifest(
        [
          'apiVersion: v1',
          'kind: Pod',
          'metadata:',
          '  name: broken',
          'spec:',
          '  restartPolicy: Sometimes',
          '  containers:',
          '    - image: nginx:1.27',
          '      livenessProbe:',
          '        httpGet:',
          '          path: /healthz',
          '          port: http',
          '        periodSecond: 10',
          '      ports:',
          '        - containerPort: "80"',
          '',
        ].join('\n'),
      );
      assert.deepEqual(schemaProblems(testCatalog(), manifest), [
        'Pod.spec.restartPolicy: "Sometimes" is not one of Always, Never, OnFailure',
        'Pod.spec.containers[0]: missing required field name',
        'Pod.spec.containers[0].livenessProbe: unknown field periodSecond',
        'Pod.spec.containers[0].ports[0].containerPort: expected integer, found "80"',
      ]);
      assert.deepEqual(schemaProblems(testCatalog(), { apiVersion: 'apps/v1', kind: 'Pod' }), [
        'apps/v1 Pod is not a built-in kind',
      ]);
    });
  });

  describe('wrapFragmentInPod', () => {
    it('indents every line of a fragment to its place, as VS Code does', () => {
      assert.equal(insertAtIndentation('a:\n  b: 1', '    '), '    a:\n      b: 1');
      assert.equal(
        wrapFragmentInPod('container', 'volumeMounts:\n  - name: config\n    mountPath: /etc/config', 'demo'),
        [
          'apiVersion: v1',
          'kind: Pod',
          'metadata:',
          '  name: demo',
          'spec:',
          '  containers:',
          '    - name: main',
          '      image: nginx:1.27',
          '      volumeMounts:',
          '        - name: config',
          '          mountPath: /etc/config',
          '  volumes:',
          '    - name: config',
          '      emptyDir: {}',
          '',
        ].join('\n'),
      );
    });

    it('puts init containers before a main container, and pod spec fields after it', () => {
      const init = parseManifest(wrapFragmentInPod('initContainers', '- name: init\n  image: busybox:1.37'));
      assert.deepEqual(init.spec, {
        initContainers: [{ name: 'init', image: 'busybox:1.37' }],
        containers: [{ ...wrapperContainer }],
      });
      const podSpec = parseManifest(wrapFragmentInPod('podSpec', 'hostNetwork: true'));
      assert.deepEqual(podSpec.spec, { containers: [{ ...wrapperContainer }], hostNetwork: true });
    });
  });
});
