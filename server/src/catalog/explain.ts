/**
 * An offline `kubectl explain`: the plain-text output of kubectl 1.27+ (the OpenAPI v3
 * `plaintext` template, staging/src/k8s.io/kubectl/pkg/explain/v2/templates/plaintext.tmpl),
 * rendered from the catalog.
 */
import {
  type Catalog,
  type FieldInfo,
  type KindData,
  type SchemaType,
  apiVersionOf,
  fieldOf,
  fieldsOf,
  shortDefinitionName,
} from './catalog';

export interface ExplainOptions {
  recursive?: boolean;
  /** `group/version` (or `v1`) to choose among the versions of a resource. */
  apiVersion?: string;
}

export type ExplainResult = { ok: true; text: string } | { ok: false; error: string };

/** A resolved `resource.field.field` path. */
export interface ExplainTarget {
  kind: KindData;
  fieldPath: string[];
}

/**
 * Splits `deployments.apps.spec.replicas` into a resource and a field path the way kubectl does:
 * the longest dotted prefix that names a resource (with its group) wins.
 */
export function resolveExplainTarget(
  catalog: Catalog,
  request: string,
  apiVersion?: string,
): { ok: true; target: ExplainTarget } | { ok: false; error: string } {
  const parts = request.split('.');
  const resourceName = parts[0] ?? '';
  for (let end = parts.length; end >= 1; end--) {
    const group = end > 1 ? parts.slice(1, end).join('.') : undefined;
    let candidates = catalog.resolveResource(resourceName, group);
    if (apiVersion !== undefined) {
      candidates = candidates.filter((candidate) => apiVersionOf(candidate) === apiVersion);
    }
    const chosen = candidates[0];
    if (chosen) {
      return { ok: true, target: { kind: chosen, fieldPath: parts.slice(end) } };
    }
  }
  return { ok: false, error: `error: the server doesn't have a resource type "${resourceName}"` };
}

export function explain(catalog: Catalog, request: string, options: ExplainOptions = {}): ExplainResult {
  const resolved = resolveExplainTarget(catalog, request, options.apiVersion);
  if (!resolved.ok) {
    return resolved;
  }
  return renderExplain(catalog, resolved.target, options.recursive === true);
}

/** What a path leads to: the type at its end and the descriptions along the way. */
interface Location {
  type: SchemaType;
  field?: FieldInfo;
}

export function renderExplain(catalog: Catalog, target: ExplainTarget, recursive: boolean): ExplainResult {
  const { kind, fieldPath } = target;
  let header = '';
  if (kind.group) {
    header += `GROUP:      ${kind.group}\n`;
  }
  header += `KIND:       ${kind.kind}\nVERSION:    ${kind.version}\n\n`;

  let location: Location = { type: { kind: 'ref', id: kind.definition } };
  let body = '';
  for (let index = 0; index < fieldPath.length; index++) {
    const name = fieldPath[index]!;
    const owner = catalog.objectDefinitionOf(location.type);
    const field = owner ? fieldOf(catalog, owner.id, name) : undefined;
    if (!field) {
      return { ok: false, error: `error: field "${fieldPath[fieldPath.length - 1] ?? name}" does not exist` };
    }
    if (index === fieldPath.length - 1) {
      body += `FIELD: ${name} <${typeGuess(field.type)}>\n`;
      body += longEnum(field);
      body += '\n\n';
    }
    location = { type: field.type, field };
  }

  body += 'DESCRIPTION:\n';
  body += indent(4, wrap(76, descriptionChain(catalog, location) || '<empty>')) + '\n';
  const fields = fieldList(catalog, location.type, 1, recursive, new Set());
  if (fields) {
    body += `FIELDS:\n${fields}`;
  }
  return { ok: true, text: `${header}${body}\n` };
}

/**
 * The field's description followed by the description of every type it leads to, one per
 * line, each ending with a newline (the template's "description" walk).
 */
function descriptionChain(catalog: Catalog, location: Location): string {
  let text = location.field?.field.description ? `${location.field.field.description}\n` : '';
  let type: SchemaType | undefined = location.type;
  while (type) {
    if (type.kind === 'ref') {
      const description = catalog.getDefinition(type.id)?.description;
      if (description) {
        text += `${description}\n`;
      }
      type = undefined;
    } else if (type.kind === 'array') {
      type = type.items;
    } else if (type.kind === 'map') {
      type = type.values;
    } else {
      type = undefined;
    }
  }
  return text;
}

