/**
 * The editor features of a Helm chart's files, over the workspace's chart store
 * (workspace/helm/chartStore.ts), in the manner of helm-ls:
 * - in a template: `.Values.` completion from the chart's values (nested keys, with the value as
 *   detail and the key's comment as documentation), inside `with .Values.x` scopes too; hover on
 *   a values path (its value, where it is defined, a parent's or a global's origin); go to
 *   definition into values.yaml; references of a values path; a warning for a path that the
 *   values do not define and that nothing guards; `include`/`template` names to their `define`
 *   (definition, references, completion); the builtin objects' fields
 *   (https://helm.sh/docs/chart_template_guide/builtin_objects/);
 * - in values.yaml: references from a key to every template expression that reads it, hover,
 *   completion of the keys `values.schema.json` declares, and the schema's diagnostics;
 * - in Chart.yaml: completion, hover and diagnostics of its fields (chartMetadata.ts).
 *
 * Everything reads the texts in the store (the open documents' current texts): nothing here
 * reads the disk.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  type CompletionItem,
  CompletionItemKind,
  type CompletionList,
  type Diagnostic,
  DiagnosticSeverity,
  type Hover,
  type Location,
  MarkupKind,
  type Position,
  type Range,
} from 'vscode-languageserver-types';
import { diagnosticSource } from '../common/diagnosticCodes';
import { findNodeAtOffset } from '../yaml/astPath';
import type { ManifestFile } from '../yaml/manifestFile';
import { chartFields, type ChartField, checkChartMetadata } from '../workspace/helm/chartMetadata';
import {
  type Chart,
  type ChartFile,
  type ChartStore,
  type EffectiveValue,
  isOpenValue,
} from '../workspace/helm/chartStore';
import {
  builtinObjectDescriptions,
  builtinObjects,
  type NamedTemplateSite,
  type ValuesRead,
} from '../workspace/helm/templateExpressions';
import {
  checkValuesAgainstSchema,
  schemaAllowsPath,
  schemaDescription,
  schemaProperties,
} from '../workspace/helm/valuesSchema';
import type { ValuesNode } from '../workspace/helm/valuesTree';
import { findCompletionSite } from './completionSite';

/** The diagnostic codes of a chart's files. */
export const helmDiagnosticCodes = {
  /** A template reads a `.Values` path that the chart's values do not define, unguarded. */
  undefinedValue: 'helm-undefined-value',
  /** Chart.yaml breaks Helm's `Metadata.Validate` or `helm lint`'s chart file rules. */
  chartFile: 'helm-chart-file',
  /** values.yaml does not match the chart's values.schema.json. */
  valuesSchema: 'helm-values-schema',
} as const;

/** Whether the features of this module answer for a document (a file of a chart in the store). */
export function isChartDocument(store: ChartStore, uri: string): boolean {
  return store.chartOf(uri) !== undefined;
}

function fileOf(store: ChartStore, document: TextDocument): { chart: Chart; file: ChartFile } | undefined {
  const chart = store.chartOf(document.uri);
  const file = store.get(document.uri);
  // The store holds the document's current text (the service puts it in first).
  return chart && file && file.text === document.getText() ? { chart, file } : undefined;
}

// ---------------------------------------------------------------------------------------------
// Values of a chart

/** The effective value at a path, if the chart's values define it. */
function valueAt(root: EffectiveValue, path: readonly string[]): EffectiveValue | undefined {
  let current: EffectiveValue | undefined = root;
  for (const key of path) {
    current = current.children.get(key);
    if (!current) {
      return undefined;
    }
  }
  return current;
}

/**
 * Whether a path is defined: written in the values (the chart's, a parent's, a global), below a
 * value written empty or null (a place for keys the user gives: `podAnnotations: {}`), written
 * commented out (`# nodePort:`, documented for the user to set), or allowed by the chart's
 * values.schema.json.
 */
