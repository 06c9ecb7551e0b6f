/**
 * The kubectl explain oracle at older Kubernetes minors: the real `kubectl explain` against a
 * fake API server that serves the official OpenAPI v3 documents of 1.30 (and 1.35) for core/v1,
 * apps/v1 and batch/v1 (`../shared/k8s-openapi/v1.<m>/v3/`, api/openapi-spec/v3 of
 * kubernetes/kubernetes release-1.<m>), with discovery from that minor's v2 document, must print
 * byte for byte what `podscope explain --kubernetes-version 1.<m>` prints offline.
 *
 * The checked-in documents carry no enums (kubernetes/kubernetes PR #109178 took them out); a
 * live server publishes them, so the served documents get the enum values and paragraphs of the
 * catalog's view of that minor (as the 1.36 oracle does), which leaves the enum sets themselves
 * unchecked by this oracle: their spans are tested in catalogMerge.test.ts.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type FakeApiServer, discoveryFromSwagger, startFakeApiServer } from '../support/fakeApiServer';
import { type KubectlRun, KubectlSandbox, findKubectl, mapLimited } from '../support/kubectl';
import { type OpenApiV3Document, type SwaggerDocument, publishEnums } from '../support/openapiV3';
import { runPodscope } from '../support/cliRunner';
import { testCatalog } from '../support/catalog';
import { sharedFile } from '../support/paths';
import { oraclePaths } from './kubectlOracle.test';

/** The resources of core/v1, apps/v1 and batch/v1 (the groups the v3 documents cover). */
const servedResources = new Set([
  'pods',
  'pod',
  'po',
  'Pod',
  'deployments',
  'deploy',
  'deployment',
  'svc',
  'services',
  'cm',
  'secret',
  'sts',
  'ds',
  'rs',
  'job',
  'cj',
  'pvc',
  'pv',
  'ns',
  'node',
  'sa',
  'limits',
  'quota',
  'ep',
  'podlist',
  'deploymentlist',
  'foo',
]);

/** Fields whose existence, description or required-ness changed between 1.30 and 1.36. */
const minorPaths: readonly (readonly string[])[] = [
  // Added in 1.32 (PodSpec.resources), 1.33 (Lifecycle.stopSignal), 1.34 (hostnameOverride).
  ['pod.spec.resources'],
  ['pod.spec.containers.lifecycle.stopSignal'],
  ['pod.spec.hostnameOverride'],
  ['pod.spec.containers.lifecycle'],
  // The 1.30 text of Toleration.operator lists Exists and Equal only; Gt and Lt came in 1.35.
  ['pod.spec.tolerations.operator'],
  // StatefulSetSpec.serviceName is required until 1.32.
  ['sts.spec'],
  ['sts.spec.serviceName'],
  ['pod.spec.securityContext', '--recursive'],
  ['pod.spec.resourceClaims'],
  ['pod.status.podIPs.ip'],
  ['pod.status.hostIPs'],
  ['job.spec.podFailurePolicy.rules.onPodConditions'],
];

const documentFiles: Record<string, string> = {
  'api/v1': 'api__v1_openapi.json',
  'apis/apps/v1': 'apis__apps__v1_openapi.json',
  'apis/batch/v1': 'apis__batch__v1_openapi.json',
};

/**
 * Known differences, each with its reason; any other is a failure. The 1.30 v3 files are a later
 * state of the release-1.30 branch than the v2 document the catalog takes 1.30 from
 * (../shared/k8s-openapi/README.txt): they require HostIP.ip and PodIP.ip, v1.30.1's v2 does not.
 */
const knownDifferences: Record<number, readonly string[]> = {
  30: ['pod.status --recursive', 'pod --recursive', 'pod.status.hostIPs'],
  35: [],
};

const minimumKubectlMinor = 30;

