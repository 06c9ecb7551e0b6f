/**
 * Generates the field catalog from the `.d.ts` files of the npm package `kubernetes-models`.
 *
 *   npx tsx server/scripts/generateCatalog.ts            writes server/generated/catalog.json
 *   npx tsx server/scripts/generateCatalog.ts --check    fails if that file is stale
 *
 * The declarations are walked syntactically with the TypeScript compiler API; none of the
 * package's code is run. Each definition is one exported interface (or type alias) whose global
 * name encodes the OpenAPI definition id: `IIoK8sApiCoreV1PodSpec` is `io.k8s.api.core.v1.PodSpec`.
 * The package's compiled validators (`_schemas/*.js`) are read as text for one fact the
 * declarations lose: whether a TypeScript `number` is an OpenAPI `integer` or `number`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import type { CatalogData, DefinitionData, FieldData, KindData } from '../src/catalog/catalogData';
import { removedApis } from '../src/kubernetes/apiLifecycle';
import { type FullSource, type KindLifecycle, type MergeReport, mergeCatalog } from './catalogMerge';
import {
  type FullSnapshot,
  type WeakDefinition,
  type WeakSnapshot,
  readCdk8s,
  readClientNode,
  readSwagger,
} from './catalogSources';

const repoRoot = path.resolve(__dirname, '../..');
export const catalogPath = path.join(repoRoot, 'server/generated/catalog.json');

interface PackageRoot {
  name: string;
  dir: string;
}

function packageRoot(name: string): PackageRoot {
  // Resolved from the repository, the way Node would find it; the packages are ESM-only and do
  // not export their package.json, so they are located by directory.
  for (const base of require.resolve.paths(name) ?? []) {
    const dir = path.join(base, name);
    if (fs.existsSync(path.join(dir, 'package.json'))) {
      return { name, dir };
    }
  }
  throw new Error(`Cannot find the package ${name}; run npm install first.`);
}

function packageVersion(root: PackageRoot): string {
  return (JSON.parse(fs.readFileSync(path.join(root.dir, 'package.json'), 'utf8')) as { version: string })
    .version;
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

/**
 * Namespaces whose dots and dashes cannot be recovered from the camel-cased global names.
 * Everything else is `io.k8s.api.<group>.<version>.<Type>`.
 */
const namespacePrefixes: [string, string][] = [
  ['IoK8sApiextensionsApiserverPkgApis', 'io.k8s.apiextensions-apiserver.pkg.apis'],
  ['IoK8sKubeAggregatorPkgApis', 'io.k8s.kube-aggregator.pkg.apis'],
  ['IoK8sApimachineryPkgApis', 'io.k8s.apimachinery.pkg.apis'],
  ['IoK8sApimachineryPkgApiResource', 'io.k8s.apimachinery.pkg.api.resource'],
  ['IoK8sApimachineryPkgUtilIntstr', 'io.k8s.apimachinery.pkg.util.intstr'],
  ['IoK8sApimachineryPkgRuntime', 'io.k8s.apimachinery.pkg.runtime'],
  ['IoK8sApimachineryPkgVersion', 'io.k8s.apimachinery.pkg.version'],
  ['IoK8sApi', 'io.k8s.api'],
];

/** `IIoK8sApiCoreV1PodSpec` → `io.k8s.api.core.v1.PodSpec`. */
export function definitionIdFromGlobalName(globalName: string): string {
  const name = globalName.replace(/^I(?=IoK8s)/, '');
  for (const [prefix, namespace] of namespacePrefixes) {
    if (!name.startsWith(prefix)) {
      continue;
    }
    const rest = name.slice(prefix.length);
    // Lower-case namespace words follow, up to and including a version (V1, V1beta2); the rest
    // is the type name. Namespaces without a version (resource.Quantity) have a single word.
    const versioned = /^((?:[A-Z][a-z0-9]*?)*?)(V\d+(?:(?:alpha|beta)\d+)?)([A-Z].*)$/.exec(rest);
    if (versioned) {
      const words = versioned[1]!.match(/[A-Z][a-z0-9]*/g) ?? [];
      const segments = [...words.map((word) => word.toLowerCase()), versioned[2]!.toLowerCase()];
      return [namespace, ...segments, versioned[3]].join('.');
    }
    if (prefix !== 'IoK8sApi' && /^[A-Z]/.test(rest)) {
      return `${namespace}.${rest}`;
    }
  }
  throw new Error(`Unrecognised definition name ${globalName}`);
}