function isDefined(store: ChartStore, chart: Chart, path: readonly string[]): boolean {
  if (!store.valuesFileOf(chart) && !chart.parent) {
    // No values file known (not read yet, or the chart has none): nothing to judge by.
    return true;
  }
  // A dependency's key: Helm gives it the subchart's own values below the parent's
  // (coalesce.go `coalesceDeps`); a dependency not in charts/ (not fetched) has values unknown here.
  const dependency = chart.metadata.dependencies.find((entry) => (entry.alias ?? entry.name) === path[0]);
  if (dependency && path.length > 1) {
    const subchart = store.subchartsOf(chart).find((sub) => sub.parent?.key === path[0]);
    if (!subchart || isDefined(store, subchart, path.slice(1))) {
      return true;
    }
  }
  let current = store.effectiveValues(chart);
  for (const key of path) {
    const next = current.children.get(key);
    if (!next) {
      if (current.path.length > 0 && isOpenValue(current)) {
        return true;
      }
      if (store.isCommentedOut(chart, path)) {
        return true;
      }
      const schema = store.schemaFileOf(chart)?.schema;
      return schema !== undefined && schemaAllowsPath(schema, path);
    }
    current = next;
  }
  return true;
}

function locationOf(definition: { file: ChartFile; node: ValuesNode }): Location {
  return {
    uri: definition.file.uri,
    range: definition.file.rangeOf(definition.node.keyStart, definition.node.keyEnd),
  };
}

function fileName(uri: string): string {
  const parts = uri.split('/');
  return parts.slice(-2).join('/');
}