for (const [minor, gitVersion] of [
  [30, 'v1.30.1'],
  [35, 'v1.35.0'],
] as const) {
  describe(`podscope explain --kubernetes-version 1.${minor} against the real kubectl explain (oracle)`, function () {
    this.timeout(120_000);
    const swaggerFile = sharedFile(`k8s-openapi/v1.${minor}/swagger.json`);
    const v3Folder = sharedFile(`k8s-openapi/v1.${minor}/v3`);
    const kubectl = findKubectl(minimumKubectlMinor);
    const missing = [swaggerFile, v3Folder, kubectl].find((found) => 'missing' in found);
    if (missing !== undefined || 'missing' in swaggerFile || 'missing' in v3Folder || 'missing' in kubectl) {
      it.skip(`skipped: ${missing && 'missing' in missing ? missing.missing : ''}`, () => undefined);
      return;
    }
    const paths = [
      ...oraclePaths.filter((args) => servedResources.has(args[0]!.replace(/^\./, '').split(/[.[]/)[0]!)),
      ...minorPaths,
    ];
    let server: FakeApiServer;
    let sandbox: KubectlSandbox;
    const kubectlRuns = new Map<string, KubectlRun>();
    const key = (args: readonly string[]): string => args.join(' ');

    before(async () => {
      const swagger = JSON.parse(fs.readFileSync(swaggerFile.path, 'utf8')) as SwaggerDocument;
      const catalog = testCatalog().atMinor(minor);
      const documents = new Map(
        Object.entries(documentFiles).map(([groupVersion, file]) => [
          groupVersion,
          publishEnums(
            JSON.parse(fs.readFileSync(path.join(v3Folder.path, file), 'utf8')) as OpenApiV3Document,
            catalog,
          ),
        ]),
      );
      server = await startFakeApiServer({ gitVersion, groups: discoveryFromSwagger(swagger), documents });
      sandbox = KubectlSandbox.create(kubectl.path, server.url);
      const [first, ...rest] = paths;
      kubectlRuns.set(key(first!), await sandbox.run(['explain', ...first!]));
      const runs = await mapLimited(rest, 4, (args) => sandbox.run(['explain', ...args]));
      rest.forEach((args, index) => kubectlRuns.set(key(args), runs[index]!));
    });

    after(async () => {
      sandbox?.dispose();
      await server?.close();
    });

    it('covers at least 60 paths of core/v1, apps/v1 and batch/v1', () => {
      assert.ok(paths.length >= 60, `${paths.length} paths`);
    });

    it('prints what kubectl prints on every path (stdout, stderr, exit code), but for the differences listed', () => {
      const differences = new Map<string, string>();
      for (const args of paths) {
        const expected = kubectlRuns.get(key(args))!;
        const actual = runPodscope('explain', ...args, '--kubernetes-version', `1.${minor}`);
        for (const stream of ['code', 'stdout', 'stderr'] as const) {
          if (actual[stream] !== expected[stream] && !differences.has(key(args))) {
            differences.set(
              key(args),
              `explain ${key(args)}: ${stream}\n--- kubectl\n${String(expected[stream])}\n--- podscope\n${String(actual[stream])}`,
            );
          }
        }
      }
      assert.deepEqual(
        [...differences.keys()],
        knownDifferences[minor],
        [...differences.values()].join('\n=====\n'),
      );
    });

    if (minor === 30) {
      it('answers as 1.36 without --kubernetes-version: a 1.32 field exists there, not in 1.30', () => {
        assert.equal(runPodscope('explain', 'pod.spec.resources').code, 0);
        const old = runPodscope('explain', 'pod.spec.resources', '--kubernetes-version', '1.30');
        const kubectlRun = kubectlRuns.get('pod.spec.resources')!;
        assert.deepEqual(
          { code: old.code, stderr: old.stderr },
          { code: kubectlRun.code, stderr: kubectlRun.stderr },
        );
        assert.equal(old.code, 1);
      });
    }
  });
}
