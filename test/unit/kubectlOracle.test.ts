/**
 * The oracle for `podscope explain`: the real `kubectl explain` (1.30+), run against a fake API
 * server that serves the Kubernetes 1.36 OpenAPI v3 documents (derived from
 * `../shared/k8s-openapi/v1.36/swagger.json`, with the enum values a live server publishes),
 * must print byte for byte what podscope prints offline: stdout, stderr and the exit code.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { type FakeApiServer, discoveryFromSwagger, startFakeApiServer } from '../support/fakeApiServer';
import { type KubectlRun, KubectlSandbox, findKubectl, mapLimited } from '../support/kubectl';
import { type SwaggerDocument, deriveOpenApiV3, groupVersionPaths, publishEnums } from '../support/openapiV3';
import { apiVersionOf } from '../../server/src/catalog/catalog';
import { explain } from '../../server/src/catalog/explain';
import { runPodscope } from '../support/cliRunner';
import { testCatalog } from '../support/catalog';
import { sharedFile } from '../support/paths';

/** Each entry is the argument list after `explain`. */
export const oraclePaths: readonly (readonly string[])[] = [
  // Resources, by plural, singular, kind, short name and group-qualified name.
  ['pods'],
  ['pod'],
  ['po'],
  ['deployments'],
  ['deploy'],
  ['deployments.apps'],
  ['svc'],
  ['services'],
  ['cm'],
  ['secret'],
  ['sts'],
  ['ds'],
  ['rs'],
  ['job'],
  ['cj'],
  ['pvc'],
  ['pv'],
  ['ns'],
  ['node'],
  ['sa'],
  ['ing'],
  ['netpol'],
  ['pdb'],
  ['hpa'],
  ['role'],
  ['clusterrolebinding'],
  ['sc'],
  ['pc'],
  ['limits'],
  ['quota'],
  ['ep'],
  ['endpointslices'],
  ['lease'],
  ['csr'],
  ['runtimeclass'],
  ['crd'],
  ['ingressclass'],
  // Nested and deep fields.
  ['pod.spec'],
  ['pod.metadata'],
  ['pod.metadata.name'],
  ['pod.metadata.labels'],
  ['pod.metadata.ownerReferences'],
  ['pod.spec.containers'],
  ['pods.spec.containers'],
  ['deployment.spec.template.spec'],
  ['pods.spec.containers.ports'],
  ['pod.spec.containers.ports.containerPort'],
  ['pod.spec.containers.env'],
  ['pod.spec.containers.env.valueFrom.secretKeyRef'],
  ['pod.spec.containers.livenessProbe'],
  ['pod.spec.containers.livenessProbe.httpGet'],
  ['pod.spec.containers.securityContext'],
  ['pod.spec.containers.securityContext.capabilities'],
  ['pod.spec.containers.securityContext.capabilities.add'],
  ['pod.spec.containers.volumeMounts'],
  ['pod.spec.volumes'],
  ['pod.spec.volumes.configMap.items'],
  ['pod.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution'],
  ['pod.spec.tolerations'],
  ['pod.spec.topologySpreadConstraints'],
  ['pod.spec.securityContext'],
  ['pod.status'],
  ['deploy.spec'],
  ['deploy.spec.template'],
  ['deploy.spec.template.spec.containers.image'],
  ['deploy.spec.selector'],
  ['deploy.spec.strategy'],
  ['deploy.status.conditions'],
  ['sts.spec.volumeClaimTemplates'],
  ['sts.spec.volumeClaimTemplates.spec'],
  ['job.spec.podFailurePolicy.rules'],
  ['cj.spec.jobTemplate.spec.template.spec.restartPolicy'],
  ['svc.spec'],
  ['svc.spec.ports'],
  ['ing.spec.rules.http.paths'],
  ['hpa.spec.metrics'],
  ['cm.data'],
  ['secret.data'],
  // Times: metav1.Time and MicroTime print as the schema's type, string.
  ['pod.metadata.creationTimestamp'],
  ['pod.status.conditions'],
  ['pod.status.conditions.lastTransitionTime'],
  ['pod.status.startTime'],
  ['ev'],
  ['event.eventTime'],
  ['event.series'],
  ['lease.spec.renewTime'],
  // Enums: the ENUM block and the "Possible enum values" paragraph.
  ['pod.spec.restartPolicy'],
  ['pod.spec.dnsPolicy'],
  ['pod.spec.preemptionPolicy'],
  ['pod.spec.containers.imagePullPolicy'],
  ['pod.spec.containers.terminationMessagePolicy'],
  ['pod.spec.containers.ports.protocol'],
  ['pod.spec.containers.securityContext.seccompProfile.type'],
  ['pod.status.phase'],
  ['pod.status.qosClass'],
  ['svc.spec.type'],
  ['svc.spec.externalTrafficPolicy'],
  ['svc.spec.sessionAffinity'],
  ['deploy.spec.strategy.type'],
  ['cj.spec.concurrencyPolicy'],
  ['job.spec.completionMode'],
  ['job.spec.podFailurePolicy.rules.action'],
  ['pvc.spec.accessModes'],
  ['pvc.spec.volumeMode'],
  ['pv.spec.persistentVolumeReclaimPolicy'],
  ['pod.spec.tolerations.operator'],
  ['pod.spec.tolerations.effect'],
  ['node.spec.taints.effect'],
  // Maps, arrays, IntOrString, Quantity.
  ['pod.spec.nodeSelector'],
  ['pod.spec.overhead'],
  ['pod.spec.containers.resources'],
  ['pod.spec.containers.resources.limits'],
  ['pod.spec.containers.resources.requests'],
  ['pvc.spec.resources.requests'],
  ['quota.spec.hard'],
  ['pod.spec.containers.args'],
  ['pod.spec.imagePullSecrets'],
  ['pod.spec.containers.livenessProbe.httpGet.port'],
  ['svc.spec.ports.targetPort'],
  ['deploy.spec.strategy.rollingUpdate.maxSurge'],
  ['pdb.spec.minAvailable'],
  ['pod.spec.volumes.emptyDir.sizeLimit'],
  // --recursive.
  ['pod.spec.containers.ports', '--recursive'],
  ['deploy.spec.strategy', '--recursive'],
  ['pod.metadata', '--recursive'],
  ['svc.spec', '--recursive'],
  ['pod.spec.affinity', '--recursive'],
  ['pod.status', '--recursive'],
  ['cj.spec', '--recursive'],
  ['pod', '--recursive'],
  // Resolution as kubectl reads a request: JSONPath nodes, the <resource>.<group> prefix, map
  // values, more groups and deep schemas.
  ['Pod.spec'],
  ['pod.metadata.labels.foo'],
  ['pod.spec.containers.resources.limits.cpu'],
  ['crd.spec.versions.schema.openAPIV3Schema.properties.type'],
  ['pod..spec'],
  ['pod.spec.containers[0]'],
  ['pods.spec.containers[*]'],
  ['.pod'],
  ['foo..spec'],
  ['podlist[0]'],
  ['pod..spec', '--api-version', 'v1'],
  ['pod.spec.containers.metadata'],
  ['deploy.apps.spec'],
  ['deployment.apps.spec'],
  ['deployments.apps.spec.replicas'],
  ['Deployments.apps'],
  ['hpa.autoscaling'],
  ['horizontalpodautoscalers.autoscaling.spec'],
  ['ing.networking.k8s.io'],
  ['ingresses.networking.k8s.io.spec.rules'],
  ['events.events.k8s.io'],
  ['events.events.k8s.io.note'],
  ['events.note', '--api-version', 'events.k8s.io/v1'],
  ['deployments.v1.apps'],
  ['apiservices'],
  ['mutatingwebhookconfigurations.webhooks.rules'],
  ['validatingadmissionpolicies.spec.validations'],
  ['crd.spec.versions.schema.openAPIV3Schema'],
  ['crd.spec.versions.schema.openAPIV3Schema.properties'],
  ['crd.spec.versions.schema.openAPIV3Schema', '--recursive'],
  ['node.status.capacity'],
  ['hpa.spec.metrics.resource.target.averageValue'],
  ['pod.spec.volumes.ephemeral.volumeClaimTemplate.spec'],
  ['pod.spec.containers.resources.claims'],
  // --api-version.
  ['hpa', '--api-version', 'autoscaling/v1'],
  ['hpa.spec', '--api-version', 'autoscaling/v2'],
  ['cronjob', '--api-version', 'batch/v1'],
  ['pods', '--api-version', 'v1'],
  // Errors: exit code, stdout and stderr.
  ['foo'],
  ['foo.spec'],
  ['pod.spec.foo'],
  ['pod.foo'],
  ['pod.spec.containers.foo'],
  ['pod.spec.containers.foo.bar'],
  ['deploy.spec.template.spec.nope'],
  ['deploy', '--api-version', 'apps/v2'],
  ['pods', '--api-version', 'apps/v1'],
  ['deployments.apps.spec', '--api-version', 'apps/v1'],
  ['pod', '--api-version', 'a/b/c'],
  ['podlist', '--api-version', 'v1'],
  ['pod.spec.containers.name', '--recursive'],
  ['podlist'],
  ['deploymentlist.items'],
  ['scale'],
  ['eviction'],
];