function valueMarkdown(store: ChartStore, chart: Chart, value: EffectiveValue): string {
  const [winner, ...others] = value.definitions;
  const lines = [`**.Values.${value.path.join('.')}**`];
  if (winner) {
    lines.push('', '```yaml', `${winner.node.key}: ${winner.node.preview}`, '```');
    if (winner.node.comment) {
      lines.push('', winner.node.comment);
    }
    const line = winner.file.rangeOf(winner.node.keyStart, winner.node.keyEnd).start.line + 1;
    const origin =
      winner.origin === 'parent'
        ? ` (set by the parent chart ${winner.chartName} for this subchart)`
        : winner.origin === 'global'
          ? ` (a global of the parent chart ${winner.chartName})`
          : winner.origin === 'subchart'
            ? ` (the default of the subchart ${winner.chartName})`
            : '';
    const overridden = others.map((other) => {
      const otherLine = other.file.rangeOf(other.node.keyStart, other.node.keyEnd).start.line + 1;
      return `; overrides \`${other.node.preview}\` of \`${fileName(other.file.uri)}:${otherLine}\``;
    });
    lines.push('', `Defined in \`${fileName(winner.file.uri)}:${line}\`${origin}${overridden.join('')}`);
  } else {
    lines.push('', 'A key the user gives (the values leave it open).');
  }
  const schema = store.schemaFileOf(chart)?.schema;
  const description = schema === undefined ? undefined : schemaDescription(schema, value.path);
  if (description && description !== winner?.node.comment) {
    lines.push('', `Schema: ${description}`);
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Templates

/** The read at an offset, with the path up to the key under the cursor. */
function readAt(file: ChartFile, offset: number): { read: ValuesRead; path: string[] } | undefined {
  for (const read of file.templateExpressions.reads) {
    if (read.start <= offset && offset <= read.end && read.path.length > 0) {
      let index = 0;
      read.keyOffsets.forEach((keyOffset, keyIndex) => {
        if (keyOffset <= offset) {
          index = keyIndex;
        }
      });
      return { read, path: read.path.slice(0, index + 1) };
    }
  }
  return undefined;
}

function namedTemplateAt(file: ChartFile, offset: number): NamedTemplateSite | undefined {
  const { defines, calls } = file.templateExpressions;
  return [...defines, ...calls].find((site) => site.start <= offset && offset <= site.end);
}

/** Every `define` (and `block`) of the chart tree, by name. */
function definesOf(store: ChartStore, chart: Chart): { file: ChartFile; site: NamedTemplateSite }[] {
  return store
    .chartTree(chart)
    .flatMap((member) => store.templatesOf(member))
    .flatMap((file) => file.templateExpressions.defines.map((site) => ({ file, site })));
}

function callsOf(store: ChartStore, chart: Chart): { file: ChartFile; site: NamedTemplateSite }[] {
  return store
    .chartTree(chart)
    .flatMap((member) => store.templatesOf(member))
    .flatMap((file) => file.templateExpressions.calls.map((site) => ({ file, site })));
}

/**
 * The template expressions that read a values path of a chart: its own templates' reads of the
 * path (or below it), a subchart's reads of what the path gives it (`<sub>.x` is the subchart's
 * `.x`), and every subchart's reads of a `global`.
 */
function readersOf(store: ChartStore, chart: Chart, path: readonly string[]): Location[] {
  const locations: Location[] = [];
  const startsWith = (read: readonly string[], prefix: readonly string[]): boolean =>
    prefix.length <= read.length && prefix.every((key, index) => read[index] === key);
  const visit = (current: Chart, wanted: readonly string[]): void => {
    for (const file of store.templatesOf(current)) {
      for (const read of file.templateExpressions.reads) {
        if (startsWith(read.path, wanted)) {
          locations.push({ uri: file.uri, range: file.rangeOf(read.start, read.end) });
        }
      }
    }
    for (const sub of store.subchartsOf(current)) {
      if (wanted[0] === sub.parent?.key && wanted.length > 1) {
        visit(sub, wanted.slice(1));
      } else if (wanted[0] === 'global') {
        visit(sub, wanted);
      }
    }
  };
  visit(chart, path);
  return locations;
}

/** The warnings of a template: the values paths it reads unguarded that the values do not define. */
export function checkTemplate(store: ChartStore, document: TextDocument): Diagnostic[] {
  const found = fileOf(store, document);
  if (!found || found.file.role !== 'template' || found.chart.metadata.type === 'library') {
    return [];
  }
  const { chart, file } = found;
  const diagnostics: Diagnostic[] = [];
  const lines = file.text.split('\n');
  for (const read of file.templateExpressions.reads) {
    if (read.guarded || read.inDefinition || read.path.length === 0 || isDefined(store, chart, read.path)) {
      continue;
    }
    const range = file.rangeOf(read.start, read.end);
    // `# podscope-disable-next-line [helm-undefined-value]`, as for every other finding (validation/filters.ts).
    const suppression = /^\s*#\s*podscope-disable-next-line\b(.*)$/.exec(lines[range.start.line - 1] ?? '');
    if (suppression) {
      const ids = suppression[1]!
        .replace(/--.*$/, '')
        .split(/[\s,]+/)
        .filter(Boolean);
      if (ids.length === 0 || ids.includes(helmDiagnosticCodes.undefinedValue)) {
        continue;
      }
    }
    diagnostics.push({
      range,
      severity: DiagnosticSeverity.Warning,
      code: helmDiagnosticCodes.undefinedValue,
      source: diagnosticSource,
      message: `.Values.${read.path.join('.')} is not defined in the chart's values (${fileName(`${chart.root}/values.yaml`)}): it renders empty unless the user sets it. Define it, or guard it with default, required, hasKey, if or with.`,
    });
  }
  return diagnostics;
}

/** The diagnostics of a chart's Chart.yaml or values.yaml. */
export function checkChartFile(store: ChartStore, document: TextDocument): Diagnostic[] {
  const found = fileOf(store, document);
  if (!found) {
    return [];
  }
  const { chart, file } = found;
  if (file.role === 'chart') {
    return checkChartMetadata(file.text).map((finding) => ({
      range: file.rangeOf(finding.start, finding.end),
      severity: finding.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
      code: helmDiagnosticCodes.chartFile,
      source: diagnosticSource,
      message: finding.message,
    }));
  }
  const schema = file.role === 'values' ? store.schemaFileOf(chart) : undefined;
  if (schema) {
    return checkValuesAgainstSchema(store.schemas, file, schema).map((finding) => ({
      range: file.rangeOf(finding.start, finding.end),
      severity: DiagnosticSeverity.Error,
      code: helmDiagnosticCodes.valuesSchema,
      source: diagnosticSource,
      message: finding.message,
    }));
  }
  return [];
}

function valueItems(
  store: ChartStore,
  chart: Chart,
  value: EffectiveValue,
  replace: Range,
): CompletionItem[] {
  const items: CompletionItem[] = [];
  // A list's items are no fields.
  if (value.definitions[0]?.node.kind === 'list') {
    return items;
  }
  for (const [key, child] of value.children) {
    const winner = child.definitions[0];
    items.push({
      label: key,
      kind: child.children.size > 0 ? CompletionItemKind.Module : CompletionItemKind.Field,
      detail: winner?.node.preview,
      documentation: { kind: MarkupKind.Markdown, value: valueMarkdown(store, chart, child) },
      textEdit: { range: replace, newText: key },
    });
  }
  // Keys the schema declares that the values do not write.
  const schema = store.schemaFileOf(chart)?.schema;
  if (schema !== undefined) {
    for (const [key, description] of schemaProperties(schema, value.path)) {
      if (!value.children.has(key)) {
        items.push({
          label: key,
          kind: CompletionItemKind.Field,
          detail: 'values.schema.json',
          ...(description ? { documentation: { kind: MarkupKind.Markdown, value: description } } : {}),
          textEdit: { range: replace, newText: key },
        });
      }
    }
  }
  return items;
}

/** Completion in a template: values paths, builtin objects' fields, named templates. */
export function completeTemplate(
  store: ChartStore,
  document: TextDocument,
  position: Position,
): CompletionList | undefined {
  const found = fileOf(store, document);
  if (!found || found.file.role !== 'template') {
    return undefined;
  }
  const { chart, file } = found;
  const text = file.text;
  const offset = document.offsetAt(position);
  // Only inside an action: the last `{{` before the cursor is not closed before it.
  const open = text.lastIndexOf('{{', offset);
  if (open < 0 || text.lastIndexOf('}}', offset - 1) > open) {
    return undefined;
  }
  const before = text.slice(open + 2, offset);
  const list = (items: CompletionItem[]): CompletionList => ({ isIncomplete: false, items });
  const rangeBack = (length: number): Range => ({
    start: document.positionAt(offset - length),
    end: position,
  });

  const call = /\b(?:include|template)\s+"([^"]*)$/.exec(before);
  if (call) {
    const partial = call[1]!;
    const names = new Map<string, { file: ChartFile; site: NamedTemplateSite }>();
    for (const entry of definesOf(store, chart)) {
      if (!names.has(entry.site.name)) {
        names.set(entry.site.name, entry);
      }
    }
    return list(
      [...names.entries()].map(([name, entry]) => ({
        label: name,
        kind: CompletionItemKind.Function,
        detail: `define in ${fileName(entry.file.uri)}`,
        textEdit: { range: rangeBack(partial.length), newText: name },
      })),
    );
  }

  const word = /[$A-Za-z0-9_.]*$/.exec(before)![0];
  const scope = file.templateExpressions.scopeAt(offset);
  const rooted = word.startsWith('$.') || (word.startsWith('.') && scope.dot.kind === 'root');
  const parts = word.replace(/^\$/, '').split('.');
  // parts[0] is '' for a field chain.
  if (parts.length < 2 || parts[0] !== '') {
    return undefined;
  }
  const partial = parts[parts.length - 1]!;
  const keys = parts.slice(1, -1);
  const replace = rangeBack(partial.length);
  if (rooted) {
    if (keys.length === 0) {
      return list(
        Object.entries(builtinObjectDescriptions).map(([name, description]) => ({
          label: name,
          kind: CompletionItemKind.Module,
          documentation: { kind: MarkupKind.Markdown, value: description },
          textEdit: { range: replace, newText: name },
        })),
      );
    }
    if (keys[0] === 'Values') {
      const value = valueAt(store.effectiveValues(chart), keys.slice(1));
      return list(value ? valueItems(store, chart, value, replace) : []);
    }
    const members = keys.length === 1 ? builtinObjects[keys[0]!] : undefined;
    if (members) {
      return list(
        Object.entries(members).map(([name, description]) => ({
          label: name,
          kind: CompletionItemKind.Property,
          documentation: { kind: MarkupKind.Markdown, value: description },
          textEdit: { range: replace, newText: name },
        })),
      );
    }
    return list([]);
  }
  if (!word.startsWith('$') && scope.dot.kind === 'values' && !scope.inDefinition) {
    const value = valueAt(store.effectiveValues(chart), [...scope.dot.path, ...keys]);
    return list(value ? valueItems(store, chart, value, replace) : []);
  }
  return undefined;
}

