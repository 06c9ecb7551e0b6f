import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseAllDocuments } from 'yaml';
import {
  generateCustomResourcePack,
  packFileContent,
  packProjects,
  stalePackFiles,
  type GeneratedPack,
} from '../../server/scripts/generateCustomResourcePack';
import { CustomResourcePack } from '../../server/src/catalog/customResourcePack';
import {
  customResourcePackIndexFile,
  customResourcePackSharedFile,
} from '../../server/src/catalog/customResourcePackData';
import { customResourcePackFrom } from '../../server/src/catalog/customResourcePackLocation';
import { firstOf, type CustomResourceType } from '../../server/src/common/customResources';
import { isJsonObject, type JsonObject } from '../../server/src/common/guards';
import { layerSettings, partialSettings } from '../../server/src/common/settings';
import { parseConfig } from '../../server/src/config/configFile';
import {
  customResourceTypesOf,
  readCustomResourceDefinition,
} from '../../server/src/kubernetes/customResourceDefinition';
import { bundledCustomResourcesFor } from '../../server/src/cli/lintCommand';
import { runPodscope } from '../support/cliRunner';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { getLanguageService } from '../../server/src/service/languageService';
import { defaultSettings } from '../../server/src/common/settings';
import { testCatalog } from '../support/catalog';
import { viewDiagnostics } from '../support/service';
import { repoRoot } from '../support/paths';

const packDir = path.join(repoRoot, 'dist/customResources');
const corpusDir = '/work/corpus-crd';

/** A pack over the generated files, counting what it reads. */
function countingPack(generated: GeneratedPack): { pack: CustomResourcePack; reads: string[] } {
  const reads: string[] = [];
  const pack = new CustomResourcePack((file) => {
    reads.push(file);
    const text = generated.files.get(file);
    return text === undefined ? undefined : packFileContent(file, text);
  });
  return { pack, reads };
}

/** The schema node at a dotted path (`spec.rules[].matches`), through properties and items. */
function nodeAt(schema: JsonObject | undefined, dotted: string): JsonObject | undefined {
  let node: unknown = schema;
  for (const part of dotted === '' ? [] : dotted.split('.')) {
    const name = part.replace(/\[\]$/, '');
    node = isJsonObject(node) && isJsonObject(node.properties) ? node.properties[name] : undefined;
    if (part.endsWith('[]')) {
      node = isJsonObject(node) ? node.items : undefined;
    }
  }
  return isJsonObject(node) ? node : undefined;
}

function hasRef(value: unknown): boolean {
  if (Array.isArray(value)) {
    return value.some(hasRef);
  }
  return isJsonObject(value) && ('$ref' in value || Object.values(value).some(hasRef));
}

