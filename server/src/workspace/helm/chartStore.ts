/**
 * The Helm charts of the workspace, from the texts the host gives (an open buffer's text wins
 * over the disk's: the language service puts it in before it answers). A folder with a
 * `Chart.yaml` is a chart; its `templates/**` files are its templates, `values.yaml` its default
 * values, `values.schema.json` their schema, and each folder of `charts/` with a `Chart.yaml` a
 * subchart (https://helm.sh/docs/topics/charts/, "The Chart File Structure").
 *
 * Each file's models (the values tree, the template's expressions, the metadata) are computed
 * once per text, on first use. A subchart's values are the parent's under the subchart's name
 * (or its dependency's `alias`) over the subchart's own values.yaml, and the parent's `global`
 * over the subchart's `global`, as Helm coalesces them (helm/helm pkg/chartutil/coalesce.go,
 * `coalesceDeps` and `coalesceGlobals`; pkg/chart/common/util/coalesce.go in Helm 4: "Values in a
 * higher level chart always override values in a lower-level dependency chart … maps are
 * merged"; https://helm.sh/docs/chart_template_guide/subcharts_and_globals/).
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from 'vscode-languageserver-types';
import { type ChartMetadata, readChartMetadata } from './chartMetadata';
import { readTemplateExpressions, type TemplateExpressions } from './templateExpressions';
import { ValuesSchemaCache } from './valuesSchema';
import { commentedKeyPaths, readValuesTree, type ValuesNode, type ValuesTree } from './valuesTree';

export type ChartFileRole = 'chart' | 'values' | 'schema' | 'template';

/** What a file may be to a chart, from its path alone (whether a chart holds it is decided later). */
export function chartFileRole(uri: string): ChartFileRole | undefined {
  const name = uri.slice(uri.lastIndexOf('/') + 1);
  if (name === 'Chart.yaml') {
    return 'chart';
  }
  if (name === 'values.yaml') {
    return 'values';
  }
  if (name === 'values.schema.json') {
    return 'schema';
  }
  return /\/templates\/[^?#]+$/.test(uri) ? 'template' : undefined;
}

class ChartFile {
  private valuesTree: ValuesTree | undefined;
  private commented: Set<string> | undefined;
  private expressions: TemplateExpressions | undefined;
  private metadata: ChartMetadata | undefined;
  private schemaValue: { value: unknown } | undefined;
  private document: TextDocument | undefined;

  constructor(
    readonly uri: string,
    readonly role: ChartFileRole,
    readonly text: string,
  ) {}

  get values(): ValuesTree {
    return (this.valuesTree ??= readValuesTree(this.text));
  }

  /** The keys the file writes commented out (valuesTree.ts `commentedKeyPaths`). */
  get commentedKeys(): Set<string> {
    return (this.commented ??= commentedKeyPaths(this.text));
  }

  get templateExpressions(): TemplateExpressions {
    return (this.expressions ??= readTemplateExpressions(this.text));
  }

  get chartMetadata(): ChartMetadata {
    return (this.metadata ??= readChartMetadata(this.text));
  }

  /** The schema's JSON (undefined when it does not parse). */
  get schema(): unknown {
    if (!this.schemaValue) {
      let value: unknown;
      try {
        value = JSON.parse(this.text) as unknown;
      } catch {
        value = undefined;
      }
      this.schemaValue = { value };
    }
    return this.schemaValue.value;
  }

  rangeOf(start: number, end: number): Range {
    this.document ??= TextDocument.create(this.uri, 'yaml', 0, this.text);
    return { start: this.document.positionAt(start), end: this.document.positionAt(end) };
  }
}

export type { ChartFile };

export interface Chart {
  /** The chart's folder, as a URI without the trailing `/`. */
  readonly root: string;
  readonly chartFile: ChartFile;
  readonly metadata: ChartMetadata;
  /** The chart that holds this one in its `charts/` folder, with the key of its values there. */
  readonly parent: { readonly chart: Chart; readonly key: string } | undefined;
}

/** One definition of a value: a key of a values file, with where it sits in the chain of charts. */
export interface ValueDefinition {
  readonly file: ChartFile;
  readonly node: ValuesNode;
  /**
   * `chart`: the chart's own values.yaml; `parent`: a parent's, under the subchart's key;
   * `global`: a parent's `global`; `subchart`: a subchart's own values.yaml, under its key in the
   * parent (what the parent reads there when its own values do not say).
   */
  readonly origin: 'chart' | 'parent' | 'global' | 'subchart';
  /** The chart whose values.yaml writes it. */
  readonly chartName: string;
}

/** A key of a chart's values as Helm coalesces them, with every file that writes it (the winner first). */
export interface EffectiveValue {
  readonly key: string;
  readonly path: readonly string[];
  readonly definitions: ValueDefinition[];
  readonly children: Map<string, EffectiveValue>;
}

/** The highest definition decides the value; an open one (`{}`, null) takes keys the user gives. */
export function isOpenValue(value: EffectiveValue): boolean {
  return value.definitions.some((definition) => definition.node.open);
}

export class ChartStore {
  /** Compiled values schemas, by text. */
  readonly schemas = new ValuesSchemaCache();
  private readonly files = new Map<string, ChartFile>();
  /** Counts changes of Chart.yaml and values files (what the charts and their values depend on). */
  private valuesRevision = 0;
  /** Counts every change. */
  private templatesRevision = 0;
  private charts: Map<string, Chart> | undefined;
  private readonly effective = new Map<string, { revision: number; value: EffectiveValue }>();

  /** Puts a file's text in (a file that is no chart's is ignored); a text equal to the stored one changes nothing. */
  set(uri: string, text: string): void {
    const role = chartFileRole(uri);
    if (!role) {
      return;
    }
    if (this.files.get(uri)?.text === text) {
      return;
    }
    this.files.set(uri, new ChartFile(uri, role, text));
    this.changed(role);
  }

  delete(uri: string): void {
    const file = this.files.get(uri);
    if (file) {
      this.files.delete(uri);
      this.changed(file.role);
    }
  }

  get(uri: string): ChartFile | undefined {
    return this.files.get(uri);
  }

  /** The chart files the store holds, in the order they came in. */
  uris(): IterableIterator<string> {
    return this.files.keys();
  }

  /** Changes whenever a Chart.yaml, values file or schema does (a host checks the open templates again). */
  get chartsRevision(): number {
    return this.valuesRevision;
  }

  /** Changes whenever any chart file does (for caches of derived answers). */
  get revision(): number {
    return this.templatesRevision;
  }

  private changed(role: ChartFileRole): void {
    this.templatesRevision++;
    if (role !== 'template') {
      this.valuesRevision++;
      if (role === 'chart') {
        this.charts = undefined;
      }
    }
  }

  private chartMap(): Map<string, Chart> {
    if (this.charts) {
      return this.charts;
    }
    const charts = new Map<string, Chart>();
    const roots = [...this.files.values()]
      .filter((file) => file.role === 'chart')
      .map((file) => file.uri.slice(0, -'/Chart.yaml'.length))
      // Parents before their subcharts.
      .sort((a, b) => a.length - b.length);
    for (const root of roots) {
      const chartFile = this.files.get(`${root}/Chart.yaml`)!;
      const metadata = chartFile.chartMetadata;
      const parentMatch = /^(.*)\/charts\/[^/]+$/.exec(root);
      const parentChart = parentMatch ? charts.get(parentMatch[1]!) : undefined;
      const name = metadata.name ?? root.slice(root.lastIndexOf('/') + 1);
      const alias = parentChart?.metadata.dependencies.find(
        (dependency) => dependency.name === name && dependency.alias,
      )?.alias;
      charts.set(root, {
        root,
        chartFile,
        metadata,
        parent: parentChart ? { chart: parentChart, key: alias ?? name } : undefined,
      });
    }
    this.charts = charts;
    return charts;
  }

  /** The chart a file belongs to: its Chart.yaml, values files and templates, not a subchart's. */
  chartOf(uri: string): Chart | undefined {
    const charts = this.chartMap();
    for (let end = uri.lastIndexOf('/'); end > 0; end = uri.lastIndexOf('/', end - 1)) {
      const chart = charts.get(uri.slice(0, end));
      if (chart) {
        const rest = uri.slice(end + 1);
        const role = chartFileRole(uri);
        const belongs =
          role === 'template' ? rest.startsWith('templates/') : !rest.includes('/') && role !== undefined;
        return belongs ? chart : undefined;
      }
    }
    return undefined;
  }

  /** Whether a URI is a template of a chart (whatever its text: even without `{{`). */
  isTemplate(uri: string): boolean {
    return chartFileRole(uri) === 'template' && this.chartOf(uri) !== undefined;
  }

  /** The chart's templates. */
  templatesOf(chart: Chart): ChartFile[] {
    const prefix = `${chart.root}/templates/`;
    return [...this.files.values()].filter((file) => file.role === 'template' && file.uri.startsWith(prefix));
  }

  valuesFileOf(chart: Chart): ChartFile | undefined {
    return this.files.get(`${chart.root}/values.yaml`);
  }

  schemaFileOf(chart: Chart): ChartFile | undefined {
    return this.files.get(`${chart.root}/values.schema.json`);
  }

  /** The charts directly under a chart's `charts/` folder. */
  subchartsOf(chart: Chart): Chart[] {
    return [...this.chartMap().values()]
      .filter((other) => other.parent?.chart === chart)
      .sort((a, b) => (a.root < b.root ? -1 : a.root > b.root ? 1 : 0));
  }

  /**
   * The charts whose named templates a chart's templates can call: Helm parses every template of
   * the top chart and all its subcharts into one set (pkg/engine/engine.go `render`), so a define
   * anywhere in the tree is known everywhere in it (bitnami's `common` library among them).
   */
  chartTree(chart: Chart): Chart[] {
    let top = chart;
    while (top.parent) {
      top = top.parent.chart;
    }
    const tree: Chart[] = [];
    const visit = (current: Chart): void => {
      tree.push(current);
      this.subchartsOf(current).forEach(visit);
    };
    visit(top);
    return tree;
  }

  /**
   * Whether a values file of the chart (or a parent's, for what it gives the subchart) writes the
   * path, or one of its parents, commented out: a value documented for the user to set.
   */
  isCommentedOut(chart: Chart, path: readonly string[]): boolean {
    const file = this.valuesFileOf(chart);
    for (let length = 1; length <= path.length; length++) {
      if (file?.commentedKeys.has(path.slice(0, length).join('\u0000'))) {
        return true;
      }
    }
    if (chart.parent) {
      const inParent = path[0] === 'global' ? path : [chart.parent.key, ...path];
      return this.isCommentedOut(chart.parent.chart, inParent);
    }
    return false;
  }

  /** The chart's values as Helm coalesces them with its parents' (see the file comment). */
  effectiveValues(chart: Chart): EffectiveValue {
    const cached = this.effective.get(chart.root);
    if (cached?.revision === this.valuesRevision) {
      return cached.value;
    }
    const root: EffectiveValue = { key: '', path: [], definitions: [], children: new Map() };
    const own = this.valuesFileOf(chart);
    if (own) {
      overlay(root, own.values.root, own, 'chart', chart.metadata.name ?? '', false);
    }
    // The parent sees each subchart's defaults under its key, below its own values
    // (coalesce.go `coalesceDeps`: the subchart's values coalesced into dest[subchart name]).
    for (const sub of this.subchartsOf(chart)) {
      const subValues = this.valuesFileOf(sub);
      if (subValues && sub.parent) {
        overlay(
          child(root, sub.parent.key),
          subValues.values.root,
          subValues,
          'subchart',
          sub.metadata.name ?? '',
          false,
        );
      }
    }
    if (chart.parent) {
      const parentValues = this.effectiveValues(chart.parent.chart);
      const section = parentValues.children.get(chart.parent.key);
      if (section) {
        overlayEffective(root, section, 'parent');
      }
      const global = parentValues.children.get('global');
      if (global) {
        const target = child(root, 'global');
        overlayEffective(target, global, 'global');
      }
    }
    this.effective.set(chart.root, { revision: this.valuesRevision, value: root });
    return root;
  }
}

function child(parent: EffectiveValue, key: string): EffectiveValue {
  let found = parent.children.get(key);
  if (!found) {
    found = { key, path: [...parent.path, key], definitions: [], children: new Map() };
    parent.children.set(key, found);
  }
  return found;
}

/** Lays a values file's node over an effective value: `higher` definitions come first. */
function overlay(
  target: EffectiveValue,
  node: ValuesNode,
  file: ChartFile,
  origin: ValueDefinition['origin'],
  chartName: string,
  higher: boolean,
): void {
  const definition = { file, node, origin, chartName };
  if (node.path.length > 0) {
    if (higher) {
      target.definitions.unshift(definition);
    } else {
      target.definitions.push(definition);
    }
  }
  if (node.kind !== 'map') {
    return;
  }
  for (const [key, value] of node.children) {
    overlay(child(target, key), value, file, origin, chartName, higher);
  }
}

/** Lays a parent's effective value over a subchart's (the parent's definitions win). */
function overlayEffective(target: EffectiveValue, source: EffectiveValue, origin: 'parent' | 'global'): void {
  target.definitions.unshift(
    ...source.definitions
      // The subchart's own defaults, as the parent sees them, are already the subchart's.
      .filter((definition) => definition.origin !== 'subchart')
      .map((definition) => ({
        ...definition,
        origin: definition.origin === 'chart' ? origin : definition.origin,
      })),
  );
  for (const [key, value] of source.children) {
    overlayEffective(child(target, key), value, origin);
  }
}