/** Hover in a template: a values path, or a builtin object's field. */
export function hoverTemplate(
  store: ChartStore,
  document: TextDocument,
  position: Position,
): Hover | null | undefined {
  const found = fileOf(store, document);
  if (!found || found.file.role !== 'template') {
    return undefined;
  }
  const { chart, file } = found;
  const offset = document.offsetAt(position);
  const at = readAt(file, offset);
  if (at) {
    const value = valueAt(store.effectiveValues(chart), at.path);
    const range = file.rangeOf(at.read.start, at.read.end);
    if (value) {
      return { contents: { kind: MarkupKind.Markdown, value: valueMarkdown(store, chart, value) }, range };
    }
    return {
      contents: {
        kind: MarkupKind.Markdown,
        value: `**.Values.${at.path.join('.')}**\n\nNot defined in the chart's values.`,
      },
      range,
    };
  }
  const named = namedTemplateAt(file, offset);
  if (named) {
    const found = definesOf(store, chart).filter((entry) => entry.site.name === named.name);
    const lines = [`**${named.name}**`];
    for (const entry of found) {
      const line = entry.file.rangeOf(entry.site.start, entry.site.end).start.line + 1;
      lines.push('', `\`define\` in \`${fileName(entry.file.uri)}:${line}\``);
      const body = entry.site.body;
      if (body) {
        const text = entry.file.text
          .slice(body.start, body.end)
          .replace(/^\s*\n/, '')
          .trimEnd();
        const shown = text.split('\n').slice(0, 12);
        lines.push('', '```yaml', ...shown, ...(text.split('\n').length > 12 ? ['…'] : []), '```');
      }
    }
    if (found.length === 0) {
      lines.push('', 'No `define` of this name in the chart or its subcharts.');
    }
    return {
      contents: { kind: MarkupKind.Markdown, value: lines.join('\n') },
      range: file.rangeOf(named.start, named.end),
    };
  }
  const text = file.text;
  const start = offset - /[$A-Za-z0-9_.]*$/.exec(text.slice(Math.max(0, offset - 200), offset))![0].length;
  const end = offset + /^[A-Za-z0-9_]*/.exec(text.slice(offset, offset + 200))![0].length;
  const builtin = /^\$?\.([A-Z][A-Za-z]*)\.([A-Z][A-Za-z]*)$/.exec(text.slice(start, end));
  const description = builtin ? builtinObjects[builtin[1]!]?.[builtin[2]!] : undefined;
  if (builtin && description) {
    return {
      contents: { kind: MarkupKind.Markdown, value: `**.${builtin[1]}.${builtin[2]}**\n\n${description}` },
      range: { start: document.positionAt(start), end: document.positionAt(end) },
    };
  }
  return undefined;
}