/** The kubectl minor versions whose plaintext layout podscope follows (see the README). */
const minimumKubectlMinor = 30;

describe('podscope explain against the real kubectl explain (oracle)', function () {
  this.timeout(120_000);
  const swaggerFile = sharedFile('k8s-openapi/v1.36/swagger.json');
  const kubectl = findKubectl(minimumKubectlMinor);
  const missing =
    'missing' in swaggerFile ? swaggerFile.missing : 'missing' in kubectl ? kubectl.missing : undefined;
  if (missing !== undefined || 'missing' in swaggerFile || 'missing' in kubectl) {
    it.skip(`skipped: ${missing}`, () => undefined);
    return;
  }

  let server: FakeApiServer;
  let sandbox: KubectlSandbox;
  const kubectlRuns = new Map<string, KubectlRun>();

  before(async () => {
    const swagger = JSON.parse(fs.readFileSync(swaggerFile.path, 'utf8')) as SwaggerDocument;
    const documents = new Map(
      groupVersionPaths(swagger).map((path) => [
        path,
        publishEnums(deriveOpenApiV3(swagger, path), testCatalog()),
      ]),
    );
    server = await startFakeApiServer({
      gitVersion: 'v1.36.0',
      groups: discoveryFromSwagger(swagger),
      documents,
    });
    sandbox = KubectlSandbox.create(kubectl.path, server.url);
    // The first run fills kubectl's discovery cache; the rest run four at a time.
    const [first, ...rest] = oraclePaths;
    const key = (args: readonly string[]): string => args.join(' ');
    kubectlRuns.set(key(first!), await sandbox.run(['explain', ...first!]));
    const runs = await mapLimited(rest, 4, (args) => sandbox.run(['explain', ...args]));
    rest.forEach((args, index) => kubectlRuns.set(key(args), runs[index]!));
  });

  after(async () => {
    sandbox?.dispose();
    await server?.close();
  });

  it(`covers at least 100 paths`, () => {
    assert.ok(oraclePaths.length >= 100, `${oraclePaths.length} paths`);
  });

  it('prints what kubectl prints on every path: stdout, stderr, exit code', () => {
    const differences: string[] = [];
    for (const args of oraclePaths) {
      const expected = kubectlRuns.get(args.join(' '))!;
      const actual = runPodscope('explain', ...args);
      for (const stream of ['code', 'stdout', 'stderr'] as const) {
        if (actual[stream] !== expected[stream]) {
          differences.push(
            `explain ${args.join(' ')}: ${stream}\n--- kubectl\n${String(expected[stream])}\n--- podscope\n${String(actual[stream])}`,
          );
        }
      }
    }
    if (process.env.PODSCOPE_ORACLE_DUMP) {
      fs.writeFileSync(process.env.PODSCOPE_ORACLE_DUMP, differences.join('\n=====\n'));
    }
    assert.deepEqual(
      differences.map((difference) => difference.split('\n')[0]),
      [],
      differences.slice(0, 3).join('\n=====\n'),
    );
  });

  it('prints what kubectl prints on an API version that 1.36 no longer serves', async () => {
    // explain answers as one minor's API server (1.36 by default): extensions/v1beta1
    // Deployment, removed in 1.16, is served by no covered minor.
    const args = ['deploy', '--api-version', 'extensions/v1beta1'];
    const expected = {
      code: 1,
      stdout: '',
      stderr: 'error: couldn\'t find resource for "extensions/v1beta1, Resource=deployments"\n',
    };
    assert.deepEqual(await sandbox.run(['explain', ...args]), expected);
    assert.deepEqual(runPodscope('explain', ...args), expected);
  });
});

