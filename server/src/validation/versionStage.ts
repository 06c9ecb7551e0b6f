/**
 * The version stage: what a document uses that the target Kubernetes minor does not have (issue
 * 17). The document's data is walked against the catalog of every covered minor (its entries
 * carry their spans): a field whose span leaves out the target, an enum value whose span leaves
 * it out, and a field the target requires that not every minor requires. The schema stage checks
 * against the union of the minors' fields and only the fields required in every minor
 * (schema/jsonSchema.ts), so each problem is reported once, here, with the version in its words.
 *
 * Severity error: the API server of the target does not accept them. A field its Go types lack
 * is an unknown field: with strict field validation (`kubectl apply`/`create` send
 * `fieldValidation=Strict` by default since kubectl 1.27, KEP-2885 "Server Side Unknown Field
 * Validation"; https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation)
 * the request fails with `strict decoding error: unknown field "spec.…"`, and without it the
 * server drops the field silently (the decoder into the versioned Go struct keeps only known
 * fields), so the object does not do what the manifest says. An enum value the target does not
 * know fails the target's validation with `Unsupported value` (e.g. a toleration's `Gt`/`Lt`:
 * pkg/apis/core/validation/validation.go, validateTolerations, before 1.35 accepts only `Exists`
 * and `Equal`). A field the target requires is `Required value` there.
 */
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import {
  type Catalog,
  type DefinitionData,
  type FieldData,
  type KindData,
  type MinorSpan,
  type SchemaType,
  elementType,
  inMinor,
  minorName,
  shortDefinitionName,
} from '../catalog/catalog';
import { targetMinor } from '../catalog/targetMinor';
import { DiagnosticCode } from '../common/diagnosticCodes';
import { isJsonObject } from '../common/guards';
import type { PathSegment } from '../common/paths';
import { anchorRange, nodeAtPath, pairAtPath, valueRange } from '../yaml/astPath';
import type { ManifestDocument } from '../yaml/manifestFile';
import { makeDiagnostic } from './makeDiagnostic';
import { kustomized } from './schemaStage';
import { keyRange, placeholderValue } from './schemaSupport';
import type { DocumentContext, Finding, ValidationStage } from './validationStage';

export const versionStage: ValidationStage = {
  validate({
    dependencies,
    document,
    kind,
    kustomize,
    settings,
    structurallySound,
  }: DocumentContext): Finding[] {
    const { catalog } = dependencies;
    // A catalog of one minor has nothing to compare; the stage needs the catalog of every minor.
    if (!kind || !structurallySound || catalog.minor !== undefined) {
      return [];
    }
    const { oldest, newest } = catalog.minors;
    if (oldest === newest) {
      return [];
    }
    const written = document.toJS();
    if (written === undefined) {
      return [];
    }
    const walk = new VersionWalk(catalog, document, targetMinor(catalog, settings.kubernetesVersion));
    const data = kustomized(written, kustomize);
    if (kind.kind === 'List') {
      const items = isJsonObject(data) ? data.items : undefined;
      if (Array.isArray(items)) {
        items.forEach((item: unknown, index) => {
          const entry = itemKind(catalog, item);
          if (entry) {
            walk.at(['items', index], () => walk.object(entry.definition, item));
          }
        });
      }
    } else {
      walk.object(kind.definition, data);
    }
    return walk.findings;
  },
};

/**
 * Fields that some minors' OpenAPI documents mark required but whose API server never required
 * them: the mark came from a JSON tag without `omitempty`, and validation accepts the field
 * absent. A StatefulSet's `serviceName` (kubernetes/kubernetes#130233, "This field is NOT
 * required", which marked it optional in 1.33; `kubectl apply` always accepted a StatefulSet
 * without it, helm/helm#7207). Reporting them would be a false error on a valid manifest.
 */
const requiredOnlyInSchema: Readonly<Record<string, readonly string[]>> = {
  'io.k8s.api.apps.v1.StatefulSetSpec': ['serviceName'],
};

function itemKind(catalog: Catalog, item: unknown): KindData | undefined {
  if (!isJsonObject(item) || typeof item.apiVersion !== 'string' || typeof item.kind !== 'string') {
    return undefined;
  }
  return catalog.getKind(item.apiVersion, item.kind);
}

/** "requires Kubernetes 1.33 or later (target 1.31)", "was removed in Kubernetes 1.36 (…)". */
export function outsideSpanText(span: MinorSpan, target: number, newest: number): string {
  const [first, last] = span;
  if (target < first) {
    return last < newest
      ? `is only in Kubernetes ${first === last ? minorName(first) : `${minorName(first)} to ${minorName(last)}`} (target ${minorName(target)})`
      : `requires Kubernetes ${minorName(first)} or later (target ${minorName(target)})`;
  }
  return `was removed in Kubernetes ${minorName(last + 1)} (target ${minorName(target)}; last in ${minorName(last)})`;
}

/**
 * A walk of a document's data along its schema. The path of the value being read is one array,
 * entered and left as the walk goes (`at`), and copied only into what is kept (a fix's data): a
 * document has hundreds of fields, and a copy of the path for each was most of what the stage
 * allocated.
 */
class VersionWalk {
  readonly findings: Finding[] = [];
  private readonly newest: number;
  private readonly oldest: number;
  /** The path of the value the walk is at. */
  private readonly path: PathSegment[] = [];