/** Go to definition in a template: a values path into the values files, a named template to its define. */
export function findTemplateDefinition(
  store: ChartStore,
  document: TextDocument,
  position: Position,
): Location[] | undefined {
  const found = fileOf(store, document);
  if (!found || found.file.role !== 'template') {
    return undefined;
  }
  const { chart, file } = found;
  const offset = document.offsetAt(position);
  const at = readAt(file, offset);
  if (at) {
    const value = valueAt(store.effectiveValues(chart), at.path);
    return value ? value.definitions.map(locationOf) : [];
  }
  const named = namedTemplateAt(file, offset);
  if (named) {
    return definesOf(store, chart)
      .filter((entry) => entry.site.name === named.name)
      .map((entry) => ({ uri: entry.file.uri, range: entry.file.rangeOf(entry.site.start, entry.site.end) }));
  }
  return undefined;
}

/** References from a template's values path or named template, or from a values.yaml key. */
export function findChartReferences(
  store: ChartStore,
  document: TextDocument,
  position: Position,
  includeDeclaration: boolean,
): Location[] | undefined {
  const found = fileOf(store, document);
  if (!found) {
    return undefined;
  }
  const { chart, file } = found;
  const offset = document.offsetAt(position);
  if (file.role === 'values') {
    const node = keyNodeAt(file.values.root, offset);
    if (!node) {
      return undefined;
    }
    return [
      ...(includeDeclaration ? [locationOf({ file, node })] : []),
      ...readersOf(store, chart, node.path),
    ];
  }
  if (file.role !== 'template') {
    return undefined;
  }
  const at = readAt(file, offset);
  if (at) {
    const value = valueAt(store.effectiveValues(chart), at.path);
    return [
      ...(includeDeclaration && value ? value.definitions.map(locationOf) : []),
      ...readersOf(store, chart, at.path).filter((location) => {
        // Exactly this path (a read below it is another key's).
        const target = store.get(location.uri);
        return target?.templateExpressions.reads.some(
          (read) =>
            read.path.length === at.path.length &&
            read.path.every((key, index) => key === at.path[index]) &&
            sameRange(target.rangeOf(read.start, read.end), location.range),
        );
      }),
    ];
  }
  const named = namedTemplateAt(file, offset);
  if (named) {
    const site = (entry: { file: ChartFile; site: NamedTemplateSite }): Location => ({
      uri: entry.file.uri,
      range: entry.file.rangeOf(entry.site.start, entry.site.end),
    });
    return [
      ...(includeDeclaration
        ? definesOf(store, chart)
            .filter((entry) => entry.site.name === named.name)
            .map(site)
        : []),
      ...callsOf(store, chart)
        .filter((entry) => entry.site.name === named.name)
        .map(site),
    ];
  }
  return undefined;
}