interface ParsedFile {
  file: string;
  source: ts.SourceFile;
  /** Local interface or alias name → global name (`IPod` → `IIoK8sApiCoreV1Pod`). */
  globalNames: Map<string, string>;
}

function parseFile(file: string): ParsedFile {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const globalNames = new Map<string, string>();
  for (const statement of source.statements) {
    if (
      // 5.x writes `export type { IPod as IIoK8sApiCoreV1Pod }`, 4.x the same without `type`.
      ts.isExportDeclaration(statement) &&
      statement.exportClause &&
      ts.isNamedExports(statement.exportClause)
    ) {
      for (const element of statement.exportClause.elements) {
        const local = element.propertyName?.text ?? element.name.text;
        if (element.name.text.startsWith('IIoK8s')) {
          globalNames.set(local, element.name.text);
        }
      }
    }
  }
  return { file, source, globalNames };
}

/** The JSDoc text of a node as the package wrote it, with its escapes undone. */
function documentation(node: ts.Node): string | undefined {
  const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  const last = docs[docs.length - 1];
  const text = last ? ts.getTextOfJSDocComment(last.comment) : undefined;
  if (!text) {
    return undefined;
  }
  // The package escapes `*` (so that `*/` cannot end the comment) and a `/` that follows one.
  return text.replace(/\\([*/])/g, '$1');
}

function isDeprecated(node: ts.Node): boolean {
  return ts.getJSDocDeprecatedTag(node) !== undefined;
}

const enumParagraph = /\n*Possible enum values:\n((?: - `"[^`]*"`.*(?:\n|$))+)\s*$/;

/**
 * Splits off the "Possible enum values" paragraph that the package, like kube-openapi's enum
 * generator (k8s.io/kube-openapi/pkg/generators/enum.go, DescriptionLines), appends to enum
 * descriptions: the text before it, the paragraph with the line breaks that precede it, and its
 * per-value documentation.
 */
function splitEnumDocumentation(description: string): {
  text: string;
  paragraph?: string;
  values: Map<string, string>;
} {
  const values = new Map<string, string>();
  const match = enumParagraph.exec(description);
  if (!match) {
    return { text: description, values };
  }
  for (const line of match[1]!.split('\n')) {
    const item = /^ - `"([^`]*)"`\s*(.*)$/.exec(line);
    if (item) {
      values.set(item[1]!, item[2]!.trim());
    }
  }
  const text = description.slice(0, match.index).trimEnd();
  return { text, paragraph: description.slice(text.length), values };
}

/**
 * Descriptions the package leaves out. It declares Quantity as a bare type alias
 * (`number | string`) without the Go type's doc comment, which the OpenAPI documents publish
 * and kubectl explain prints under every Quantity field; the text is that comment, of
 * `type Quantity struct` in k8s.io/apimachinery/pkg/api/resource/quantity.go.
 */
const missingDescriptions: Record<string, string> = {
  'io.k8s.apimachinery.pkg.api.resource.Quantity': [
    'Quantity is a fixed-point representation of a number. It provides convenient marshaling/unmarshaling in JSON and YAML, in addition to String() and AsInt64() accessors.',
    'The serialization format is:',
    '``` <quantity>        ::= <signedNumber><suffix>',
    '\t(Note that <suffix> may be empty, from the "" case in <decimalSI>.)',
    '<digit>           ::= 0 | 1 | ... | 9 <digits>          ::= <digit> | <digit><digits> <number>          ::= <digits> | <digits>.<digits> | <digits>. | .<digits> <sign>            ::= "+" | "-" <signedNumber>    ::= <number> | <sign><number> <suffix>          ::= <binarySI> | <decimalExponent> | <decimalSI> <binarySI>        ::= Ki | Mi | Gi | Ti | Pi | Ei',
    '\t(International System of units; See: http://physics.nist.gov/cuu/Units/binary.html)',
    '<decimalSI>       ::= m | "" | k | M | G | T | P | E',
    "\t(Note that 1024 = 1Ki but 1000 = 1k; I didn't choose the capitalization.)",
    '<decimalExponent> ::= "e" <signedNumber> | "E" <signedNumber> ```',
    'No matter which of the three exponent forms is used, no quantity may represent a number greater than 2^63-1 in magnitude, nor may it have more than 3 decimal places. Numbers larger or more precise will be capped or rounded up. (E.g.: 0.1m will rounded up to 1m.) This may be extended in the future if we require larger or smaller quantities.',
    'When a Quantity is parsed from a string, it will remember the type of suffix it had, and will use the same type again when it is serialized.',
    'Before serializing, Quantity will be put in "canonical form". This means that Exponent/suffix will be adjusted up or down (with a corresponding increase or decrease in Mantissa) such that:',
    '- No precision is lost - No fractional digits will be emitted - The exponent (or suffix) is as large as possible.',
    'The sign will be omitted unless the number is negative.',
    'Examples:',
    '- 1.5 will be serialized as "1500m" - 1.5Gi will be serialized as "1536Mi"',
    'Note that the quantity will NEVER be internally represented by a floating point number. That is the whole point of this exercise.',
    "Non-canonical values will still parse as long as they are well formed, but will be re-emitted in their canonical form. (So always use canonical form, or don't diff.)",
    'This format is intended to make it difficult to use these numbers without writing some sort of special handling code in the hopes that that will cause implementors to also use a fixed point implementation.',
  ].join('\n\n'),
};

