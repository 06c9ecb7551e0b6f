/**
 * Generates the bundled custom resource pack from the npm packages `@kubernetes-models/*`.
 *
 *   npx tsx server/scripts/generateCustomResourcePack.ts [outDir]   writes dist/customResources/
 *   npx tsx server/scripts/generateCustomResourcePack.ts --check     fails if that folder is stale
 *
 * The packages carry no CRD YAML: each kind is a TypeScript declaration (`.d.ts`, with the Go
 * doc comments or the CRD's descriptions as JSDoc) and a compiled ajv validator
 * (`_schemas/*.js`). Thirteen are generated from the project's Go API types (the package.json's
 * `go-generate` input), Istio's from its CRD YAML (`crd-generate`). This script rebuilds each
 * kind's `openAPIV3Schema` from them, the way the built-in catalog is rebuilt
 * (`generateCatalog.ts`): the declarations give the structure, descriptions, enums and required
 * fields; the validators give what the declarations lose (integer or number, the enums declared
 * on a field, and the keywords pattern, format, minimum/maximum, minLength/maxLength,
 * minItems/maxItems). None of the packages' code is run: both are read as text.
 *
 * What the packages do not carry at all, the CRD's names and scope, comes from `crdNames` below,
 * each entry citing the project's CRD; everything else takes the API server's defaults.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import ts from 'typescript';
import { isJsonObject, type JsonObject } from '../src/common/guards';

type JsonValue = unknown;
import {
  customResourcePackIndexFile,
  customResourcePackSharedFile,
  type CustomResourcePackFile,
  type CustomResourcePackIndex,
  type CustomResourcePackType,
} from '../src/catalog/customResourcePackData';

const repoRoot = path.resolve(__dirname, '../..');
export const defaultPackDir = path.join(repoRoot, 'dist/customResources');

/**
 * The projects of the pack: the setting's name, the package, and the project release its
 * schemas come from. The packages do not say it; the release is the Go module version (or, for
 * Istio, the CRD file's tag) pinned by the package's generator config in tommy351/kubernetes-models-ts
 * (`third-party/<name>/go.mod`, `third-party/istio/package.json` `crd-generate.input`) at the
 * commit that published the version pinned here ("Version Packages", 2026-05-12/13).
 */
export const packProjects: readonly { project: string; npm: string; projectVersion: string }[] = [
  { project: 'argo-cd', npm: '@kubernetes-models/argo-cd', projectVersion: 'v3.3.9' },
  { project: 'argo-rollouts', npm: '@kubernetes-models/argo-rollouts', projectVersion: 'v1.9.0' },
  { project: 'argo-workflows', npm: '@kubernetes-models/argo-workflows', projectVersion: 'v4.0.5' },
  {
    project: 'cert-manager',
    npm: '@kubernetes-models/cert-manager',
    projectVersion: 'v1.20.2 (trust-manager v0.22.1, approver-policy v0.25.1, aws-privateca-issuer v1.8.1)',
  },
  { project: 'external-secrets', npm: '@kubernetes-models/external-secrets', projectVersion: 'v0.16.2' },
  {
    project: 'flux-cd',
    npm: '@kubernetes-models/flux-cd',
    projectVersion:
      'source-controller v1.8.4, kustomize-controller v1.8.5, helm-controller v1.5.4, notification-controller v1.8.4, image-reflector-controller v1.1.1, image-automation-controller v1.1.3',
  },
  { project: 'gateway-api', npm: '@kubernetes-models/gateway-api', projectVersion: 'v1.5.1' },
  { project: 'istio', npm: '@kubernetes-models/istio', projectVersion: '1.29.2 (IstioOperator: 1.18.0)' },
  {
    project: 'karpenter',
    npm: '@kubernetes-models/karpenter',
    projectVersion: 'v1.12.0 (AWS provider v1.12.1)',
  },
  { project: 'keda', npm: '@kubernetes-models/keda', projectVersion: 'v2.19.0' },
  {
    project: 'knative',
    npm: '@kubernetes-models/knative',
    projectVersion: 'serving v0.49.0, eventing v0.49.0, operator v0.49.1',
  },
  {
    project: 'prometheus-operator',
    npm: '@kubernetes-models/prometheus-operator',
    projectVersion: 'v0.91.0',
  },
  { project: 'sealed-secrets', npm: '@kubernetes-models/sealed-secrets', projectVersion: 'v0.36.6' },
  { project: 'traefik', npm: '@kubernetes-models/traefik', projectVersion: 'v3.7.1' },
];

interface CrdNames {
  plural?: string;
  shortNames?: string[];
  scope?: 'Cluster';
}

/**
 * The CRD facts the packages lose (`spec.names`, `spec.scope`), keyed by `group/Kind`: the
 * cluster-scoped kinds, the short names, and the plurals that the default (the lower-case kind
 * made plural, as controller-gen's `+kubebuilder:resource` does with flect.Pluralize) does not
 * give. Each is the project's CRD (file named in the comment) at the release above.
 */