function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

/** The key of a values file under an offset. */
function keyNodeAt(root: ValuesNode, offset: number): ValuesNode | undefined {
  for (const child of root.children.values()) {
    if (child.keyStart <= offset && offset <= child.keyEnd && child.keyEnd > child.keyStart) {
      return child;
    }
    const inner = keyNodeAt(child, offset);
    if (inner) {
      return inner;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Chart.yaml and values.yaml

function chartFieldAt(path: readonly (string | number)[]): ChartField | undefined {
  let fields: Readonly<Record<string, ChartField>> | undefined = chartFields;
  let field: ChartField | undefined;
  for (const segment of path) {
    if (typeof segment === 'number') {
      fields = field?.items;
      continue;
    }
    field = fields?.[segment];
    if (!field) {
      return undefined;
    }
    fields = undefined;
  }
  return field;
}

function chartFieldsAt(path: readonly (string | number)[]): Readonly<Record<string, ChartField>> | undefined {
  if (path.length === 0) {
    return chartFields;
  }
  const last = path[path.length - 1];
  return typeof last === 'number' ? chartFieldAt(path.slice(0, -1))?.items : undefined;
}

function chartFieldMarkdown(name: string, field: ChartField): string {
  const lines = [`**${name}** \`<${field.type}>\``, '', field.description];
  if (field.values) {
    lines.push('', `Values: ${field.values.map((value) => `\`${value}\``).join(', ')}`);
  }
  lines.push('', 'Source: helm/helm pkg/chart/v2/metadata.go');
  return lines.join('\n');
}

/** Completion in Chart.yaml (its fields, and the values of apiVersion and type) and values.yaml (the schema's keys). */
export function completeChartFile(
  store: ChartStore,
  document: TextDocument,
  file: ManifestFile,
  position: Position,
): CompletionList | undefined {
  const found = fileOf(store, document);
  if (!found || (found.file.role !== 'chart' && found.file.role !== 'values')) {
    return undefined;
  }
  const empty: CompletionList = { isIncomplete: false, items: [] };
  const site = findCompletionSite(file, position);
  if (!site) {
    return empty;
  }
  if (found.file.role === 'chart') {
    if (site.mode === 'key') {
      const fields = chartFieldsAt(site.path);
      return {
        isIncomplete: false,
        items: Object.entries(fields ?? {})
          .filter(([name]) => !site.existingKeys.has(name))
          .map(([name, field]) => ({
            label: name,
            kind: CompletionItemKind.Property,
            detail: `<${field.type}>`,
            documentation: { kind: MarkupKind.Markdown, value: chartFieldMarkdown(name, field) },
            textEdit: { range: site.replace, newText: `${name}: ` },
          })),
      };
    }
    const field = chartFieldAt(site.path);
    const values = field?.values ?? (field?.type === 'boolean' ? ['true', 'false'] : []);
    return {
      isIncomplete: false,
      items: values.map((value) => ({
        label: value,
        kind: CompletionItemKind.EnumMember,
        textEdit: { range: site.replace, newText: `${site.valuePrefix}${value}` },
      })),
    };
  }
  const schema = store.schemaFileOf(found.chart)?.schema;
  if (
    site.mode !== 'key' ||
    schema === undefined ||
    site.path.some((segment) => typeof segment === 'number')
  ) {
    return empty;
  }
  const path = site.path.map(String);
  return {
    isIncomplete: false,
    items: [...schemaProperties(schema, path)]
      .filter(([name]) => !site.existingKeys.has(name))
      .map(([name, description]) => ({
        label: name,
        kind: CompletionItemKind.Property,
        detail: 'values.schema.json',
        ...(description ? { documentation: { kind: MarkupKind.Markdown, value: description } } : {}),
        textEdit: { range: site.replace, newText: `${name}: ` },
      })),
  };
}

/** Hover in Chart.yaml (a field's documentation) and values.yaml (the key, its schema, its readers). */
export function hoverChartFile(
  store: ChartStore,
  document: TextDocument,
  file: ManifestFile,
  position: Position,
): Hover | null | undefined {
  const found = fileOf(store, document);
  if (!found || (found.file.role !== 'chart' && found.file.role !== 'values')) {
    return undefined;
  }
  const offset = document.offsetAt(position);
  if (found.file.role === 'values') {
    const node = keyNodeAt(found.file.values.root, offset);
    if (!node) {
      return null;
    }
    const value = valueAt(store.effectiveValues(found.chart), node.path);
    const readers = readersOf(store, found.chart, node.path).length;
    const markdown = value ? valueMarkdown(store, found.chart, value) : `**.Values.${node.path.join('.')}**`;
    return {
      contents: {
        kind: MarkupKind.Markdown,
        value: `${markdown}\n\nRead by ${readers} template expression${readers === 1 ? '' : 's'}.`,
      },
      range: found.file.rangeOf(node.keyStart, node.keyEnd),
    };
  }
  const manifest = file.documentAtLine(position.line);
  if (!manifest) {
    return null;
  }
  const target = findNodeAtOffset(manifest.yaml, manifest.offsetAt(position));
  const path = [...target.path];
  while (typeof path[path.length - 1] === 'number') {
    path.pop();
  }
  const field = chartFieldAt(path);
  const name = path[path.length - 1];
  const nodeRange = (target.node as { range?: [number, number, number] } | null)?.range;
  if (!field || typeof name !== 'string' || !nodeRange) {
    return null;
  }
  return {
    contents: { kind: MarkupKind.Markdown, value: chartFieldMarkdown(name, field) },
    range: manifest.rangeOf(nodeRange[0], nodeRange[1]),
  };
}