interface TypeResult {
  type: string;
  enum?: string[];
}

class Generator {
  readonly definitions = new Map<string, DefinitionData>();
  readonly kinds: KindData[] = [];
  /** Inline object types, resolved once all named definitions are known. */
  private readonly inlineObjects: {
    owner: string;
    field: FieldData;
    literal: ts.TypeLiteralNode;
    file: ParsedFile;
  }[] = [];

  constructor(private readonly validatorsDir: string) {}

  addFile(parsed: ParsedFile): void {
    for (const statement of parsed.source.statements) {
      if (ts.isInterfaceDeclaration(statement)) {
        const globalName = parsed.globalNames.get(statement.name.text);
        if (globalName) {
          this.addInterface(globalName, statement, parsed);
        }
      } else if (ts.isTypeAliasDeclaration(statement)) {
        const globalName = parsed.globalNames.get(statement.name.text);
        if (globalName) {
          this.addAlias(globalName, statement, parsed);
        }
      }
    }
  }

  private addAlias(globalName: string, alias: ts.TypeAliasDeclaration, parsed: ParsedFile): void {
    const id = definitionIdFromGlobalName(globalName);
    const definition: DefinitionData = {};
    const description = documentation(alias) ?? missingDescriptions[id];
    if (description) {
      definition.description = description;
    }
    definition.type = this.convertType(alias.type, parsed, id, '').type;
    this.definitions.set(id, definition);
  }

  private addInterface(globalName: string, node: ts.InterfaceDeclaration, parsed: ParsedFile): void {
    const id = definitionIdFromGlobalName(globalName);
    const definition: DefinitionData = {};
    const description = documentation(node);
    if (description) {
      definition.description = description;
    }
    if (isDeprecated(node)) {
      definition.deprecated = true;
    }
    const extendsTypeMeta = (node.heritageClauses ?? []).some((clause) =>
      clause.types.some((type) => type.expression.getText() === 'TypeMeta'),
    );
    const { properties, literals, ...members } = this.convertMembers(node.members, parsed, id);
    let required = members.required;
    if (extendsTypeMeta) {
      this.addKind(id, literals, definition.deprecated === true, properties);
      required = required.filter((name) => name !== 'apiVersion' && name !== 'kind');
    }
    if (node.members.length === 0) {
      // An empty interface stands for a value the schema leaves open (RawExtension, JSON, …).
      definition.type = 'any';
    } else {
      definition.properties = properties;
      if (required.length > 0) {
        definition.required = required;
      }
    }
    this.definitions.set(id, definition);
  }

  private addKind(
    id: string,
    literals: Map<string, string>,
    deprecated: boolean,
    properties: Record<string, FieldData>,
  ): void {
    const apiVersion = literals.get('apiVersion');
    const kind = literals.get('kind');
    if (!apiVersion || !kind) {
      throw new Error(`${id} extends TypeMeta without literal apiVersion and kind`);
    }
    const slash = apiVersion.indexOf('/');
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    const version = apiVersion.slice(slash + 1);
    const entry: KindData = { group, version, kind, definition: id, resource: resourceName(kind) };
    const shortNames = kindShortNames[`${group}/${kind}`];
    if (shortNames) {
      entry.shortNames = shortNames;
    }
    if (deprecated) {
      entry.deprecated = true;
    }
    this.kinds.push(entry);
    // The package types apiVersion and kind as required literals because its model classes
    // always set them; in the API schema they are optional strings, documented by TypeMeta.
    for (const [name, description] of typeMetaDocs) {
      properties[name] = { type: 'string', description };
    }
  }

