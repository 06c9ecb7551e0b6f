/**
 * A kustomization file's own fields: their diagnostics (an unknown field, a value of the wrong
 * type, a deprecated field), completion and hover, from the hand-written schema of
 * kustomizationSchema.ts.
 *
 * Kustomize reads the file with `Kustomization.Unmarshal` (api/types/kustomization.go): YAML to
 * JSON, then Go's encoding/json with `DisallowUnknownFields`, so an unknown field anywhere and a
 * value that does not decode into the field's Go type fail `kustomize build` ("invalid
 * Kustomization: json: unknown field …", "cannot unmarshal string into Go struct field …"). A
 * null decodes into every type. Each failure was checked with kubectl kustomize (kustomize
 * v5.5.0): a string entry in `patches`, `newTag: 1.0`, a label value `1`, an unknown key; a key
 * that differs in case only (`Resources`) is accepted.
 */
import { isAlias, isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import {
  type CompletionItem,
  CompletionItemKind,
  CompletionItemTag,
  type CompletionList,
  type Hover,
  MarkupKind,
  type Position,
  type Range,
} from 'vscode-languageserver-types';
import type { RuleSeverity } from '../../common/settings';
import { closestMatch } from '../../util/suggest';
import { findNodeAtOffset, keyText, rangeOf } from '../../yaml/astPath';
import type { ManifestDocument, ManifestFile } from '../../yaml/manifestFile';
import { findCompletionSite } from '../completionSite';
import {
  fieldAt,
  fieldOf,
  type KustomizationField,
  type KustomizationType,
  kustomizationSchema,
  schemaAt,
  typeName,
} from './kustomizationSchema';

/** The diagnostics of a kustomization file, as `podscope rules` and docs/rules.md list them. */
export const kustomizationRules = [
  {
    id: 'kustomization-unknown-field',
    defaultSeverity: 'error',
    summary: 'A kustomization has a field that Kustomize does not know: kustomize build fails.',
  },
  {
    id: 'kustomization-wrong-type',
    defaultSeverity: 'error',
    summary:
      'A kustomization field has a value of the wrong type (a string for a list…): kustomize build fails.',
  },
  {
    id: 'kustomization-deprecated-field',
    defaultSeverity: 'hint',
    summary: 'A kustomization uses a deprecated field (bases, commonLabels, patchesStrategicMerge, vars…).',
  },
  {
    id: 'kustomization-path-not-found',
    defaultSeverity: 'error',
    summary: 'A kustomization names a local file or folder that does not exist: kustomize build fails.',
  },
] as const satisfies readonly {
  id: string;
  defaultSeverity: Exclude<RuleSeverity, 'off'>;
  summary: string;
}[];

export type KustomizationRuleId = (typeof kustomizationRules)[number]['id'];

export interface KustomizationFinding {
  readonly code: KustomizationRuleId;
  readonly range: Range;
  readonly message: string;
}

/**
 * Whether a document is read by Kustomize as a kustomization: kustomize.config.k8s.io, or no
 * apiVersion at all (`FixKustomization` defaults it). A Flux `Kustomization`
 * (kustomize.toolkit.fluxcd.io) in a file of that name is another API's object.
 */
export function isKustomizationDocument(document: ManifestDocument): boolean {
  if (!isMap(document.yaml.contents)) {
    return false;
  }
  const apiVersion = document.identity.apiVersion;
  return apiVersion === undefined || apiVersion.startsWith('kustomize.config.k8s.io/');
}

function isNull(node: Node | null): boolean {
  return node === null || (isScalar(node) && node.value === null);
}

/**
 * A plain scalar that every YAML reader takes for a boolean or a number (kustomize's
 * sigs.k8s.io/yaml too): `true`, `3`, `1.0`. Other plain scalars are read as strings, so that a
 * difference between YAML readers (`.`, `1_000`, `y`) never makes an error.
 */
function typedScalar(node: Scalar): boolean {
  return (
    node.type === 'PLAIN' &&
    typeof node.source === 'string' &&
    /^(true|false|[-+]?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?)$/.test(node.source)
  );
}

/** The field's value is of its type, as Go's encoding/json would decode it. */
function typeProblem(schema: KustomizationType, node: Node): string | undefined {
  const scalarValue = isScalar(node) ? node.value : undefined;
  switch (schema.type) {
    case 'string':
      return isScalar(node) && (typeof scalarValue === 'string' || !typedScalar(node))
        ? undefined
        : 'a string';
    case 'boolean':
      return typeof scalarValue === 'boolean' ? undefined : 'true or false';
    case 'integer':
      return typeof scalarValue === 'number' && Number.isInteger(scalarValue) ? undefined : 'an integer';
    case 'stringMap':
    case 'object':
      return isMap(node) ? undefined : 'a map';
    case 'list':
      return isSeq(node) ? undefined : 'a list';
    default:
      return undefined;
  }
}

function describe(node: Node): string {
  if (isMap(node)) {
    return 'a map';
  }
  if (isSeq(node)) {
    return 'a list';
  }
  const value = isScalar(node) ? node.value : undefined;
  return typeof value === 'boolean' ? 'a boolean' : typeof value === 'number' ? 'a number' : 'a string';
}

/** The findings on a kustomization's fields, with ranges in the file. */
export function checkKustomizationFields(document: ManifestDocument): KustomizationFinding[] {
  const findings: KustomizationFinding[] = [];
  const range = (node: Node): Range | undefined => {
    const offsets = rangeOf(node);
    return offsets ? document.rangeOf(offsets[0], offsets[1]) : undefined;
  };
  const visit = (schema: KustomizationType, node: Node | null, where: string): void => {
    // An alias stands for a value checked where it is defined.
    if (node === null || isNull(node) || isAlias(node)) {
      return;
    }
    const expected = typeProblem(schema, node);
    if (expected) {
      const at = range(node);
      if (at) {
        findings.push({
          code: 'kustomization-wrong-type',
          range: at,
          message: `${where} must be ${expected} (${typeName(schema)}), not ${describe(node)}: Kustomize cannot decode it.`,
        });
      }
      return;
    }
    if (schema.type === 'list' && isSeq(node)) {
      node.items.forEach((item, index) => visit(schema.items, item as Node | null, `${where}[${index}]`));
    } else if (schema.type === 'stringMap' && isMap(node)) {
      for (const pair of node.items) {
        const value = pair.value as Node | null;
        // A label value must be a string too (`version: 1` fails kustomize build: "cannot
        // unmarshal number into Go struct field Kustomization.commonLabels of type string").
        if (value !== null && (isMap(value) || isSeq(value) || (isScalar(value) && typedScalar(value)))) {
          const at = range(value);
          if (at) {
            findings.push({
              code: 'kustomization-wrong-type',
              range: at,
              message: `${where}.${keyText(pair) ?? ''} must be a string, not ${describe(value)}: Kustomize cannot decode it.`,
            });
          }
        }
      }
    } else if (schema.type === 'object' && isMap(node)) {
      for (const pair of node.items) {
        const key = keyText(pair);
        const keyNode = pair.key as Node | null;
        if (key === undefined || keyNode === null || key === '<<') {
          continue;
        }
        const found = fieldOf(schema, key);
        const at = range(keyNode);
        if (!found) {
          if (!schema.open && at) {
            const suggestion = closestMatch(key, Object.keys(schema.fields));
            findings.push({
              code: 'kustomization-unknown-field',
              range: at,
              message: `Kustomize does not know the field "${key}" in ${schema.name}${suggestion ? `: did you mean "${suggestion}"?` : '.'}`,
            });
          }
          continue;
        }
        if (found.field.deprecated && at) {
          findings.push({
            code: 'kustomization-deprecated-field',
            range: at,
            message: `"${found.name}" is deprecated: use ${found.field.deprecated}.`,
          });
        }
        visit(
          found.field.schema,
          pair.value as Node | null,
          where === '' ? found.name : `${where}.${found.name}`,
        );
      }
    }
  };
  visit(kustomizationSchema, document.yaml.contents, '');
  return findings;
}

function fieldMarkdown(name: string, owner: string, field: KustomizationField): string {
  const lines = [`**${name}** \`<${typeName(field.schema)}>\` — ${owner}`, '', field.description];
  if (field.deprecated) {
    lines.push('', `*Deprecated:* use ${field.deprecated}.`);
  }
  if (field.schema.type === 'string' && field.schema.values) {
    lines.push('', `Values: ${field.schema.values.map((value) => `\`${value}\``).join(', ')}`);
  }
  lines.push('', 'Source: sigs.k8s.io/kustomize api/types');
  return lines.join('\n');
}

/** Completion of a kustomization's keys, and of the values of fields with a closed set. */
export function completeKustomization(file: ManifestFile, position: Position): CompletionList {
  const empty: CompletionList = { isIncomplete: false, items: [] };
  const site = findCompletionSite(file, position);
  if (!site) {
    return empty;
  }
  if (site.mode === 'key') {
    const schema = schemaAt(site.path);
    if (schema?.type !== 'object') {
      return empty;
    }
    const items: CompletionItem[] = Object.entries(schema.fields)
      .filter(([name]) => !site.existingKeys.has(name))
      .map(([name, field]) => ({
        label: name,
        kind: CompletionItemKind.Property,
        detail: `<${typeName(field.schema)}>`,
        documentation: { kind: MarkupKind.Markdown, value: fieldMarkdown(name, schema.name, field) },
        // Deprecated fields are offered last, struck through.
        sortText: `${field.deprecated ? '1' : '0'}${name}`,
        ...(field.deprecated ? { tags: [CompletionItemTag.Deprecated] } : {}),
        textEdit: { range: site.replace, newText: `${name}: ` },
      }));
    return { isIncomplete: false, items };
  }
  const schema = schemaAt(site.path);
  const values =
    schema?.type === 'string' ? (schema.values ?? []) : schema?.type === 'boolean' ? ['true', 'false'] : [];
  return {
    isIncomplete: false,
    items: values.map((value) => ({
      label: value,
      kind: CompletionItemKind.EnumMember,
      textEdit: { range: site.replace, newText: `${site.valuePrefix}${value}` },
    })),
  };
}

/** Hover on a kustomization's key or value: the field's type and documentation. */
export function hoverKustomization(file: ManifestFile, position: Position): Hover | null {
  const document = file.documentAtLine(position.line);
  if (!document || !isKustomizationDocument(document)) {
    return null;
  }
  const target = findNodeAtOffset(document.yaml, document.offsetAt(position));
  const offsets = rangeOf(target.node);
  if (!offsets || !(target.keyPair || target.valuePair || isScalar(target.node))) {
    return null;
  }
  // On an entry of a list, the list's field.
  const path = [...target.path];
  while (typeof path[path.length - 1] === 'number') {
    path.pop();
  }
  const found = fieldAt(path);
  if (!found) {
    return null;
  }
  return {
    contents: { kind: MarkupKind.Markdown, value: fieldMarkdown(found.name, found.owner, found.field) },
    range: document.rangeOf(offsets[0], offsets[1]),
  };
}
