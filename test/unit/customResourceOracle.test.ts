/**
 * The oracle for `podscope explain` of custom resources: the real `kubectl explain` (1.30+),
 * against a fake API server that serves real projects' CRDs as the API server publishes them
 * (test/support/crdOpenApi.ts, after apiextensions-apiserver's builder.go), must print byte for
 * byte what podscope prints offline from the same CRD files in the current folder. The CRDs are
 * read from /work/corpus-crd when it is there (never committed); pending otherwise.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { runCli } from '../../server/src/cli/cli';
import { crdDiscovery, crdOpenApiV3, type CrdVersionDocument } from '../support/crdOpenApi';
import { type FakeApiServer, discoveryFromSwagger, startFakeApiServer } from '../support/fakeApiServer';
import { type KubectlRun, KubectlSandbox, findKubectl, mapLimited } from '../support/kubectl';
import { type SwaggerDocument, deriveOpenApiV3, type JsonSchema } from '../support/openapiV3';
import { sharedFile } from '../support/paths';

const corpus = '/work/corpus-crd';
/** A few CRDs of different shapes and generators (controller-gen, Argo's, Istio's). */
const crdFiles = [
  'cert-manager+cert-manager/deploy_crds_cert-manager.io_certificates.yaml',
  'cert-manager+cert-manager/deploy_crds_cert-manager.io_issuers.yaml',
  'prometheus-operator+prometheus-operator/example_prometheus-operator-crd_monitoring.coreos.com_servicemonitors.yaml',
  'argoproj+argo-cd/manifests_crds_application-crd.yaml',
  'traefik+traefik/',
  'kubernetes-sigs+gateway-api/',
];

/** The arguments after `explain`, for a type: the kind, its fields at a few depths, a map, a list. */
function pathsFor(entry: CrdVersionDocument): string[][] {
  const schema = entry.document.components.schemas[
    `${entry.group.split('.').reverse().join('.')}.${entry.version}.${entry.kind}`
  ]! as JsonSchema & { properties: Record<string, JsonSchema> };
  const paths: string[][] = [[entry.plural], [`${entry.kind.toLowerCase()}.metadata`]];
  const spec = schema.properties.spec as { properties?: Record<string, JsonSchema> } | undefined;
  const fields = Object.keys(spec?.properties ?? {})
    .sort()
    .slice(0, 4);
  paths.push([`${entry.plural}.spec`]);
  for (const field of fields) {
    paths.push([`${entry.plural}.spec.${field}`]);
    const child = spec!.properties![field]! as {
      properties?: Record<string, unknown>;
      items?: { properties?: Record<string, unknown> };
    };
    const grand = Object.keys(child.properties ?? child.items?.properties ?? {}).sort()[0];
    if (grand) {
      paths.push([`${entry.plural}.spec.${field}.${grand}`]);
    }
  }
  paths.push([`${entry.plural}.${entry.group}.spec`]);
  if (fields[0]) {
    paths.push([`${entry.plural}.spec.${fields[0]}`, '--recursive']);
  }
  paths.push([entry.plural, '--api-version', `${entry.group}/${entry.version}`]);
  paths.push([`${entry.plural}.spec.nosuchfield`]);
  if (entry.shortNames[0]) {
    paths.push([entry.shortNames[0]]);
  }
  return paths;
}

describe('podscope explain of custom resources against the real kubectl explain (oracle)', function () {
  this.timeout(300_000);
  const swaggerFile = sharedFile('k8s-openapi/v1.36/swagger.json');
  const kubectl = findKubectl(30);
  if ('missing' in swaggerFile || 'missing' in kubectl || !fs.existsSync(corpus)) {
    const reason =
      'missing' in swaggerFile
        ? swaggerFile.missing
        : 'missing' in kubectl
          ? kubectl.missing
          : `no ${corpus}`;
    it.skip(`skipped: ${reason}`, () => undefined);
    return;
  }

  let server: FakeApiServer;
  let sandbox: KubectlSandbox;
  let folder: string;
  const cases: string[][] = [];
  const kubectlRuns = new Map<string, KubectlRun>();

  before(async () => {
    const swagger = JSON.parse(fs.readFileSync(swaggerFile.path, 'utf8')) as SwaggerDocument;
    const core = deriveOpenApiV3(swagger, 'api/v1');
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'podscope-crd-oracle-'));
    const files = crdFiles.flatMap((entry) =>
      entry.endsWith('/')
        ? fs
            .readdirSync(path.join(corpus, entry))
            .filter((name) => name.endsWith('.yaml'))
            .sort()
            .slice(0, 4)
            .map((name) => path.join(entry, name))
        : [entry],
    );
    const versions: CrdVersionDocument[] = [];
    for (const file of files) {
      const text = fs.readFileSync(path.join(corpus, file), 'utf8');
      fs.writeFileSync(path.join(folder, path.basename(file)), text);
      for (const document of parseAllDocuments(text)) {
        const data = document.toJS() as JsonSchema | null;
        if (data?.kind === 'CustomResourceDefinition' && data.apiVersion === 'apiextensions.k8s.io/v1') {
          versions.push(...crdOpenApiV3(data, core));
        }
      }
    }
    // One document per group-version, holding every CRD of it (certificates and issuers).
    const documents = new Map<string, CrdVersionDocument['document']>();
    for (const entry of versions) {
      const key = `apis/${entry.group}/${entry.version}`;
      const known = documents.get(key);
      documents.set(
        key,
        known
          ? {
              ...known,
              paths: { ...known.paths, ...entry.document.paths },
              components: { schemas: { ...known.components.schemas, ...entry.document.components.schemas } },
            }
          : entry.document,
      );
    }
    server = await startFakeApiServer({
      gitVersion: 'v1.36.0',
      groups: [...discoveryFromSwagger(swagger), ...crdDiscovery(versions)],
      documents: new Map([...documents, ['api/v1', core]]),
    });
    sandbox = KubectlSandbox.create(kubectl.path, server.url);
    const seen = new Set<string>();
    for (const entry of versions) {
      for (const args of pathsFor(entry)) {
        if (!seen.has(args.join(' '))) {
          seen.add(args.join(' '));
          cases.push(args);
        }
      }
    }
    const [first, ...rest] = cases;
    kubectlRuns.set(first!.join(' '), await sandbox.run(['explain', ...first!]));
    const runs = await mapLimited(rest, 4, (args) => sandbox.run(['explain', ...args]));
    rest.forEach((args, index) => kubectlRuns.set(args.join(' '), runs[index]!));
  });

  after(async () => {
    sandbox?.dispose();
    await server?.close();
    if (folder) {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('prints what kubectl prints for each CRD: stdout, stderr, exit code', () => {
    assert.ok(cases.length >= 60, `${cases.length} cases`);
    const differences: string[] = [];
    for (const args of cases) {
      const expected = kubectlRuns.get(args.join(' '))!;
      let stdout = '';
      let stderr = '';
      const code = runCli(
        ['explain', ...args],
        { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) },
        { cwd: folder },
      );
      const actual = { code, stdout, stderr };
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
});