const crdNames: Record<string, CrdNames> = {
  // argo-cd: manifests/crds/{application,applicationset,appproject}-crd.yaml
  'argoproj.io/Application': { shortNames: ['app', 'apps'] },
  'argoproj.io/ApplicationSet': { shortNames: ['appset', 'appsets'] },
  'argoproj.io/AppProject': { shortNames: ['appproj', 'appprojs'] },
  // argo-rollouts: manifests/crds/*.yaml
  'argoproj.io/Rollout': { shortNames: ['ro'] },
  'argoproj.io/AnalysisRun': { shortNames: ['ar'] },
  'argoproj.io/AnalysisTemplate': { shortNames: ['at'] },
  'argoproj.io/ClusterAnalysisTemplate': { shortNames: ['cat'], scope: 'Cluster' },
  'argoproj.io/Experiment': { shortNames: ['exp'] },
  // argo-workflows: manifests/base/crds/minimal/*.yaml
  'argoproj.io/Workflow': { shortNames: ['wf'] },
  'argoproj.io/WorkflowTemplate': { shortNames: ['wftmpl'] },
  'argoproj.io/ClusterWorkflowTemplate': { shortNames: ['clusterwftmpl', 'cwft'], scope: 'Cluster' },
  'argoproj.io/CronWorkflow': { shortNames: ['cwf', 'cronwf'] },
  'argoproj.io/WorkflowEventBinding': { shortNames: ['wfeb'] },
  'argoproj.io/WorkflowTaskSet': { shortNames: ['wfts'] },
  'argoproj.io/WorkflowTaskResult': {},
  'argoproj.io/WorkflowArtifactGCTask': { shortNames: ['wfat'] },
  // cert-manager: deploy/crds/*.yaml; trust-manager and approver-policy: deploy/charts/*/templates/crd-*.yaml
  'cert-manager.io/Certificate': { shortNames: ['cert', 'certs'] },
  'cert-manager.io/CertificateRequest': { shortNames: ['cr', 'crs'] },
  'cert-manager.io/Issuer': { shortNames: ['iss'] },
  'cert-manager.io/ClusterIssuer': { shortNames: ['ciss'], scope: 'Cluster' },
  'acme.cert-manager.io/Challenge': {},
  'acme.cert-manager.io/Order': {},
  'trust.cert-manager.io/Bundle': { scope: 'Cluster' },
  'trust-manager.io/ClusterBundle': { scope: 'Cluster' },
  'policy.cert-manager.io/CertificateRequestPolicy': { shortNames: ['crp'], scope: 'Cluster' },
  'awspca.cert-manager.io/AWSPCAClusterIssuer': { scope: 'Cluster' },
  // external-secrets: config/crds/bases/*.yaml
  'external-secrets.io/ExternalSecret': { shortNames: ['es'] },
  'external-secrets.io/ClusterExternalSecret': { shortNames: ['ces'], scope: 'Cluster' },
  'external-secrets.io/SecretStore': { shortNames: ['ss'] },
  'external-secrets.io/ClusterSecretStore': { shortNames: ['css'], scope: 'Cluster' },
  'external-secrets.io/PushSecret': { shortNames: ['ps'] },
  'external-secrets.io/ClusterPushSecret': { scope: 'Cluster' },
  'generators.external-secrets.io/ClusterGenerator': { scope: 'Cluster' },
  'generators.external-secrets.io/GeneratorState': { shortNames: ['gs'] },
  // flux-cd: each controller's config/crd/bases/*.yaml
  'source.toolkit.fluxcd.io/GitRepository': { shortNames: ['gitrepo'] },
  'source.toolkit.fluxcd.io/HelmRepository': { shortNames: ['helmrepo'] },
  'source.toolkit.fluxcd.io/HelmChart': { shortNames: ['hc'] },
  'source.toolkit.fluxcd.io/Bucket': {},
  'source.toolkit.fluxcd.io/OCIRepository': { shortNames: ['ocirepo'] },
  'kustomize.toolkit.fluxcd.io/Kustomization': { shortNames: ['ks'] },
  'helm.toolkit.fluxcd.io/HelmRelease': { shortNames: ['hr'] },
  'image.toolkit.fluxcd.io/ImageRepository': {},
  'image.toolkit.fluxcd.io/ImagePolicy': {},
  'image.toolkit.fluxcd.io/ImageUpdateAutomation': {},
  // gateway-api: config/crd/{standard,experimental}/*.yaml
  'gateway.networking.k8s.io/GatewayClass': { shortNames: ['gc'], scope: 'Cluster' },
  'gateway.networking.k8s.io/Gateway': { shortNames: ['gtw'] },
  'gateway.networking.k8s.io/BackendTLSPolicy': { shortNames: ['btlspolicy'] },
  'gateway.networking.x-k8s.io/XListenerSet': { shortNames: ['lset'] },
  'gateway.networking.x-k8s.io/XBackendTrafficPolicy': { shortNames: ['xbtrafficpolicy'] },
  'gateway.networking.x-k8s.io/XMesh': { shortNames: ['mesh'], scope: 'Cluster' },
  // istio: manifests/charts/base/files/crd-all.gen.yaml
  'networking.istio.io/DestinationRule': { shortNames: ['dr'] },
  'networking.istio.io/Gateway': { shortNames: ['gw'] },
  'networking.istio.io/ServiceEntry': { shortNames: ['se'] },
  'networking.istio.io/VirtualService': { shortNames: ['vs'] },
  'networking.istio.io/WorkloadEntry': { shortNames: ['we'] },
  'networking.istio.io/WorkloadGroup': { shortNames: ['wg'] },
  'security.istio.io/AuthorizationPolicy': { shortNames: ['ap'] },
  'security.istio.io/PeerAuthentication': { shortNames: ['pa'] },
  'security.istio.io/RequestAuthentication': { shortNames: ['ra'] },
  'telemetry.istio.io/Telemetry': { shortNames: ['telemetry'] },
  'install.istio.io/IstioOperator': { shortNames: ['iop', 'io'] },
  // karpenter: pkg/apis/crds/*.yaml
  'karpenter.sh/NodePool': { scope: 'Cluster' },
  'karpenter.sh/NodeClaim': { scope: 'Cluster' },
  'karpenter.sh/NodeOverlay': { scope: 'Cluster' },
  'karpenter.k8s.aws/EC2NodeClass': { shortNames: ['ec2nc', 'ec2ncs'], scope: 'Cluster' },
  // keda: config/crd/bases/*.yaml
  'keda.sh/ScaledObject': { shortNames: ['so'] },
  'keda.sh/ScaledJob': { shortNames: ['sj'] },
  'keda.sh/TriggerAuthentication': { shortNames: ['ta', 'triggerauth'] },
  'keda.sh/ClusterTriggerAuthentication': { shortNames: ['cta', 'clustertriggerauth'], scope: 'Cluster' },
  'eventing.keda.sh/CloudEventSource': {},
  'eventing.keda.sh/ClusterCloudEventSource': { scope: 'Cluster' },
  // knative: serving config/core/300-resources/*.yaml (networking and caching from their repositories' config/), eventing config/core/resources/*.yaml
  'serving.knative.dev/Service': { shortNames: ['kservice', 'ksvc'] },
  'serving.knative.dev/Configuration': { shortNames: ['config', 'cfg'] },
  'serving.knative.dev/Revision': { shortNames: ['rev'] },
  'serving.knative.dev/Route': { shortNames: ['rt'] },
  'serving.knative.dev/DomainMapping': { shortNames: ['dm'] },
  'autoscaling.internal.knative.dev/PodAutoscaler': { shortNames: ['kpa', 'pa'] },
  'autoscaling.internal.knative.dev/Metric': {},
  'networking.internal.knative.dev/Certificate': { shortNames: ['kcert'] },
  'networking.internal.knative.dev/Ingress': { shortNames: ['kingress', 'king'] },
  'networking.internal.knative.dev/ServerlessService': { shortNames: ['sks'] },
  'networking.internal.knative.dev/ClusterDomainClaim': { shortNames: ['cdc'], scope: 'Cluster' },
  'caching.internal.knative.dev/Image': {},
  'eventing.knative.dev/EventType': {},
  'messaging.knative.dev/InMemoryChannel': { shortNames: ['imc'] },
  'sources.knative.dev/ApiServerSource': {},
  'sources.knative.dev/PingSource': {},
  'sources.knative.dev/SinkBinding': {},
  'sources.knative.dev/ContainerSource': {},
  // prometheus-operator: example/prometheus-operator-crd/*.yaml
  'monitoring.coreos.com/Alertmanager': { shortNames: ['am'] },
  'monitoring.coreos.com/AlertmanagerConfig': { shortNames: ['amcfg'] },
  'monitoring.coreos.com/PodMonitor': { shortNames: ['pmon'] },
  'monitoring.coreos.com/Probe': { shortNames: ['prb'] },
  'monitoring.coreos.com/Prometheus': { plural: 'prometheuses', shortNames: ['prom'] },
  'monitoring.coreos.com/PrometheusAgent': { shortNames: ['promagent'] },
  'monitoring.coreos.com/PrometheusRule': { shortNames: ['promrule'] },
  'monitoring.coreos.com/ScrapeConfig': { shortNames: ['scfg'] },
  'monitoring.coreos.com/ServiceMonitor': { shortNames: ['smon'] },
  'monitoring.coreos.com/ThanosRuler': { shortNames: ['ruler'] },
  // sealed-secrets: helm/sealed-secrets/crds/bitnami.com_sealedsecrets.yaml
  'bitnami.com/SealedSecret': {},
  // traefik: docs/content/reference/dynamic-configuration/traefik.io_*.yaml
  'traefik.io/TLSStore': {},
};