  private convertMembers(
    members: ts.NodeArray<ts.TypeElement>,
    parsed: ParsedFile,
    owner: string,
  ): { properties: Record<string, FieldData>; required: string[]; literals: Map<string, string> } {
    const properties: Record<string, FieldData> = {};
    const required: string[] = [];
    const literals = new Map<string, string>();
    const sorted = [...members]
      .filter(ts.isPropertySignature)
      .sort((a, b) => compareNames(propertyName(a), propertyName(b)));
    for (const member of sorted) {
      const name = propertyName(member);
      if (!member.type) {
        throw new Error(`${owner}.${name} has no type`);
      }
      if (ts.isLiteralTypeNode(member.type) && ts.isStringLiteral(member.type.literal)) {
        literals.set(name, member.type.literal.text);
      }
      const converted = this.convertType(member.type, parsed, owner, name);
      const field: FieldData = { type: converted.type };
      const rawDescription = documentation(member);
      if (rawDescription !== undefined) {
        // The "Possible enum values" paragraph is kept apart from the description: the checked-in
        // OpenAPI documents leave it out, a live API server publishes it (and kubectl explain
        // prints it), and hover and completion show it per value.
        const { text, paragraph, values } = splitEnumDocumentation(rawDescription);
        if (text) {
          field.description = text;
        }
        if (paragraph) {
          field.enumParagraph = paragraph;
        }
        if (converted.enum?.some((value) => values.get(value))) {
          field.enumDescriptions = converted.enum.map((value) => values.get(value) ?? '');
        }
      }
      if (converted.enum) {
        field.enum = converted.enum;
        // Keep the key order stable: type, description, enum, enumDescriptions.
        if (field.enumDescriptions) {
          const docs = field.enumDescriptions;
          delete field.enumDescriptions;
          field.enumDescriptions = docs;
        }
      }
      if (isDeprecated(member)) {
        field.deprecated = true;
      }
      properties[name] = field;
      if (!member.questionToken) {
        required.push(name);
      }
      this.recordInline(member.type, parsed, owner, field);
    }
    return { properties, required, literals };
  }

  private recordInline(type: ts.TypeNode, parsed: ParsedFile, owner: string, field: FieldData): void {
    const inner = arrayElement(type) ?? type;
    if (ts.isTypeLiteralNode(inner) && !isIndexSignatureLiteral(inner)) {
      this.inlineObjects.push({ owner, field, literal: inner, file: parsed });
    }
  }