  constructor(
    private readonly catalog: Catalog,
    private readonly document: ManifestDocument,
    private readonly target: number,
  ) {
    this.newest = catalog.minors.newest;
    this.oldest = catalog.minors.oldest;
  }

  /** Runs `read` with the path entered by `segments`, and leaves them after it. */
  at(segments: readonly PathSegment[], read: () => void): void {
    this.path.push(...segments);
    try {
      read();
    } finally {
      this.path.length -= segments.length;
    }
  }

  /** The object at the walk's path, of a definition. */
  object(definitionId: string, value: unknown): void {
    const definition = this.catalog.getDefinition(definitionId);
    const properties = definition?.properties;
    if (!definition || !properties || !isJsonObject(value)) {
      return;
    }
    for (const name in value) {
      const child = value[name];
      if (
        Object.prototype.hasOwnProperty.call(value, name) &&
        Object.prototype.hasOwnProperty.call(properties, name) &&
        child !== null &&
        child !== undefined
      ) {
        this.path.push(name);
        this.field(definitionId, properties[name]!, name, child);
        this.path.pop();
      }
    }
    this.required(definitionId, definition, value);
  }

  /** A field of an object, at the walk's path. */
  private field(definitionId: string, field: FieldData, name: string, child: unknown): void {
    if (field.minors && !inMinor(field.minors, this.target)) {
      // Only a field written here is reported (not one that came with a merge key).
      if (pairAtPath(this.document.yaml, this.path)) {
        this.report(
          keyRange(this.document, this.path),
          DiagnosticCode.fieldNotInTarget,
          `"${name}" in ${shortDefinitionName(definitionId)} ${outsideSpanText(field.minors, this.target, this.newest)}.`,
        );
      }
      return;
    }
    const type = this.catalog.parseType(field.type);
    if (field.enumMinors) {
      this.enumValues(`${name} in ${shortDefinitionName(definitionId)}`, field.enumMinors, type, child);
    }
    this.value(type, child);
  }

  private value(type: SchemaType, value: unknown): void {
    if (type.kind === 'ref') {
      this.object(type.id, value);
    } else if (type.kind === 'array' && Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) {
        this.path.push(index);
        this.value(type.items, value[index]);
        this.path.pop();
      }
    } else if (type.kind === 'map' && isJsonObject(value) && elementType(type).kind === 'ref') {
      for (const key in value) {
        if (Object.prototype.hasOwnProperty.call(value, key)) {
          this.path.push(key);
          this.value(type.values, value[key]);
          this.path.pop();
        }
      }
    }
  }

  /** The enum values (of a scalar, or of each item of a list) that the target does not have. */
  private enumValues(
    name: string,
    enumMinors: Readonly<Record<string, MinorSpan>>,
    type: SchemaType,
    value: unknown,
  ): void {
    if (type.kind === 'array' && Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) {
        this.path.push(index);
        this.enumValues(name, enumMinors, type.items, value[index]);
        this.path.pop();
      }
      return;
    }
    if (typeof value !== 'string' || !Object.prototype.hasOwnProperty.call(enumMinors, value)) {
      return;
    }
    const span = enumMinors[value]!;
    if (!inMinor(span, this.target) && written(this.document, this.path)) {
      this.report(
        valueRange(this.document.yaml, this.path) ?? [0, 0],
        DiagnosticCode.valueNotInTarget,
        `The value "${value}" of ${name} ${outsideSpanText(span, this.target, this.newest)}.`,
      );
    }
  }

  /**
   * The fields the target requires that not every covered minor requires (those required in
   * every minor are the schema stage's), reported as the schema stage words a missing field.
   */
  private required(definitionId: string, definition: DefinitionData, value: Record<string, unknown>): void {
    const requiredMinors = definition.requiredMinors;
    if (!requiredMinors) {
      return;
    }
    const notValidated = Object.prototype.hasOwnProperty.call(requiredOnlyInSchema, definitionId)
      ? requiredOnlyInSchema[definitionId]!
      : [];
    const missing = Object.entries(requiredMinors)
      .filter(
        ([name, span]) =>
          !notValidated.includes(name) &&
          !(span[0] <= this.oldest && span[1] >= this.newest) &&
          inMinor(span, this.target) &&
          (value[name] === undefined || value[name] === null),
      )
      .map(([name]) => name)
      .sort();
    if (missing.length === 0) {
      return;
    }
    const quoted = missing.map((name) => `"${name}"`).join(', ');
    const plural = missing.length > 1 ? 's' : '';
    const diagnostic = makeDiagnostic(
      this.document,
      anchorRange(this.document.yaml, this.path) ?? [0, 0],
      DiagnosticSeverity.Error,
      DiagnosticCode.missingRequired,
      `Missing required field${plural} ${quoted} in ${shortDefinitionName(definitionId)}.`,
      {
        kind: 'addFields',
        title: `Add missing required field${plural}: ${missing.join(', ')}`,
        path: [...this.path],
        fields: missing.map((name) => ({ name, value: placeholderValue(this.catalog, definitionId, name) })),
      },
    );
    this.findings.push({ diagnostic, absence: true });
  }

  private report(range: [number, number], code: string, message: string): void {
    this.findings.push({
      diagnostic: makeDiagnostic(this.document, range, DiagnosticSeverity.Error, code, message),
    });
  }
}

/** Whether the node at a path is written in the document (not brought in by a merge key). */
function written(document: ManifestDocument, path: PathSegment[]): boolean {
  return nodeAtPath(document.yaml, path) !== undefined;
}