/**
 * Go types that embed TypeMeta but that no CRD serves: duck types and embedded templates. The
 * packages declare them like kinds; they are left out of the pack.
 */
const notCrdKinds = new Set([
  // keda apis/keda/v1alpha1/withtriggers_types.go: the part of ScaledObject and ScaledJob the scalers read.
  'keda.sh/WithTriggers',
  // knative serving pkg/apis/autoscaling/v1alpha1/podscalable_types.go: a duck type.
  'autoscaling.internal.knative.dev/PodScalable',
  // knative eventing pkg/apis/eventing/v1alpha1/eventpolicy_types.go: a selector inside EventPolicy.
  'eventing.knative.dev/EventPolicySelector',
  // knative eventing pkg/apis/messaging/v1/channel_template_types.go: the template inside Channel.
  'messaging.knative.dev/ChannelTemplateSpec',
  // prometheus-operator pkg/apis/monitoring/v1/types.go: the claim template inside StorageSpec.
  'monitoring.coreos.com/EmbeddedPersistentVolumeClaim',
]);

/** The plural resource name controller-gen gives a kind: the lower-case kind made plural (flect.Pluralize's regular rules). */
export function defaultPlural(kind: string): string {
  const singular = kind.toLowerCase();
  if (/(s|x|z|ch|sh)$/.test(singular)) {
    return `${singular}es`;
  }
  if (/[^aeiou]y$/.test(singular)) {
    return `${singular.slice(0, -1)}ies`;
  }
  return `${singular}s`;
}

// ----------------------------------------------------------------------------------------------
// Reading the declarations

interface ParsedFile {
  file: string;
  source: ts.SourceFile;
  /** Local declarations by name. */
  declarations: Map<string, ts.InterfaceDeclaration | ts.TypeAliasDeclaration>;
  /** Exported name → local name (`export type { ICertificate as IComGithub…Certificate }`). */
  exports: Map<string, string>;
  /** Imported name → [the imported file, the exported name there]. */
  imports: Map<string, [string, string]>;
}

interface Definition {
  node: ts.InterfaceDeclaration | ts.TypeAliasDeclaration;
  file: ParsedFile;
}

function packageDir(name: string): string {
  for (const base of require.resolve.paths(name) ?? []) {
    const dir = path.join(base, name);
    if (fs.existsSync(path.join(dir, 'package.json'))) {
      return dir;
    }
  }
  throw new Error(`Cannot find the package ${name}; run npm install first.`);
}

function packageVersion(dir: string): string {
  return (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The declaration file a module specifier of `from` names. */
function resolveModule(from: string, specifier: string): string | undefined {
  let base: string;
  if (specifier.startsWith('.')) {
    base = path.resolve(path.dirname(from), specifier);
  } else {
    const parts = specifier.split('/');
    const packageName = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
    const rest = parts.slice(specifier.startsWith('@') ? 2 : 1).join('/');
    let dir: string;
    try {
      dir = packageDir(packageName);
    } catch {
      return undefined;
    }
    base = path.join(dir, rest);
  }
  const stem = base.replace(/\.js$/, '');
  for (const candidate of [`${stem}.d.ts`, path.join(stem, 'index.d.ts')]) {
    if (fs.existsSync(candidate)) {
      return candidate;
    }
  }
  return undefined;
}

class Declarations {
  private readonly files = new Map<string, ParsedFile>();

  parse(file: string): ParsedFile {
    const known = this.files.get(file);
    if (known) {
      return known;
    }
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const parsed: ParsedFile = {
      file,
      source,
      declarations: new Map(),
      exports: new Map(),
      imports: new Map(),
    };
    for (const statement of source.statements) {
      if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) {
        parsed.declarations.set(statement.name.text, statement);
      } else if (
        ts.isExportDeclaration(statement) &&
        statement.exportClause &&
        ts.isNamedExports(statement.exportClause)
      ) {
        for (const element of statement.exportClause.elements) {
          parsed.exports.set(element.name.text, element.propertyName?.text ?? element.name.text);
        }
      } else if (
        ts.isImportDeclaration(statement) &&
        ts.isStringLiteral(statement.moduleSpecifier) &&
        statement.importClause?.namedBindings &&
        ts.isNamedImports(statement.importClause.namedBindings)
      ) {
        const target = resolveModule(file, statement.moduleSpecifier.text);
        if (target) {
          for (const element of statement.importClause.namedBindings.elements) {
            parsed.imports.set(element.name.text, [target, element.propertyName?.text ?? element.name.text]);
          }
        }
      }
    }
    this.files.set(file, parsed);
    return parsed;
  }

  /** The declaration a type name in `file` refers to. */
  resolve(file: ParsedFile, name: string): Definition | undefined {
    const local = file.declarations.get(name);
    if (local) {
      return { node: local, file };
    }
    const imported = file.imports.get(name);
    if (!imported) {
      return undefined;
    }
    const target = this.parse(imported[0]);
    const localName = target.exports.get(imported[1]) ?? imported[1];
    const node = target.declarations.get(localName);
    return node ? { node, file: target } : undefined;
  }
}

/** The JSDoc text of a node as the package wrote it, with its escapes undone (as generateCatalog.ts). */
function documentation(node: ts.Node): string | undefined {
  const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  const last = docs[docs.length - 1];
  const text = last ? ts.getTextOfJSDocComment(last.comment) : undefined;
  return text ? text.replace(/\\([*/])/g, '$1') : undefined;
}

function propertyName(member: ts.PropertySignature): string {
  const name = member.name;
  if (ts.isStringLiteral(name) || ts.isIdentifier(name)) {
    return name.text;
  }
  throw new Error(`Unsupported property name ${name.getText()}`);
}

function arrayElement(type: ts.TypeNode): ts.TypeNode | undefined {
  if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === 'Array') {
    return type.typeArguments?.[0];
  }
  return ts.isArrayTypeNode(type) ? type.elementType : undefined;
}