function fieldList(
  catalog: Catalog,
  type: SchemaType,
  level: number,
  recursive: boolean,
  history: ReadonlySet<string>,
): string {
  const owner = catalog.objectDefinitionOf(type);
  if (!owner || history.has(owner.id)) {
    return '';
  }
  const nextHistory = new Set(history).add(owner.id);
  let text = '';
  for (const field of fieldsOf(catalog, owner.id)) {
    text += fieldDetail(field, level, recursive);
    if (recursive) {
      text += fieldList(catalog, field.type, level + 1, recursive, nextHistory);
    }
  }
  return text;
}

function fieldDetail(field: FieldInfo, level: number, short: boolean): string {
  const indentAmount = level * 2;
  let text = `${indent(indentAmount, field.name)}\t<${typeGuess(field.type)}>`;
  if (field.required) {
    text += ' -required-';
  }
  text += shortEnum(field, indentAmount);
  text += '\n';
  if (!short) {
    text += indent(indentAmount + 2, wrap(78 - indentAmount, field.field.description ?? '<no description>'));
    text += '\n\n';
  }
  return text;
}

/** The enum of a scalar field; kubectl does not look into array items for it. */
function scalarEnum(field: FieldInfo): string[] | undefined {
  return field.type.kind === 'scalar' ? field.field.enum : undefined;
}

function longEnum(field: FieldInfo): string {
  const values = scalarEnum(field);
  if (!values?.length) {
    return '';
  }
  return `ENUM:${values.map((value) => `\n    ${enumLiteral(value)}`).join('')}`;
}

function shortEnum(field: FieldInfo, indentAmount: number): string {
  const values = scalarEnum(field);
  if (!values?.length) {
    return '';
  }
  const shown = values.slice(0, 4).map(enumLiteral).join(', ');
  return `\n${' '.repeat(indentAmount)}enum: ${shown}${values.length > 4 ? ', ....' : ''}`;
}

function enumLiteral(value: string): string {
  return value === '' ? '""' : value;
}

/** kubectl's type notation: `string`, `[]Container`, `map[string]string`, `Quantity`, `Object`. */
export function typeGuess(type: SchemaType): string {
  switch (type.kind) {
    case 'scalar':
      return type.name;
    case 'array':
      return `[]${typeGuess(type.items)}`;
    case 'map':
      return `map[string]${typeGuess(type.values)}`;
    case 'ref':
      return shortDefinitionName(type.id);
    case 'any':
    case 'union':
      return 'Object';
  }
}

/** sprig-style indent: every line, including an empty last one, gets the padding. */
export function indent(amount: number, text: string): string {
  const pad = ' '.repeat(amount);
  return pad + text.split('\n').join(`\n${pad}`);
}

/** Go's unicode.IsSpace, without the no-break space that go-wordwrap keeps inside words. */
function isGoSpace(char: string): boolean {
  return /^[\t\n\v\f\r \u0085\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/.test(char);
}

/**
 * Word wrapping as github.com/mitchellh/go-wordwrap's WrapString does it, which kubectl uses:
 * existing line breaks are kept, lines break at the last space before the limit, and a word
 * longer than the limit is left whole on a line of its own.
 */
export function wrap(limit: number, text: string): string {
  let out = '';
  let current = 0;
  let word = '';
  let wordLength = 0;
  let spaces = '';
  let spacesLength = 0;
  for (const char of text) {
    if (char === '\n') {
      // Pending spaces before a line break are kept only when they fit.
      if (wordLength > 0 || current + spacesLength <= limit) {
        out += spaces + word;
      }
      out += char;
      current = 0;
      spaces = '';
      spacesLength = 0;
      word = '';
      wordLength = 0;
    } else if (isGoSpace(char)) {
      if (spacesLength === 0 || wordLength > 0) {
        current += spacesLength + wordLength;
        out += spaces + word;
        spaces = '';
        spacesLength = 0;
        word = '';
        wordLength = 0;
      }
      spaces += char;
      spacesLength++;
    } else {
      word += char;
      wordLength++;
      if (current + spacesLength + wordLength > limit && wordLength < limit) {
        out += '\n';
        current = 0;
        spaces = '';
        spacesLength = 0;
      }
    }
  }
  if (wordLength === 0) {
    if (current + spacesLength <= limit) {
      out += spaces;
    }
  } else {
    out += spaces + word;
  }
  return out;
}