  private convertType(type: ts.TypeNode, parsed: ParsedFile, owner: string, name: string): TypeResult {
    switch (type.kind) {
      case ts.SyntaxKind.StringKeyword:
        return { type: 'string' };
      case ts.SyntaxKind.BooleanKeyword:
        return { type: 'boolean' };
      case ts.SyntaxKind.NumberKeyword:
        return { type: this.numericType(owner, name) };
      case ts.SyntaxKind.AnyKeyword:
      case ts.SyntaxKind.UnknownKeyword:
        return { type: 'any' };
    }
    if (ts.isLiteralTypeNode(type) && ts.isStringLiteral(type.literal)) {
      return { type: 'string', enum: [type.literal.text] };
    }
    if (ts.isUnionTypeNode(type)) {
      const literals = type.types.filter(
        (member): member is ts.LiteralTypeNode =>
          ts.isLiteralTypeNode(member) && ts.isStringLiteral(member.literal),
      );
      if (literals.length === type.types.length) {
        return { type: 'string', enum: literals.map((member) => (member.literal as ts.StringLiteral).text) };
      }
      const members = type.types.map((member) => this.convertType(member, parsed, owner, name).type);
      // `number | string` and `string | number` are the same type: normalise the order.
      return { type: [...new Set(members)].sort().join('|') };
    }
    const element = arrayElement(type);
    if (element) {
      const inner = this.convertType(element, parsed, owner, name);
      return { ...inner, type: `[]${inner.type}` };
    }
    if (ts.isTypeLiteralNode(type)) {
      if (isIndexSignatureLiteral(type)) {
        const signature = type.members[0] as ts.IndexSignatureDeclaration;
        const inner = this.convertType(signature.type, parsed, owner, name);
        return { ...inner, type: `map[string]${inner.type}` };
      }
      // An inline object: resolved to a named definition later (see resolveInlineObjects).
      return { type: 'object' };
    }
    if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName)) {
      const referenced = type.typeName.text;
      const globalName = referenced.startsWith('IIoK8s') ? referenced : parsed.globalNames.get(referenced);
      if (globalName) {
        return { type: `#${definitionIdFromGlobalName(globalName)}` };
      }
    }
    throw new Error(`${owner}.${name}: unsupported type ${type.getText()} in ${parsed.file}`);
  }

  /**
   * The package's validator for the owning definition is the only place that still says whether
   * a `number` is an integer. Kubernetes uses integers almost everywhere; the validator marks
   * the exceptions (JSONSchemaProps.maximum, …) with `type:"number"`.
   */
  private numericType(owner: string, name: string): 'integer' | 'number' {
    const text = this.validatorSource(owner);
    if (!text || name === '') {
      return 'integer';
    }
    const start =
      text.indexOf(`void 0!==data[${JSON.stringify(name)}]`) >= 0
        ? text.indexOf(`void 0!==data[${JSON.stringify(name)}]`)
        : text.indexOf(`void 0!==data.${name}`);
    if (start < 0) {
      return 'integer';
    }
    const next = text.indexOf('void 0!==data', start + 1);
    const chunk = text.slice(start, next < 0 ? undefined : next);
    if (chunk.includes('type:"number"')) {
      return 'number';
    }
    const called = /\b(validate\d+)\(data/.exec(chunk)?.[1];
    if (called) {
      const body = new RegExp(`function ${called}\\(([\\s\\S]*?)return ${called}\\.errors`).exec(text)?.[1];
      if (body?.includes('type:"number"')) {
        return 'number';
      }
    }
    return 'integer';
  }

  private readonly validatorCache = new Map<string, string | undefined>();

  private validatorSource(owner: string): string | undefined {
    if (!this.validatorCache.has(owner)) {
      const file = path.join(this.validatorsDir, `${validatorFileName(owner)}.js`);
      this.validatorCache.set(owner, fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined);
    }
    return this.validatorCache.get(owner);
  }

  /**
   * The package inlines a kind where a field holds a whole object of that kind (StatefulSet's
   * volumeClaimTemplates are PersistentVolumeClaims), because its kind interfaces require
   * literal apiVersion and kind. Such a literal is matched back to the definition with exactly
   * the same fields; one that matches none becomes an anonymous definition of its own.
   */
  resolveInlineObjects(): void {
    const bySignature = new Map<string, string[]>();
    for (const [id, definition] of this.definitions) {
      if (definition.properties) {
        const signature = fieldSignature(definition.properties);
        bySignature.set(signature, [...(bySignature.get(signature) ?? []), id]);
      }
    }
    for (const inline of this.inlineObjects) {
      const { properties, required } = this.convertMembers(inline.literal.members, inline.file, inline.owner);
      const matches = bySignature.get(fieldSignature(properties)) ?? [];
      let target = matches.length === 1 ? matches[0] : undefined;
      if (!target) {
        target = `${inline.owner}.${Object.keys(properties).join('-')}`;
        const definition: DefinitionData = { properties };
        if (required.length > 0) {
          definition.required = required;
        }
        this.definitions.set(target, definition);
      }
      inline.field.type = inline.field.type.replace('object', `#${target}`);
    }
  }
}

const typeMetaDocs: [string, string][] = [
  [
    'apiVersion',
    'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources',
  ],
  [
    'kind',
    'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
  ],
];

function fieldSignature(properties: Record<string, FieldData>): string {
  return Object.entries(properties)
    .map(([name, field]) => `${name}:${name === 'apiVersion' || name === 'kind' ? 'string' : field.type}`)
    .join(',');
}