function referenceName(type: ts.TypeNode): string | undefined {
  return ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) ? type.typeName.text : undefined;
}

// ----------------------------------------------------------------------------------------------
// Declarations → openAPIV3Schema

/**
 * Apimachinery types that CRDs write in a form of their own, as controller-gen emits them
 * (sigs.k8s.io/controller-tools pkg/crd/known_types.go, KnownPackages): IntOrString and Quantity
 * as int-or-string (Quantity with its pattern), Time as a date-time string, RawExtension and JSON
 * as any value the schema leaves open.
 */
function knownSchema(exportedName: string, file: string): JsonObject | undefined {
  const base = path.basename(file, '.d.ts');
  if (
    !/@kubernetes-models\/apimachinery|kubernetes-models\/apiextensions/.test(file.split(path.sep).join('/'))
  ) {
    return undefined;
  }
  switch (base) {
    case 'IntOrString':
      return { anyOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true };
    case 'Quantity':
      return {
        anyOf: [{ type: 'integer' }, { type: 'string' }],
        pattern:
          '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$',
        'x-kubernetes-int-or-string': true,
      };
    case 'Time':
    case 'MicroTime':
      return { type: 'string', format: 'date-time' };
    case 'RawExtension':
    case 'JSON':
      return { 'x-kubernetes-preserve-unknown-fields': true };
  }
  void exportedName;
  return undefined;
}

const validationKeywords = new Set([
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
]);

interface ValidatorFact {
  path: string[];
  keyword: string;
  value: unknown;
}

interface ValidatorFunction {
  /** Keywords at paths relative to the value the function checks. */
  facts: ValidatorFact[];
  /** The functions it calls, with where they look: a property, the items, the map values, or the same value. */
  calls: { callee: string; at: string[] }[];
}

/**
 * The facts a compiled ajv validator keeps. ajv compiles each subschema it cannot inline into a
 * function of its own (`validate5(data.hostnames, …)`, `validate6(data[i0], …)`); each error
 * object in a function says where in that function's schema a keyword is (`schemaPath`) and its
 * value (`params`: `{limit:16}`, `{pattern:"…"}`, `{format:"int32"}`, `{type:"number"}`). A call
 * to a function imported from another file checks a referenced definition, which has facts of
 * its own, and is not followed.
 */