describe('the bundled custom resource pack', function () {
  this.timeout(60_000);
  let generated: GeneratedPack;
  before(() => {
    generated = generateCustomResourcePack();
  });

  it('is up to date with the @kubernetes-models packages (staleness of dist/customResources)', function () {
    if (!fs.existsSync(packDir)) {
      this.skip();
    }
    assert.deepEqual(
      stalePackFiles(generated, packDir),
      [],
      'dist/customResources is stale: run npm run build',
    );
  });

  it('holds every project of the pack, with its package version and kinds', () => {
    const { pack } = countingPack(generated);
    assert.deepEqual(
      pack.projects().map((project) => project.project),
      packProjects.map((project) => project.project),
    );
    const packageJson = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    for (const project of pack.projects()) {
      const npm = packProjects.find((entry) => entry.project === project.project)!.npm;
      assert.equal(project.package, `${npm}@${packageJson.devDependencies[npm]}`);
      assert.ok(project.types.length > 0, `${project.project} has no kinds`);
    }
    const kinds = (project: string): string[] =>
      pack
        .projects()
        .find((entry) => entry.project === project)!
        .types.map((type) => `${type.group}/${type.version}/${type.kind}`);
    assert.deepEqual(kinds('argo-cd'), [
      'argoproj.io/v1alpha1/AppProject',
      'argoproj.io/v1alpha1/Application',
      'argoproj.io/v1alpha1/ApplicationSet',
    ]);
    assert.deepEqual(kinds('sealed-secrets'), ['bitnami.com/v1alpha1/SealedSecret']);
    // Duck types and embedded templates that embed TypeMeta are not kinds of a CRD.
    assert.ok(!kinds('keda').includes('keda.sh/v1alpha1/WithTriggers'));
    assert.ok(
      !kinds('prometheus-operator').includes('monitoring.coreos.com/v1/EmbeddedPersistentVolumeClaim'),
    );
    assert.equal(
      pack.projects().reduce((sum, project) => sum + project.types.length, 0),
      211,
    );
  });

  it('gives every type a structural schema: an object with apiVersion, kind and metadata, and no $ref left', () => {
    const { pack } = countingPack(generated);
    const types = pack.schemasFor(true).list();
    assert.equal(types.length, 211);
    for (const type of types) {
      const schema = type.schema();
      assert.ok(schema, `${type.apiVersion} ${type.kind} has no schema`);
      assert.equal(schema.type, 'object', `${type.apiVersion} ${type.kind}`);
      assert.deepEqual(nodeAt(schema, 'metadata'), { type: 'object' });
      assert.equal(nodeAt(schema, 'apiVersion')?.type, 'string');
      assert.equal(nodeAt(schema, 'kind')?.type, 'string');
      assert.ok(!hasRef(schema), `${type.apiVersion} ${type.kind} keeps a $ref`);
      assert.equal(type.source.kind, 'bundled');
    }
  });

  it('reads no schema file to load the index, find a type or list them', () => {
    const { pack, reads } = countingPack(generated);
    const all = pack.schemasFor(true);
    assert.equal(all.list().length, 211);
    const certificate = all.find('cert-manager.io/v1', 'Certificate');
    assert.equal(certificate?.plural, 'certificates');
    assert.deepEqual(reads, [customResourcePackIndexFile]);
  });

  it("reads a project's schemas only when one of its kinds is asked for its schema, once", () => {
    const { pack, reads } = countingPack(generated);
    const certificate = pack.schemasFor(true).find('cert-manager.io/v1', 'Certificate')!;
    const first = certificate.schema();
    assert.ok(first);
    assert.equal(certificate.schema(), first);
    pack.schemasFor(true).find('cert-manager.io/v1', 'Issuer')!.schema();
    assert.deepEqual(reads, [
      customResourcePackIndexFile,
      'cert-manager.json.gz',
      customResourcePackSharedFile,
    ]);
  });

  it('selects all projects, none, or those named (unknown names are ignored)', () => {
    const { pack, reads } = countingPack(generated);
    assert.equal(pack.schemasFor(true).find('argoproj.io/v1alpha1', 'Application')?.source.kind, 'bundled');
    assert.deepEqual(pack.schemasFor(false).list(), []);
    const some = pack.schemasFor(['cert-manager', 'no-such-project']);
    assert.deepEqual(
      [...new Set(some.list().map((type) => (type.source as { project: string }).project))],
      ['cert-manager'],
    );
    assert.ok(some.find('cert-manager.io/v1', 'Certificate'));
    assert.equal(some.find('argoproj.io/v1alpha1', 'Application'), undefined);
    assert.deepEqual(pack.schemasFor([]).list(), []);
    // The same selection is made once.
    assert.equal(pack.schemasFor(['argo-cd', 'cert-manager']), pack.schemasFor(['cert-manager', 'argo-cd']));
    assert.deepEqual(reads, [customResourcePackIndexFile]);
  });

  it('takes the selection from the settings, .podscope.yaml and the VS Code setting', () => {
    assert.deepEqual(layerSettings([]).customResources, { bundled: true });
    assert.deepEqual(partialSettings({ customResources: { bundled: false } }).customResources, {
      bundled: false,
    });
    assert.deepEqual(partialSettings({ customResources: { bundled: ['argo-cd', 3] } }).customResources, {
      bundled: ['argo-cd'],
    });
    assert.equal(partialSettings({ customResources: { bundled: 'yes' } }).customResources, undefined);
    // The project's file selects; the user's setting wins over it.
    const config = parseConfig('customResources:\n  bundled: [cert-manager, gateway-api]\n');
    assert.deepEqual(config, {
      settings: { customResources: { bundled: ['cert-manager', 'gateway-api'] } },
      problems: [],
    });
    assert.deepEqual(layerSettings([config.settings]).customResources, {
      bundled: ['cert-manager', 'gateway-api'],
    });
    assert.deepEqual(
      layerSettings([config.settings, partialSettings({ customResources: { bundled: false } })])
        .customResources,
      { bundled: false },
    );
    assert.deepEqual(parseConfig('customResources:\n  bundled: maybe\n').problems, [
      'customResources.bundled: must be true, false or a list of project names',
    ]);
    // package.json: a boolean or a list of the pack's projects, true by default.
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, JsonObject> } };
    };
    const setting = manifest.contributes.configuration.properties['podscope.customResources.bundled']!;
    assert.equal(setting.default, true);
    assert.deepEqual(setting.type, ['boolean', 'array']);
    assert.deepEqual(
      (setting.items as { enum: string[] }).enum,
      packProjects.map((project) => project.project),
    );
  });

  it('gives way to a workspace CRD of the same apiVersion and kind (firstOf)', () => {
    const { pack } = countingPack(generated);
    const crd = readCustomResourceDefinition({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'certificates.cert-manager.io' },
      spec: {
        group: 'cert-manager.io',
        scope: 'Namespaced',
        names: { kind: 'Certificate', plural: 'certificates' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object' } } } },
          },
        ],
      },
    });
    const workspace = customResourceTypesOf(crd, { kind: 'workspace', uri: 'file:///crds.yaml', line: 0 });
    const both = firstOf(
      {
        find: (apiVersion, kind) =>
          workspace.find((type) => type.apiVersion === apiVersion && type.kind === kind),
        list: () => workspace,
      },
      pack.schemasFor(true),
    );
    const found = both.find('cert-manager.io/v1', 'Certificate');
    assert.deepEqual(found?.source, { kind: 'workspace', uri: 'file:///crds.yaml', line: 0 });
    assert.equal(both.find('cert-manager.io/v1', 'Issuer')?.source.kind, 'bundled');
    const certificates = both.list().filter((type: CustomResourceType) => type.kind === 'Certificate');
    assert.deepEqual(
      certificates.map((type) => `${type.apiVersion} ${type.source.kind}`),
      ['cert-manager.io/v1 workspace', 'networking.internal.knative.dev/v1alpha1 bundled'],
    );
  });

  it('has the fields, enums, required fields and limits of the projects’ CRDs', () => {
    const { pack } = countingPack(generated);
    const schema = (apiVersion: string, kind: string): JsonObject =>
      pack.schemasFor(true).find(apiVersion, kind)!.schema()!;
    // cert-manager deploy/crds/cert-manager.io_certificates.yaml
    const certificate = schema('cert-manager.io/v1', 'Certificate');
    assert.deepEqual(nodeAt(certificate, 'spec')?.required, ['issuerRef', 'secretName']);
    assert.deepEqual(nodeAt(certificate, 'spec.privateKey.algorithm')?.enum, ['RSA', 'ECDSA', 'Ed25519']);
    assert.deepEqual(nodeAt(certificate, 'spec.issuerRef')?.required, ['name']);
    assert.equal(nodeAt(certificate, 'spec.dnsNames[]')?.type, 'string');
    assert.equal(nodeAt(certificate, 'spec.revisionHistoryLimit')?.type, 'integer');
    // argo-cd manifests/crds/application-crd.yaml
    const application = schema('argoproj.io/v1alpha1', 'Application');
    assert.deepEqual(application.required, ['metadata', 'spec']);
    assert.deepEqual(nodeAt(application, 'spec')?.required, ['destination', 'project']);
    assert.deepEqual(nodeAt(application, 'spec.source')?.required, ['repoURL']);
    assert.equal(nodeAt(application, 'spec.syncPolicy.syncOptions')?.type, 'array');
    assert.deepEqual(Object.keys(nodeAt(application, 'spec.destination')?.properties as JsonObject), [
      'name',
      'namespace',
      'server',
    ]);
    // gateway-api config/crd/standard/gateway.networking.k8s.io_httproutes.yaml
    const route = schema('gateway.networking.k8s.io/v1', 'HTTPRoute');
    assert.deepEqual(route.required, ['spec']);
    assert.equal(nodeAt(route, 'spec.parentRefs')?.maxItems, 32);
    assert.equal(nodeAt(route, 'spec.hostnames')?.maxItems, 16);
    assert.deepEqual(nodeAt(route, 'spec.parentRefs[]')?.required, ['name']);
    assert.deepEqual(
      [nodeAt(route, 'spec.parentRefs[].port')?.minimum, nodeAt(route, 'spec.parentRefs[].port')?.maximum],
      [1, 65535],
    );
    assert.deepEqual(nodeAt(route, 'spec.rules[].matches[].path.type')?.enum, [
      'Exact',
      'PathPrefix',
      'RegularExpression',
    ]);
    assert.equal(nodeAt(route, 'spec.hostnames[]')?.maxLength, 253);
    // An enum on the field (+kubebuilder:validation:Enum), kept by the validator only.
    assert.deepEqual(nodeAt(route, 'spec.rules[].filters[].type')?.enum, [
      'RequestHeaderModifier',
      'ResponseHeaderModifier',
      'RequestMirror',
      'RequestRedirect',
      'URLRewrite',
      'ExtensionRef',
      'CORS',
    ]);
    assert.equal(nodeAt(route, 'spec.rules[].filters[].type')?.type, 'string');
    // prometheus-operator example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml
    const monitor = schema('monitoring.coreos.com/v1', 'ServiceMonitor');
    assert.deepEqual(monitor.required, ['spec']);
    assert.deepEqual(nodeAt(monitor, 'spec')?.required, ['endpoints', 'selector']);
    assert.deepEqual(nodeAt(monitor, 'spec.endpoints[].scheme')?.enum, ['http', 'https', 'HTTP', 'HTTPS']);
    assert.equal(nodeAt(monitor, 'spec.selector.matchLabels')?.type, 'object');
    assert.deepEqual(nodeAt(monitor, 'spec.selector.matchLabels')?.additionalProperties, { type: 'string' });
    assert.match(String(nodeAt(monitor, 'spec.endpoints[].interval')?.pattern), /\(\[0-9\]\+\)ms/);
    // An embedded object with TypeMeta: apiVersion and kind are optional strings, as in the CRD.
    const template = nodeAt(
      schema('monitoring.coreos.com/v1', 'Prometheus'),
      'spec.storage.volumeClaimTemplate',
    );
    assert.equal(template?.required, undefined);
    assert.deepEqual(
      [
        nodeAt(template, 'apiVersion')?.type,
        nodeAt(template, 'apiVersion')?.enum,
        nodeAt(template, 'kind')?.enum,
      ],
      ['string', undefined, undefined],
    );
  });

  it('follows what the projects accept where their types say more or less (Argo Workflows, Knative, Istio)', () => {
    const { pack } = countingPack(generated);
    const schema = (apiVersion: string, kind: string): JsonObject =>
      pack.schemasFor(true).find(apiVersion, kind)!.schema()!;
    const workflow = schema('argoproj.io/v1alpha1', 'Workflow');
    // Argo names a template's container "main": no name is required.
    assert.deepEqual(nodeAt(workflow, 'spec.templates[].container')?.required, undefined);
    assert.equal(nodeAt(workflow, 'spec.templates[].script')?.required, undefined);
    // Steps are a list of lists of steps.
    const steps = nodeAt(workflow, 'spec.templates[].steps');
    assert.equal(steps?.type, 'array');
    assert.equal((steps?.items as JsonObject).type, 'array');
    assert.equal(nodeAt((steps?.items as JsonObject).items as JsonObject, 'template')?.type, 'string');
    // Knative names its containers and points probes at the serving port.
    const service = schema('serving.knative.dev/v1', 'Service');
    assert.equal(nodeAt(service, 'spec.template.spec.containers[]')?.required, undefined);
    assert.equal(
      nodeAt(service, 'spec.template.spec.containers[].livenessProbe.httpGet')?.required,
      undefined,
    );
    // Elsewhere a container still needs its name (a Rollout's pods are real pods).
    assert.deepEqual(
      nodeAt(schema('argoproj.io/v1alpha1', 'Rollout'), 'spec.template.spec.containers[]')?.required,
      ['name'],
    );
    // Istio: IstioOperator is open, and so is the status of its other kinds.
    assert.equal(
      schema('install.istio.io/v1alpha1', 'IstioOperator')['x-kubernetes-preserve-unknown-fields'],
      true,
    );
    const status = nodeAt(schema('networking.istio.io/v1', 'VirtualService'), 'status');
    assert.equal(status?.['x-kubernetes-preserve-unknown-fields'], true);
    assert.equal(nodeAt(status, 'observedGeneration')?.['x-kubernetes-int-or-string'], true);
  });

  describe('against the projects’ real CRDs', () => {
    /** Each kind's CRD in the corpus, and paths whose keywords must agree at the pack's release. */
    const cases: { file: string; apiVersion: string; kind: string; paths: string[] }[] = [
      {
        file: 'argoproj+argo-cd/manifests_crds_application-crd.yaml',
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        paths: [
          '',
          'spec',
          'spec.source',
          'spec.destination',
          'spec.syncPolicy.retry.backoff',
          'operation.sync',
        ],
      },
      {
        file: 'cert-manager+cert-manager/deploy_crds_cert-manager.io_certificates.yaml',
        apiVersion: 'cert-manager.io/v1',
        kind: 'Certificate',
        paths: [
          '',
          'spec',
          'spec.privateKey',
          'spec.privateKey.algorithm',
          'spec.privateKey.rotationPolicy',
          'spec.issuerRef',
          'spec.usages[]',
        ],
      },
      {
        file: 'kubernetes-sigs+gateway-api/config_crd_standard_gateway.networking.k8s.io_httproutes.yaml',
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        paths: [
          '',
          'spec.parentRefs',
          'spec.parentRefs[]',
          'spec.parentRefs[].port',
          'spec.hostnames',
          'spec.rules[].matches[].path.type',
          'spec.rules[].matches[].method',
        ],
      },
      {
        file: 'prometheus-operator+prometheus-operator/example_prometheus-operator-crd_monitoring.coreos.com_servicemonitors.yaml',
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        paths: [
          '',
          'spec',
          'spec.endpoints[].scheme',
          'spec.endpoints[].interval',
          'spec.selector',
          'spec.namespaceSelector',
        ],
      },
    ];
    const keywords = [
      'type',
      'enum',
      'required',
      'maxItems',
      'minItems',
      'minimum',
      'maximum',
      'pattern',
      'format',
    ];
    for (const { file, apiVersion, kind, paths } of cases) {
      it(`${kind}: ${paths.length} paths agree with ${file.split('/')[0]}`, function () {
        const crdFile = path.join(corpusDir, file);
        if (!fs.existsSync(crdFile)) {
          this.skip();
        }
        const documents = parseAllDocuments(fs.readFileSync(crdFile, 'utf8')).map(
          (document) => document.toJS() as unknown,
        );
        const crd = documents.find(
          (document) => isJsonObject(document) && document.kind === 'CustomResourceDefinition',
        );
        const version = apiVersion.split('/')[1];
        const real = readCustomResourceDefinition(crd as JsonObject).versions.find(
          (entry) => entry.name === version,
        )?.schema;
        const { pack } = countingPack(generated);
        const ours = pack.schemasFor(true).find(apiVersion, kind)!.schema();
        for (const dotted of paths) {
          const expected = nodeAt(real, dotted);
          const actual = nodeAt(ours, dotted);
          assert.ok(expected && actual, `${kind} ${dotted}: missing`);
          for (const keyword of keywords) {
            if (keyword === 'type' && expected.type === undefined) {
              continue;
            }
            assert.deepEqual(
              Array.isArray(actual[keyword]) ? [...(actual[keyword] as string[])].sort() : actual[keyword],
              Array.isArray(expected[keyword])
                ? [...(expected[keyword] as string[])].sort()
                : expected[keyword],
              `${kind} ${dotted || '(root)'}: ${keyword}`,
            );
          }
        }
      });
    }
  });

  it("is listed in the README's table with each project's release and package", () => {
    const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Bundled custom resources'));
    for (const project of countingPack(generated).pack.projects()) {
      const row = section.split('\n').find((line) => line.startsWith(`| \`${project.project}\``));
      assert.ok(row, `README: no row for ${project.project}`);
      assert.ok(row.includes(project.projectVersion), `README: ${project.project} ${project.projectVersion}`);
      assert.ok(row.includes(`\`${project.package}\``), `README: ${project.package}`);
      for (const type of project.types) {
        assert.ok(row.includes(type.kind), `README: ${project.project} ${type.kind}`);
      }
    }
  });

  it('names, scopes and short names as the CRDs do', () => {
    const { pack } = countingPack(generated);
    const type = (apiVersion: string, kind: string): CustomResourceType =>
      pack.schemasFor(true).find(apiVersion, kind)!;
    assert.deepEqual(
      [type('cert-manager.io/v1', 'ClusterIssuer')].map((t) => [t.plural, t.singular, t.scope, t.shortNames]),
      [['clusterissuers', 'clusterissuer', 'Cluster', ['ciss']]],
    );
    assert.deepEqual(type('monitoring.coreos.com/v1', 'Prometheus').plural, 'prometheuses');
    assert.deepEqual(type('gateway.networking.k8s.io/v1', 'GatewayClass').scope, 'Cluster');
    assert.deepEqual(type('networking.istio.io/v1', 'ServiceEntry').plural, 'serviceentries');
    assert.deepEqual(type('argoproj.io/v1alpha1', 'Application').shortNames, ['app', 'apps']);
    assert.deepEqual(type('external-secrets.io/v1', 'ExternalSecret').shortNames, ['es']);
    assert.deepEqual(type('caching.internal.knative.dev/v1alpha1', 'Image').shortNames, []);
  });

  it('stays quiet when its files are missing or damaged', () => {
    const missing = new CustomResourcePack(() => {
      throw new Error('ENOENT');
    });
    assert.deepEqual(missing.projects(), []);
    assert.deepEqual(missing.schemasFor(true).list(), []);
    const index = generated.files.get(customResourcePackIndexFile)!;
    const damaged = new CustomResourcePack((file) =>
      file === customResourcePackIndexFile ? Buffer.from(index) : gzipSync(Buffer.from('{"kinds": [')),
    );
    const certificate = damaged.schemasFor(true).find('cert-manager.io/v1', 'Certificate');
    assert.ok(certificate);
    assert.equal(certificate.schema(), undefined);
    assert.equal(new CustomResourcePack(() => Buffer.from('{"formatVersion": 9}')).projects().length, 0);
  });

  it("checks the issue's four kinds through the language service: a typo, a wrong enum and a missing required field each", () => {
    const { pack } = countingPack(generated);
    const service = getLanguageService({
      catalog: testCatalog(),
      bundledCustomResources: (settings) => pack.schemasFor(settings.customResources.bundled),
      log: (message) => {
        throw new Error(message);
      },
    });
    const text = fs.readFileSync(
      path.join(repoRoot, 'test/fixtures/customResources/bundledKinds.yaml'),
      'utf8',
    );
    const document = TextDocument.create('file:///work/bundled-kinds.yaml', 'yaml', 1, text);
    // A bundled schema is one release of its project: its findings are warnings that name it.
    const releases = [
      'argo-cd v3.3.9',
      'cert-manager v1.20.2',
      'gateway-api v1.5.1',
      'prometheus-operator v0.91.0',
    ];
    const found = viewDiagnostics(text, service.doValidation(document, defaultSettings)).map(
      ({ code, line, message, severity }) => {
        const suffix = releases
          .map((release) => ` (bundled schema of ${release})`)
          .find((s) => message.endsWith(s));
        assert.ok(suffix, message);
        assert.equal(severity, DiagnosticSeverity.Warning, message);
        return { code, line, message: message.slice(0, -suffix.length) };
      },
    );
    assert.deepEqual(found, [
      {
        code: 'missing-required',
        line: 'spec:',
        message: 'Missing required field "destination" in Application.spec.',
      },
      {
        code: 'unknown-field',
        line: 'projct: default',
        message: 'Unknown field "projct" in Application.spec; did you mean "project"?',
      },
      {
        code: 'unknown-field',
        line: 'secretNme: example-com-tls',
        message: 'Unknown field "secretNme" in Certificate.spec; did you mean "secretName"?',
      },
      {
        code: 'missing-required',
        line: 'issuerRef:',
        message: 'Missing required field "name" in Certificate.spec.issuerRef.',
      },
      {
        code: 'invalid-value',
        line: 'algorithm: RSB',
        message: 'Invalid value "RSB" for algorithm: expected one of RSA, ECDSA, Ed25519.',
      },
      {
        code: 'unknown-field',
        line: 'parentRef:',
        message: 'Unknown field "parentRef" in HTTPRoute.spec; did you mean "parentRefs"?',
      },
      {
        code: 'invalid-value',
        line: 'type: Prefix',
        message: 'Invalid value "Prefix" for type: expected one of Exact, PathPrefix, RegularExpression.',
      },
      {
        code: 'missing-required',
        line: 'spec:',
        message: 'Missing required field "selector" in ServiceMonitor.spec.',
      },
      {
        code: 'unknown-field',
        line: 'intervall: 30s',
        message: 'Unknown field "intervall" in ServiceMonitor.spec.endpoints; did you mean "interval"?',
      },
      {
        code: 'invalid-value',
        line: 'scheme: ftp',
        message: 'Invalid value "ftp" for scheme: expected one of http, https, HTTP, HTTPS.',
      },
    ]);
    // Without the pack, the same file is left alone.
    const off = layerSettings([{ customResources: { bundled: false } }]);
    assert.deepEqual(
      service.doValidation(TextDocument.create('file:///work/off.yaml', 'yaml', 1, text), off),
      [],
    );
  });

  it('is read from dist/ by the hosts', function () {
    if (!fs.existsSync(packDir)) {
      this.skip();
    }
    const pack = customResourcePackFrom(packDir);
    assert.equal(
      pack.schemasFor(['sealed-secrets']).find('bitnami.com/v1alpha1', 'SealedSecret')?.schema()?.type,
      'object',
    );
  });

  it("gives podscope lint the projects each file's settings select, and none with --no-bundled-crds", () => {
    assert.equal(bundledCustomResourcesFor(false), undefined);
    let loads = 0;
    const option = bundledCustomResourcesFor(true, () => {
      loads++;
      return countingPack(generated).pack;
    })!;
    assert.equal(loads, 0);
    const settings = layerSettings([{ customResources: { bundled: ['gateway-api'] } }]);
    assert.ok(option(settings)?.find('gateway.networking.k8s.io/v1', 'HTTPRoute'));
    assert.equal(option(settings)?.find('cert-manager.io/v1', 'Certificate'), undefined);
    assert.deepEqual(option(layerSettings([{ customResources: { bundled: false } }]))?.list(), []);
    assert.ok(option(layerSettings([]))?.find('cert-manager.io/v1', 'Certificate'));
    assert.equal(loads, 1);
  });

  it('podscope lint takes --no-bundled-crds', () => {
    const file = path.join(
      repoRoot,
      'examples',
      fs.readdirSync(path.join(repoRoot, 'examples')).find((name) => name.endsWith('.yaml'))!,
    );
    const without = runPodscope('lint', file, '--no-bundled-crds', '--format', 'json');
    const withPack = runPodscope('lint', file, '--format', 'json');
    assert.equal(without.stderr, '');
    assert.deepEqual(JSON.parse(without.stdout), JSON.parse(withPack.stdout));
  });
});