/**
 * Version skew: explain answers from the catalog's 1.36 view (kubernetes-models@5.1.0 with the
 * default-off betas of the official document), the oracle serves Kubernetes 1.36. Fields of the
 * definitions both have are equal (catalogFidelity.test.ts); the resources differ only at alpha
 * versions, which the catalog leaves out.
 */
describe('version skew between the catalog and the 1.36 documents the oracle serves', () => {
  const swaggerFile = sharedFile('k8s-openapi/v1.36/swagger.json');
  if ('missing' in swaggerFile) {
    it.skip(`skipped: ${swaggerFile.missing}`, () => undefined);
    return;
  }
  const catalog = testCatalog();
  const swagger = JSON.parse(fs.readFileSync(swaggerFile.path, 'utf8')) as SwaggerDocument;
  const served = new Set<string>();
  for (const { group, versions } of discoveryFromSwagger(swagger)) {
    for (const { version, resources } of versions) {
      for (const { resource } of resources) {
        served.add(`${group}/${version}/${resource}`);
      }
    }
  }
  const explainable = new Set(
    catalog.kinds
      .filter((kind) => explain(catalog, kind.resource, { apiVersion: apiVersionOf(kind) }).ok)
      .map((kind) => `${kind.group}/${kind.version}/${kind.resource}`),
  );
  const preGa = (resource: string): boolean => /\/v\d+(alpha|beta)\d+\//.test(resource);

  it('explains exactly the GA resources that 1.36 serves', () => {
    assert.deepEqual(
      [...explainable].filter((resource) => !preGa(resource)).sort(),
      [...served].filter((resource) => !preGa(resource)).sort(),
    );
  });

  it('explains no resource that 1.36 does not serve (removed APIs are explained at the minors serving them)', () => {
    const catalogOnly = [...explainable].filter((resource) => !served.has(resource));
    assert.deepEqual(catalogOnly, []);
  });

  it('lacks only the 9 resources of alpha versions that 1.36 serves (alpha versions are left out)', () => {
    const servedOnly = [...served].filter((resource) => !explainable.has(resource));
    assert.ok(
      servedOnly.every((resource) => /\/v\d+alpha\d+\//.test(resource)),
      servedOnly.join(' '),
    );
    assert.equal(servedOnly.length, 9, servedOnly.join(' '));
  });
});