function parseValidator(text: string): {
  root: string | undefined;
  functions: Map<string, ValidatorFunction>;
} {
  const functions = new Map<string, ValidatorFunction>();
  const imported = new Set(
    [...text.matchAll(/import\{validate as (validate\d+)\}/g)].map((match) => match[1]!),
  );
  const starts = [...text.matchAll(/function (validate\d+)\(data,/g)];
  const enums = new Map<string, unknown>();
  for (const [, name, values] of text.matchAll(/let (schema\d+_enum)=(\[(?:"(?:[^"\\]|\\.)*",?)*\])/g)) {
    try {
      enums.set(name!, JSON.parse(values!));
    } catch {
      // Not a plain list of strings: left out.
    }
  }
  for (const [index, start] of starts.entries()) {
    const body = text.slice(start.index, starts[index + 1]?.index ?? text.length);
    const facts: ValidatorFact[] = [];
    const errorObject =
      /schemaPath:"#\/([^"]*)",keyword:"(\w+)",params:\{(?:comparison:"[^"]*",)?(\w+):("(?:[^"\\]|\\.)*"|-?0x[0-9a-fA-F]+|-?[\d.e+]+|schema\d+_enum)/g;
    for (const [, schemaPath, keyword, param, raw] of body.matchAll(errorObject)) {
      const path = schemaPath!.split('/').map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
      path.pop();
      let value: unknown;
      try {
        // A limit may be written in hex (Istio's uint32 bounds: 0xffffffff), which JSON cannot read.
        const hex = /^(-?)0x([0-9a-fA-F]+)$/.exec(raw!);
        value = /^schema\d+_enum$/.test(raw!)
          ? enums.get(raw!)
          : hex
            ? (hex[1] ? -1 : 1) * parseInt(hex[2]!, 16)
            : JSON.parse(raw!);
      } catch {
        continue;
      }
      if (keyword === 'enum' && param === 'allowedValues' && Array.isArray(value)) {
        // An enum the project declares on a field (`+kubebuilder:validation:Enum`) rather than on
        // its type: the declarations type the field as a plain string, the validator keeps it.
        facts.push({ path, keyword: 'enum', value });
      } else if (keyword === 'type' && param === 'type' && value === 'number') {
        facts.push({ path, keyword: 'type', value });
      } else if (validationKeywords.has(keyword!) && (param === 'limit' || param === keyword)) {
        facts.push({ path, keyword: keyword!, value });
      }
    }
    const calls: ValidatorFunction['calls'] = [];
    const call = /\b(validate\d+)\(data(\.[A-Za-z_$][\w$]*|\["(?:[^"\\]|\\.)*"\]|\[i\d+\]|\[key\d+\])?,/g;
    for (const [, callee, access] of body.matchAll(call)) {
      if (imported.has(callee!) || callee === start[1]) {
        continue;
      }
      let at: string[] = [];
      if (access?.startsWith('.')) {
        at = ['properties', access.slice(1)];
      } else if (access?.startsWith('["')) {
        at = ['properties', JSON.parse(access.slice(1, -1)) as string];
      } else if (access?.startsWith('[i')) {
        at = ['items'];
      } else if (access?.startsWith('[key')) {
        at = ['additionalProperties'];
      }
      calls.push({ callee: callee!, at });
    }
    functions.set(start[1]!, { facts, calls });
  }
  return { root: /export const validate=(validate\d+)/.exec(text)?.[1], functions };
}

function nodeAt(schema: JsonObject, path: readonly string[]): JsonObject | undefined {
  let node: unknown = schema;
  for (const segment of path) {
    node = isJsonObject(node) ? node[segment] : undefined;
  }
  return isJsonObject(node) ? node : undefined;
}

/** Applies a validator's facts to a schema built from the declarations (only where the path exists). */
function applyValidator(schema: JsonObject, text: string): void {
  const { root, functions } = parseValidator(text);
  const visit = (name: string, node: JsonObject, depth: number): void => {
    const fn = functions.get(name);
    if (!fn || depth > 64) {
      return;
    }
    for (const fact of fn.facts) {
      const target = nodeAt(node, fact.path);
      if (!target) {
        continue;
      }
      if (fact.keyword === 'type') {
        if (target.type === 'integer') {
          target.type = 'number';
        }
      } else if (
        (fact.keyword === 'exclusiveMinimum' || fact.keyword === 'exclusiveMaximum') &&
        typeof fact.value === 'number'
      ) {
        // JSON Schema's number form; a CRD (OpenAPI v3.0) writes the bound and a boolean.
        target[fact.keyword === 'exclusiveMinimum' ? 'minimum' : 'maximum'] = fact.value;
        target[fact.keyword] = true;
      } else if (!(fact.keyword in target)) {
        target[fact.keyword] = fact.value;
      }
    }
    for (const call of fn.calls) {
      const target = nodeAt(node, call.at);
      if (target) {
        visit(call.callee, target, depth + 1);
      }
    }
  };
  if (root) {
    visit(root, schema, 0);
  }
}

/**
 * The validator of a declaration: the `_schemas/*.js` that its sibling `.js` imports (a kind or
 * an object), or the one named after its global name (an alias such as a port number, whose
 * `.js` is empty).
 */
function validatorOf(definition: Definition): string | undefined {
  const declarationFile = definition.file.file;
  const sibling = declarationFile.replace(/\.d\.ts$/, '.js');
  let target: string | undefined;
  const imported = fs.existsSync(sibling)
    ? /from"([^"]*_schemas\/[^"]*)"/.exec(fs.readFileSync(sibling, 'utf8'))?.[1]
    : undefined;
  if (imported) {
    target = path.resolve(path.dirname(sibling), imported.endsWith('.js') ? imported : `${imported}.js`);
  } else {
    const local = definition.node.name.text;
    const global = [...definition.file.exports].find(
      ([exported, name]) => name === local && exported !== local,
    )?.[0];
    let dir = path.dirname(declarationFile);
    while (global && !fs.existsSync(path.join(dir, '_schemas')) && path.dirname(dir) !== dir) {
      dir = path.dirname(dir);
    }
    target = global ? path.join(dir, '_schemas', `${global.replace(/^I/, '')}.js`) : undefined;
  }
  return target && fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
}

/**
 * Types whose JSON is not the struct the packages declare: Argo Workflows' ParallelSteps is
 * written as a bare list of steps (its UnmarshalJSON in pkg/apis/workflow/v1alpha1/workflow_types.go,
 * and the CRD's `steps: {type: array, items: {type: array}}` that hack/manifests/crd.go writes).
 */
const anonymousLists = new Set([
  '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/ParallelSteps#IParallelSteps',
]);

/**
 * Required fields of a shared type that a project makes optional because its controller or
 * webhook fills them in. The project gets its own copies of the built-in definitions, with these
 * fields no longer required.
 */
const projectOptionalFields: Record<string, Record<string, string[]>> = {
  // Argo Workflows names a template's container itself ("main": workflow/common/common.go,
  // MainContainerName); a container or script template without a name is valid.
  'argo-workflows': {
    'kubernetes-models/v1/Container#IContainer': ['name'],
    '@kubernetes-models/argo-workflows/argoproj.io/v1alpha1/ScriptTemplate#IScriptTemplate': ['name'],
  },
  // Knative Serving names a revision's containers (pkg/apis/serving/v1/revision_defaults.go,
  // applyDefaultContainerNames: "user-container") and points probes at the serving port
  // (applyProbesDefaults), so neither a container's name nor a probe's port is required.
  knative: {
    'kubernetes-models/v1/Container#IContainer': ['name'],
    'kubernetes-models/v1/HTTPGetAction#IHTTPGetAction': ['port'],
    'kubernetes-models/v1/TCPSocketAction#ITCPSocketAction': ['port'],
    'kubernetes-models/v1/GRPCAction#IGRPCAction': ['port'],
  },
};

/**
 * An object that embeds TypeMeta (a kind, or a template such as prometheus-operator's
 * EmbeddedPersistentVolumeClaim): the package types its apiVersion and kind as required literals
 * because its model classes set them; in the CRD they are optional strings, documented by
 * TypeMeta (as generateCatalog.ts does for the built-in kinds).
 */
function openTypeMeta(schema: JsonObject): void {
  const properties = isJsonObject(schema.properties) ? schema.properties : undefined;
  const literal = (name: string): boolean => {
    const property = properties?.[name];
    return isJsonObject(property) && Array.isArray(property.enum) && property.enum.length === 1;
  };
  if (!properties || !literal('apiVersion') || !literal('kind')) {
    return;
  }
  properties.apiVersion = { description: typeMetaDocs.apiVersion, type: 'string' };
  properties.kind = { description: typeMetaDocs.kind, type: 'string' };
  if (Array.isArray(schema.required)) {
    const required = schema.required.filter((name) => name !== 'apiVersion' && name !== 'kind');
    if (required.length > 0) {
      schema.required = required;
    } else {
      delete schema.required;
    }
  }
}

class SchemaBuilder {
  /** Counts what could not be converted exactly (left open with x-kubernetes-preserve-unknown-fields). */
  readonly openedUp = new Map<string, number>();
  private readonly stack: ts.Node[] = [];

  constructor(private readonly declarations: Declarations) {}

  /** Every named definition built so far, by id, with `$ref`s to the others. */
  readonly definitions = new Map<string, JsonObject>();
  private readonly ids = new Map<ts.Node, string>();

  /** A definition's id: its package, its file in the package, and its name there. */
  idOf(definition: Definition): string {
    let id = this.ids.get(definition.node);
    if (!id) {
      const file = definition.file.file.split(path.sep).join('/');
      const at = file.lastIndexOf('/node_modules/');
      id = `${file.slice(at + '/node_modules/'.length).replace(/\.d\.ts$/, '')}#${definition.node.name.text}`;
      this.ids.set(definition.node, id);
    }
    return id;
  }

  /** A reference to a named declaration, built once. */
  reference(definition: Definition): JsonObject {
    const id = this.idOf(definition);
    if (!this.definitions.has(id)) {
      if (this.stack.includes(definition.node)) {
        // A recursive type: CRDs cannot express it (structural schemas have no $ref); controller-gen
        // refuses it, so the projects break the cycle with an open object. The same here.
        this.count('recursive type');
        return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
      }
      this.definitions.set(id, this.build(definition));
    }
    return { $ref: id };
  }

  /** The schema of a named declaration, its named parts as `$ref`s. */
  build(definition: Definition): JsonObject {
    const anonymousList = anonymousLists.has(`${this.idOf(definition)}`);
    if (anonymousList && ts.isInterfaceDeclaration(definition.node)) {
      const only = definition.node.members.find(ts.isPropertySignature);
      if (only?.type) {
        this.stack.push(definition.node);
        try {
          return this.type(only.type, definition.file);
        } finally {
          this.stack.pop();
        }
      }
    }
    this.stack.push(definition.node);
    let schema: JsonObject;
    try {
      const { node, file } = definition;
      if (ts.isInterfaceDeclaration(node)) {
        schema = this.object(node.members, file);
        // A Go struct embedded inline (`json:",inline"`) is an interface the declaration extends.
        for (const base of this.bases(node, file)) {
          // A base that is an alias of another declaration (prometheus-operator's
          // CoreV1TopologySpreadConstraint = the core TopologySpreadConstraint) is that
          // declaration's definition, with its properties.
          const inherited = this.dereference(this.build(base));
          schema.properties = {
            ...(inherited.properties as JsonObject | undefined),
            ...(schema.properties as JsonObject),
          };
          const required = [
            ...((inherited.required as string[] | undefined) ?? []),
            ...((schema.required as string[] | undefined) ?? []),
          ];
          if (required.length > 0) {
            schema.required = [...new Set(required)];
          }
        }
        if (node.members.length === 0 && Object.keys(schema.properties as JsonObject).length === 0) {
          // An empty interface stands for a value the schema leaves open.
          schema = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
        }
      } else {
        schema = this.type(node.type, file);
      }
      const description = documentation(node);
      if (description && schema.description === undefined) {
        schema = { description, ...schema };
      }
      const validator = validatorOf(definition);
      if (validator) {
        applyValidator(schema, validator);
      }
      openTypeMeta(schema);
    } finally {
      this.stack.pop();
    }
    return schema;
  }

  /** A schema that is a `$ref` to a definition built already: that definition; else the schema. */
  private dereference(schema: JsonObject): JsonObject {
    for (let depth = 0; typeof schema.$ref === 'string' && depth < 16; depth++) {
      const target = this.definitions.get(schema.$ref);
      if (!target) {
        break;
      }
      schema = target;
    }
    return schema;
  }

  /** The interfaces a declaration extends, but TypeMeta (whose fields every kind gets anyway). */
  private bases(node: ts.InterfaceDeclaration, file: ParsedFile): Definition[] {
    const bases: Definition[] = [];
    for (const clause of node.heritageClauses ?? []) {
      for (const type of clause.types) {
        const name = ts.isIdentifier(type.expression) ? type.expression.text : undefined;
        if (!name || name === 'TypeMeta') {
          continue;
        }
        const base = this.declarations.resolve(file, name);
        if (base) {
          bases.push(base);
        } else {
          this.count(`unresolved base ${name}`);
        }
      }
    }
    return bases;
  }

  object(members: ts.NodeArray<ts.TypeElement>, file: ParsedFile): JsonObject {
    const properties: JsonObject = {};
    const required: string[] = [];
    for (const member of members) {
      if (!ts.isPropertySignature(member) || !member.type) {
        continue;
      }
      const name = propertyName(member);
      let schema = this.type(member.type, file);
      const description = documentation(member);
      if (description) {
        const { description: _typeDescription, ...rest } = schema;
        void _typeDescription;
        schema = { description, ...rest };
      }
      properties[name] = schema;
      if (!member.questionToken) {
        required.push(name);
      }
    }
    const schema: JsonObject = { type: 'object', properties };
    if (required.length > 0) {
      schema.required = required;
    }
    return schema;
  }

  type(type: ts.TypeNode, file: ParsedFile): JsonObject {
    switch (type.kind) {
      case ts.SyntaxKind.StringKeyword:
        return { type: 'string' };
      case ts.SyntaxKind.BooleanKeyword:
        return { type: 'boolean' };
      case ts.SyntaxKind.NumberKeyword:
        // Kubernetes APIs use integers almost everywhere; the validator marks the exceptions.
        return { type: 'integer' };
      case ts.SyntaxKind.AnyKeyword:
      case ts.SyntaxKind.UnknownKeyword:
        return { 'x-kubernetes-preserve-unknown-fields': true };
    }
    if (ts.isParenthesizedTypeNode(type)) {
      return this.type(type.type, file);
    }
    if (ts.isLiteralTypeNode(type)) {
      if (ts.isStringLiteral(type.literal)) {
        return { type: 'string', enum: [type.literal.text] };
      }
      if (
        type.literal.kind === ts.SyntaxKind.TrueKeyword ||
        type.literal.kind === ts.SyntaxKind.FalseKeyword
      ) {
        return { type: 'boolean' };
      }
      if (ts.isNumericLiteral(type.literal)) {
        return { type: 'integer', enum: [Number(type.literal.text)] };
      }
    }
    if (ts.isUnionTypeNode(type)) {
      return this.union(type, file);
    }
    if (ts.isIntersectionTypeNode(type)) {
      // crd-generate writes a oneOf as `{…} & (Exclude<…> | …)`: the first member is the object
      // with every property; the rest only says which may be set together.
      this.count('oneOf (kept the properties, not the exclusions)');
      return this.type(type.types[0]!, file);
    }
    const element = arrayElement(type);
    if (element) {
      return { type: 'array', items: this.type(element, file) };
    }
    if (ts.isTypeLiteralNode(type)) {
      if (type.members.length === 0) {
        return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
      }
      if (type.members.length === 1 && ts.isIndexSignatureDeclaration(type.members[0]!)) {
        return { type: 'object', additionalProperties: this.type(type.members[0].type, file) };
      }
      return this.object(type.members, file);
    }
    const name = referenceName(type);
    if (name) {
      const definition = this.declarations.resolve(file, name);
      if (definition) {
        const known = knownSchema(name, definition.file.file);
        if (known) {
          return known;
        }
        return this.reference(definition);
      }
    }
    this.count(`unsupported type ${type.getText().slice(0, 40)}`);
    return { 'x-kubernetes-preserve-unknown-fields': true };
  }

  private union(type: ts.UnionTypeNode, file: ParsedFile): JsonObject {
    const members = type.types.filter(
      (member) => !(ts.isLiteralTypeNode(member) && member.literal.kind === ts.SyntaxKind.NullKeyword),
    );
    const nullable = members.length < type.types.length;
    let schema: JsonObject;
    if (members.every((member) => ts.isLiteralTypeNode(member) && ts.isStringLiteral(member.literal))) {
      schema = {
        type: 'string',
        enum: members.map((member) => ((member as ts.LiteralTypeNode).literal as ts.StringLiteral).text),
      };
    } else if (
      members.every((member) => ts.isLiteralTypeNode(member) && ts.isNumericLiteral(member.literal))
    ) {
      schema = {
        type: 'integer',
        enum: members.map((member) =>
          Number(((member as ts.LiteralTypeNode).literal as ts.NumericLiteral).text),
        ),
      };
    } else if (members.length === 1) {
      schema = this.type(members[0]!, file);
    } else {
      const kinds = new Set(members.map((member) => this.type(member, file).type));
      if (kinds.size === 2 && kinds.has('integer') && kinds.has('string')) {
        schema = { anyOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true };
      } else {
        this.count(`union ${type.getText().slice(0, 40)}`);
        schema = { 'x-kubernetes-preserve-unknown-fields': true };
      }
    }
    return nullable ? { ...schema, nullable: true } : schema;
  }

  private count(what: string): void {
    this.openedUp.set(what, (this.openedUp.get(what) ?? 0) + 1);
  }
}

// ----------------------------------------------------------------------------------------------
// Kinds

interface KindDeclaration {
  apiVersion: string;
  kind: string;
  definition: Definition;
}

function listDeclarationFiles(dir: string): string[] {
  const result: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '_schemas' && entry.name !== 'node_modules') {
        result.push(...listDeclarationFiles(full));
      }
    } else if (entry.name.endsWith('.d.ts') && entry.name !== 'index.d.ts') {
      result.push(full);
    }
  }
  return result.sort();
}