function validatorFileName(definitionId: string): string {
  // io.k8s.api.core.v1.PodSpec → IoK8sApiCoreV1PodSpec
  return definitionId
    .split(/[.-]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function propertyName(member: ts.PropertySignature): string {
  const name = member.name;
  if (ts.isStringLiteral(name) || ts.isIdentifier(name)) {
    return name.text;
  }
  throw new Error(`Unsupported property name ${name.getText()}`);
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function arrayElement(type: ts.TypeNode): ts.TypeNode | undefined {
  if (
    ts.isTypeReferenceNode(type) &&
    ts.isIdentifier(type.typeName) &&
    type.typeName.text === 'Array' &&
    type.typeArguments?.length === 1
  ) {
    return type.typeArguments[0];
  }
  if (ts.isArrayTypeNode(type)) {
    return type.elementType;
  }
  return undefined;
}

function isIndexSignatureLiteral(type: ts.TypeLiteralNode): boolean {
  return type.members.length === 1 && ts.isIndexSignatureDeclaration(type.members[0]!);
}

/**
 * kubectl's short names (the API server's `shortNames` in discovery), keyed by `group/Kind`.
 * Discovery is the one thing the package does not carry; these are stable across releases.
 */
const kindShortNames: Record<string, string[]> = {
  '/Pod': ['po'],
  '/Service': ['svc'],
  '/ReplicationController': ['rc'],
  '/Node': ['no'],
  '/Namespace': ['ns'],
  '/PersistentVolume': ['pv'],
  '/PersistentVolumeClaim': ['pvc'],
  '/ServiceAccount': ['sa'],
  '/ConfigMap': ['cm'],
  '/Endpoints': ['ep'],
  '/Event': ['ev'],
  '/LimitRange': ['limits'],
  '/ResourceQuota': ['quota'],
  '/ComponentStatus': ['cs'],
  'apps/Deployment': ['deploy'],
  'apps/DaemonSet': ['ds'],
  'apps/ReplicaSet': ['rs'],
  'apps/StatefulSet': ['sts'],
  'extensions/Deployment': ['deploy'],
  'extensions/DaemonSet': ['ds'],
  'extensions/ReplicaSet': ['rs'],
  'extensions/Ingress': ['ing'],
  'extensions/NetworkPolicy': ['netpol'],
  'extensions/PodSecurityPolicy': ['psp'],
  'batch/CronJob': ['cj'],
  'autoscaling/HorizontalPodAutoscaler': ['hpa'],
  'networking.k8s.io/Ingress': ['ing'],
  'networking.k8s.io/NetworkPolicy': ['netpol'],
  'policy/PodDisruptionBudget': ['pdb'],
  'policy/PodSecurityPolicy': ['psp'],
  'scheduling.k8s.io/PriorityClass': ['pc'],
  'storage.k8s.io/StorageClass': ['sc'],
  'apiextensions.k8s.io/CustomResourceDefinition': ['crd', 'crds'],
  'certificates.k8s.io/CertificateSigningRequest': ['csr'],
  'events.k8s.io/Event': ['ev'],
};

/** Plural resource names that do not follow kubectl's guess (see resourceName). */
const irregularResources: Record<string, string> = {
  Endpoints: 'endpoints',
};

/** The plural resource name, guessed the way apimachinery's UnsafeGuessKindToResource does. */
export function resourceName(kind: string): string {
  const irregular = irregularResources[kind];
  if (irregular) {
    return irregular;
  }
  const singular = kind.toLowerCase();
  if (singular.endsWith('s')) {
    return `${singular}es`;
  }
  if (singular.endsWith('y')) {
    return `${singular.slice(0, -1)}ies`;
  }
  return `${singular}s`;
}

/** One release of kubernetes-models read as a catalog of one minor. */
function readModels(modelsName: string, apimachineryName: string): FullSnapshot & { version: string } {
  const models = packageRoot(modelsName);
  const apimachinery = packageRoot(apimachineryName);
  const generator = new Generator(path.join(models.dir, '_schemas'));
  for (const root of [apimachinery, models]) {
    for (const file of listDeclarationFiles(root.dir)) {
      generator.addFile(parseFile(file));
    }
  }
  generator.resolveInlineObjects();
  const definitions = new Map<string, DefinitionData>();
  for (const id of [...generator.definitions.keys()].sort(compareNames)) {
    definitions.set(id, generator.definitions.get(id)!);
  }
  return { definitions, kinds: generator.kinds, version: packageVersion(models) };
}

/** The official OpenAPI documents beside the repository, read at generation time only. */
const officialDir = path.resolve(repoRoot, '../shared/k8s-openapi');

function official(minor: number): string {
  const file = path.join(officialDir, `v1.${minor}/swagger.json`);
  if (!fs.existsSync(file)) {
    throw new Error(`Cannot find ${file}: the catalog of several minors is generated from it.`);
  }
  return file;
}

/**
 * When each kind was introduced and removed: the prerelease-lifecycle table of k8s.io/api
 * (`<group>/<version>/zz_generated.prerelease-lifecycle.go`, APILifecycleIntroduced/Removed,
 * extracted to docs/notes/kubernetes-versions/lifecycle-table.txt), and for the kinds whose
 * packages k8s.io/api has deleted (PodSecurityPolicy, autoscaling/v2beta1, …) the deprecation
 * guide's removals (server/src/kubernetes/apiLifecycle.ts). A lifecycle `Removed` after the
 * newest minor is a plan, not a fact, and is ignored.
 */
function readLifecycle(
  kinds: readonly Pick<KindData, 'group' | 'version' | 'kind' | 'definition'>[],
): Map<string, KindLifecycle> {
  const table = new Map<string, KindLifecycle>();
  const text = fs.readFileSync(
    path.join(repoRoot, 'docs/notes/kubernetes-versions/lifecycle-table.txt'),
    'utf8',
  );
  for (const line of text.split('\n').slice(1)) {
    const [groupVersion, kind, introduced, , removed] = line.trim().split(/\s+/);
    const minor = (value: string | undefined): number | undefined =>
      value && /^1,\d+$/.test(value) ? Number(value.slice(2)) : undefined;
    if (groupVersion && kind) {
      table.set(`${groupVersion}/${kind}`, { introduced: minor(introduced), removed: minor(removed) });
    }
  }
  const result = new Map<string, KindLifecycle>();
  for (const entry of kinds) {
    const apiVersion = entry.group ? `${entry.group}/${entry.version}` : entry.version;
    // io.k8s.api.<package dir>.<version>.<Kind>: the table is keyed by k8s.io/api's directory.
    const match = /^io\.k8s\.api\.([a-z0-9]+)\.(v[a-z0-9]+)\.[A-Za-z0-9]+$/.exec(entry.definition);
    const fromTable = match ? table.get(`${match[1]}/${match[2]}/${entry.kind}`) : undefined;
    const guide = removedApis.find((api) => api.apiVersion === apiVersion && api.kinds.includes(entry.kind));
    const lifecycle: KindLifecycle = {
      introduced: fromTable?.introduced ?? guideIntroduced[`${apiVersion}/${entry.kind}`],
      removed: guide?.removedIn ?? fromTable?.removed,
    };
    if (lifecycle.introduced !== undefined || lifecycle.removed !== undefined) {
      result.set(`${apiVersion}/${entry.kind}`, lifecycle);
    }
  }
  return result;
}

/**
 * The release that introduced kinds whose packages are gone from k8s.io/api (so the lifecycle
 * table has no row): from the Kubernetes release notes / API reference of each version.
 */
const guideIntroduced: Record<string, number> = {
  // policy/v1beta1 PodSecurityPolicy: Kubernetes 1.10 (moved from extensions/v1beta1).
  'policy/v1beta1/PodSecurityPolicy': 10,
  'extensions/v1beta1/PodSecurityPolicy': 3,
  // autoscaling/v2beta1: 1.8; autoscaling/v2beta2: 1.12.
  'autoscaling/v2beta1/HorizontalPodAutoscaler': 8,
  'autoscaling/v2beta2/HorizontalPodAutoscaler': 12,
  // apiextensions.k8s.io/v1beta1 CustomResourceDefinition and apiregistration.k8s.io/v1beta1
  // APIService: 1.7.
  'apiextensions.k8s.io/v1beta1/CustomResourceDefinition': 7,
  'apiregistration.k8s.io/v1beta1/APIService': 7,
};

/** The official document as a weak source: which definitions and fields a minor has. */
function evidenceOf(snapshot: FullSnapshot): WeakSnapshot {
  const result = new Map<string, WeakDefinition>();
  for (const [id, definition] of snapshot.definitions) {
    const descriptions = new Map<string, string>();
    for (const [name, field] of Object.entries(definition.properties ?? {})) {
      if (field.description) {
        descriptions.set(name, field.description);
      }
    }
    result.set(id, {
      fields: new Set(Object.keys(definition.properties ?? {})),
      required: new Set(definition.required ?? []),
      descriptions,
    });
  }
  return result;
}

/**
 * The minor whose descriptions a minor takes: its own where a source with full descriptions has
 * it (official 1.30 and 1.35, kubernetes-models 1.33 and 1.36), else the nearest such neighbour,
 * the newer one on a tie: 1.31 takes 1.30's, 1.32 takes 1.33's, 1.34 takes 1.35's.
 */
const descriptionMinors: Record<number, number> = { 30: 30, 31: 30, 32: 33, 33: 33, 34: 35, 35: 35, 36: 36 };

export function generateCatalog(): { catalog: CatalogData; report: MergeReport } {
  const km36 = readModels('kubernetes-models', '@kubernetes-models/apimachinery');
  const km33 = readModels('kubernetes-models-1.33', '@kubernetes-models/apimachinery-2');
  const official30 = readSwagger(official(30));
  const official35 = readSwagger(official(35));
  const official36 = readSwagger(official(36));
  // The base of 1.36 is kubernetes-models@5.1.0 as it is, with the beta APIs it leaves out
  // because they are off by default (resource.k8s.io/v1beta1, networking.k8s.io/v1beta1
  // IPAddress, …) taken from the official 1.36 document: a user can turn them on.
  const base36 = { definitions: new Map(km36.definitions), kinds: [...km36.kinds] };
  for (const [id, definition] of official36.definitions) {
    if (!base36.definitions.has(id)) {
      base36.definitions.set(id, definition);
    }
  }
  for (const entry of official36.kinds) {
    if (
      !base36.kinds.some(
        (kind) => kind.group === entry.group && kind.version === entry.version && kind.kind === entry.kind,
      )
    ) {
      base36.kinds.push(makeKind(entry));
    }
  }
  const known = new Set([
    ...base36.definitions.keys(),
    ...km33.definitions.keys(),
    ...official30.definitions.keys(),
    ...official35.definitions.keys(),
  ]);
  const cdk8s31 = packageRoot('cdk8s-plus-31');
  const clientNode32 = packageRoot('client-node-1.32');
  const clientNode34 = packageRoot('client-node-1.34');
  const sources: Record<string, string> = {
    '1.30':
      'kubernetes/kubernetes api/openapi-spec/swagger.json release-1.30 (v1.30.1, via kubernetes-client/python v30.1.0)',
    '1.31': `cdk8s-plus-31@${packageVersion(cdk8s31)} (definitions and fields; descriptions of 1.30)`,
    '1.32': `@kubernetes/client-node@${packageVersion(clientNode32)} (definitions and fields; descriptions of 1.33)`,
    '1.33': `kubernetes-models@${km33.version}`,
    '1.34': `@kubernetes/client-node@${packageVersion(clientNode34)} (definitions and fields; descriptions of 1.35)`,
    '1.35':
      'kubernetes/kubernetes api/openapi-spec/swagger.json release-1.35 (v1.35.0, via kubernetes-client/python v35.0.0)',
    '1.36': `kubernetes-models@${km36.version} (default-off betas from api/openapi-spec/swagger.json release-1.36)`,
  };
  const base: FullSource = { minor: 36, name: sources['1.36']!, snapshot: base36, mergedHistory: true };
  return mergeCatalog({
    oldest: 30,
    newest: 36,
    base,
    full: [
      { minor: 30, name: sources['1.30']!, snapshot: official30 },
      { minor: 33, name: sources['1.33']!, snapshot: km33, mergedHistory: true },
      { minor: 35, name: sources['1.35']!, snapshot: official35 },
      base,
    ],
    weak: [
      {
        minor: 31,
        name: sources['1.31']!,
        snapshot: readCdk8s(path.join(cdk8s31.dir, 'lib/imports/k8s.d.ts')),
        complete: false,
      },
      {
        minor: 32,
        name: sources['1.32']!,
        snapshot: readClientNode(clientNode32.dir, known),
        complete: true,
      },
      {
        minor: 34,
        name: sources['1.34']!,
        snapshot: readClientNode(clientNode34.dir, known),
        complete: true,
      },
      { minor: 36, name: 'official 1.36', snapshot: evidenceOf(official36), complete: true },
    ],
    lifecycle: readLifecycle([
      ...km36.kinds,
      ...km33.kinds,
      ...official30.kinds,
      ...official35.kinds,
      ...official36.kinds,
    ]),
    makeKind,
    descriptionMinor: (minor) => descriptionMinors[minor] ?? minor,
    source: `kubernetes-models@${km36.version}`,
    sources,
  });
}

function makeKind(entry: Pick<KindData, 'group' | 'version' | 'kind' | 'definition'>): KindData {
  const kind: KindData = { ...entry, resource: resourceName(entry.kind) };
  const shortNames = kindShortNames[`${entry.group}/${entry.kind}`];
  if (shortNames) {
    kind.shortNames = shortNames;
  }
  return kind;
}

export function renderCatalog(catalog: CatalogData): string {
  return `${JSON.stringify(catalog)}\n`;
}

function main(): void {
  const started = Date.now();
  const { catalog, report } = generateCatalog();
  const text = renderCatalog(catalog);
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(catalogPath) ? fs.readFileSync(catalogPath, 'utf8') : '';
    if (current !== text) {
      console.error(`${path.relative(repoRoot, catalogPath)} is stale: run npm run build:catalog`);
      process.exit(1);
    }
    return;
  }
  fs.mkdirSync(path.dirname(catalogPath), { recursive: true });
  fs.writeFileSync(catalogPath, text);
  console.log(
    `Wrote ${path.relative(repoRoot, catalogPath)} (${(text.length / 1024).toFixed(0)} KiB) in ${Date.now() - started} ms; ` +
      `${report.definitionsWithoutMinor.length} definitions are in no covered minor (removed APIs), ` +
      `${report.droppedRequiredGaps.length} required fields without a span: ${report.droppedRequiredGaps.join(', ')}`,
  );
}

if (require.main === module) {
  main();
}