function literalProperty(node: ts.InterfaceDeclaration, name: string): string | undefined {
  for (const member of node.members) {
    if (
      ts.isPropertySignature(member) &&
      propertyName(member) === name &&
      member.type &&
      ts.isLiteralTypeNode(member.type) &&
      ts.isStringLiteral(member.type.literal)
    ) {
      return member.type.literal.text;
    }
  }
  return undefined;
}

/** The kinds a package declares: interfaces with a literal apiVersion and kind, lists left out. */
function kindsOf(dir: string, declarations: Declarations): KindDeclaration[] {
  const kinds: KindDeclaration[] = [];
  for (const file of listDeclarationFiles(dir)) {
    const parsed = declarations.parse(file);
    for (const node of parsed.declarations.values()) {
      if (!ts.isInterfaceDeclaration(node)) {
        continue;
      }
      const apiVersion = literalProperty(node, 'apiVersion');
      const kind = literalProperty(node, 'kind');
      if (!apiVersion || !kind || !apiVersion.includes('/')) {
        continue;
      }
      const isList =
        kind.endsWith('List') &&
        node.members.some((member) => ts.isPropertySignature(member) && propertyName(member) === 'items');
      if (!isList && !notCrdKinds.has(`${apiVersion.slice(0, apiVersion.indexOf('/'))}/${kind}`)) {
        kinds.push({ apiVersion, kind, definition: { node, file: parsed } });
      }
    }
  }
  return kinds.sort((a, b) => compare(a.apiVersion, b.apiVersion) || compare(a.kind, b.kind));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A kind's schema as a CRD's openAPIV3Schema: apiVersion and kind are optional strings
 * documented by TypeMeta, and metadata is `{type: object}`, as controller-gen writes them: the
 * API server validates a custom resource's ObjectMeta itself, and a structural schema may say no
 * more of it than name and generateName (k8s.io/apiextensions-apiserver
 * pkg/apiserver/schema/validation.go, validateStructuralMetadataInvariants).
 */
function kindSchema(builder: SchemaBuilder, kind: KindDeclaration, openStatus: boolean): JsonObject {
  const schema = builder.build(kind.definition);
  const properties = (schema.properties ?? {}) as JsonObject;
  properties.apiVersion = { description: typeMetaDocs.apiVersion, type: 'string' };
  properties.kind = { description: typeMetaDocs.kind, type: 'string' };
  properties.metadata = { type: 'object' };
  const sorted: JsonObject = {};
  for (const name of Object.keys(properties).sort(compare)) {
    sorted[name] = properties[name]!;
  }
  schema.properties = sorted;
  if (Object.keys(sorted).every((name) => name === 'apiVersion' || name === 'kind' || name === 'metadata')) {
    // A kind the package declares with nothing beyond TypeMeta and metadata: its CRD leaves the
    // object open (Istio 1.18's IstioOperator, manifests/charts/base/crds/crd-operator.yaml:
    // `openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}`).
    schema['x-kubernetes-preserve-unknown-fields'] = true;
  }
  if (openStatus && isJsonObject(sorted.status)) {
    // Istio's CRDs leave status open (crd-all.gen.yaml: `status: {…, x-kubernetes-preserve-unknown-fields:
    // true}`); the package keeps its fields but not that.
    sorted.status = { ...sorted.status, 'x-kubernetes-preserve-unknown-fields': true };
  }
  const required = Array.isArray(schema.required)
    ? schema.required.filter((name) => name !== 'apiVersion' && name !== 'kind')
    : [];
  if (required.length > 0) {
    schema.required = required;
  } else {
    delete schema.required;
  }
  return schema;
}

const typeMetaDocs = {
  apiVersion:
    'APIVersion defines the versioned schema of this representation of an object.\nServers should convert recognized schemas to the latest internal value, and\nmay reject unrecognized values.\nMore info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources',
  kind: 'Kind is a string value representing the REST resource this object represents.\nServers may infer this from the endpoint the client submits requests to.\nCannot be updated.\nIn CamelCase.\nMore info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
};

// ----------------------------------------------------------------------------------------------
// The pack

export interface GeneratedPack {
  index: CustomResourcePackIndex;
  /** File name → content (JSON, before compression). */
  files: Map<string, string>;
  /** What could not be converted exactly, per project. */
  openedUp: Map<string, number>;
}

/** The definitions a schema refers to, transitively. */
function referencedIds(
  schema: JsonValue,
  definitions: ReadonlyMap<string, JsonObject>,
  into: Set<string>,
): void {
  if (Array.isArray(schema)) {
    for (const item of schema) {
      referencedIds(item, definitions, into);
    }
  } else if (isJsonObject(schema)) {
    const ref = schema.$ref;
    if (typeof ref === 'string' && !into.has(ref)) {
      into.add(ref);
      referencedIds(definitions.get(ref)!, definitions, into);
    }
    for (const [key, value] of Object.entries(schema)) {
      if (key !== '$ref') {
        referencedIds(value, definitions, into);
      }
    }
  }
}

/** Definitions of the built-in API (kubernetes-models, apimachinery) go to the shared file, once for every project. */
function isSharedDefinition(id: string): boolean {
  return id.startsWith('kubernetes-models/') || id.startsWith('@kubernetes-models/apimachinery/');
}

function sortedObject(entries: Iterable<[string, JsonValue]>): JsonObject {
  const object: JsonObject = {};
  for (const [key, value] of [...entries].sort((a, b) => compare(a[0], b[0]))) {
    object[key] = value;
  }
  return object;
}

export function generateCustomResourcePack(): GeneratedPack {
  const declarations = new Declarations();
  const builder = new SchemaBuilder(declarations);
  const index: CustomResourcePackIndex = {
    formatVersion: 1,
    sharedFile: customResourcePackSharedFile,
    projects: [],
  };
  const files = new Map<string, string>();
  const shared = new Set<string>();
  for (const { project, npm, projectVersion } of packProjects) {
    const dir = packageDir(npm);
    const kinds: [string, JsonValue][] = [];
    const ids = new Set<string>();
    const types: CustomResourcePackType[] = [];
    for (const kind of kindsOf(dir, declarations)) {
      const schema = kindSchema(builder, kind, project === 'istio');
      referencedIds(schema, builder.definitions, ids);
      const slash = kind.apiVersion.indexOf('/');
      const group = kind.apiVersion.slice(0, slash);
      const names = crdNames[`${group}/${kind.kind}`] ?? {};
      kinds.push([`${kind.apiVersion}/${kind.kind}`, schema]);
      types.push({
        group,
        version: kind.apiVersion.slice(slash + 1),
        kind: kind.kind,
        plural: names.plural ?? defaultPlural(kind.kind),
        singular: kind.kind.toLowerCase(),
        shortNames: names.shortNames ?? [],
        scope: names.scope ?? 'Namespaced',
        deprecated: ts.getJSDocDeprecatedTag(kind.definition.node) !== undefined,
      });
    }
    const optional = projectOptionalFields[project] ?? {};
    // A project that makes a shared type's fields optional keeps its own copies of the built-in
    // definitions (the loader looks in the project's file first).
    const keepsOwnCopies = Object.keys(optional).some(isSharedDefinition);
    const own = [...ids].filter((id) => keepsOwnCopies || !isSharedDefinition(id));
    for (const id of ids) {
      if (isSharedDefinition(id) && !keepsOwnCopies) {
        shared.add(id);
      }
    }
    const definitionOf = (id: string): JsonObject => {
      const definition = builder.definitions.get(id)!;
      const fields = optional[id];
      if (!fields || !Array.isArray(definition.required)) {
        return definition;
      }
      const required = definition.required.filter((name) => !fields.includes(String(name)));
      const { required: _required, ...rest } = definition;
      void _required;
      return required.length > 0 ? { ...rest, required } : rest;
    };
    const file = `${project}.json.gz`;
    const data: CustomResourcePackFile = {
      kinds: sortedObject(kinds),
      definitions: sortedObject(own.map((id) => [id, definitionOf(id)])),
    };
    files.set(file, JSON.stringify(data));
    index.projects.push({ project, projectVersion, package: `${npm}@${packageVersion(dir)}`, file, types });
  }
  const sharedData: CustomResourcePackFile = {
    kinds: {},
    definitions: sortedObject([...shared].map((id) => [id, builder.definitions.get(id)!])),
  };
  files.set(customResourcePackSharedFile, JSON.stringify(sharedData));
  files.set(customResourcePackIndexFile, `${JSON.stringify(index)}\n`);
  return { index, files, openedUp: builder.openedUp };
}

/** What a file of the pack holds on disk: the index as JSON, the schema files gzipped. */
export function packFileContent(name: string, text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  return name.endsWith('.gz') ? zlib.gzipSync(bytes, { level: 9 }) : bytes;
}

/** The text of a file of the pack as written on disk. */
export function readPackFile(dir: string, name: string): string | undefined {
  const file = path.join(dir, name);
  if (!fs.existsSync(file)) {
    return undefined;
  }
  const bytes = fs.readFileSync(file);
  return (name.endsWith('.gz') ? zlib.gunzipSync(bytes) : bytes).toString('utf8');
}

export function writeCustomResourcePack(pack: GeneratedPack, dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, text] of pack.files) {
    fs.writeFileSync(path.join(dir, name), packFileContent(name, text));
  }
}

/** The files of `dir` whose content differs from the pack's (missing, changed or extra). */
export function stalePackFiles(pack: GeneratedPack, dir: string): string[] {
  const stale: string[] = [];
  for (const [name, text] of pack.files) {
    if (readPackFile(dir, name) !== text) {
      stale.push(name);
    }
  }
  if (fs.existsSync(dir)) {
    stale.push(...fs.readdirSync(dir).filter((name) => !pack.files.has(name)));
  }
  return stale;
}

function main(): void {
  const pack = generateCustomResourcePack();
  const argument = process.argv.slice(2).find((arg) => !arg.startsWith('--'));
  const dir = argument ? path.resolve(argument) : defaultPackDir;
  if (process.argv.includes('--check')) {
    const stale = stalePackFiles(pack, dir);
    if (stale.length > 0) {
      console.error(`${path.relative(repoRoot, dir)} is stale (${stale.join(', ')}): run npm run build`);
      process.exit(1);
    }
    return;
  }
  writeCustomResourcePack(pack, dir);
  let total = 0;
  for (const name of pack.files.keys()) {
    total += fs.statSync(path.join(dir, name)).size;
  }
  const kinds = pack.index.projects.reduce((sum, project) => sum + project.types.length, 0);
  console.log(
    `Wrote ${path.relative(repoRoot, dir)}: ${pack.index.projects.length} projects, ${kinds} kinds, ${(total / 1024).toFixed(0)} KiB`,
  );
  if (process.argv.includes('--verbose')) {
    for (const [what, count] of pack.openedUp) {
      console.log(`  ${what} ×${count}`);
    }
  }
}

if (require.main === module) {
  main();
}
