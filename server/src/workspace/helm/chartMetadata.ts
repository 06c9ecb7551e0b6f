/**
 * A chart's Chart.yaml: what the chart model needs from it (name, type, dependencies with their
 * aliases), its fields' documentation (for completion and hover), and its diagnostics, as Helm
 * checks the file.
 *
 * The fields, their types and their documentation are Helm's `Metadata`, `Maintainer` and
 * `Dependency` (helm/helm pkg/chart/v2/metadata.go, dependency.go). The checks are
 * `Metadata.Validate` (metadata.go: apiVersion, name and version required, name not a path,
 * version a SemVer as Masterminds/semver `NewVersion` reads it, type `application` or
 * `library`, no null maintainer or dependency, an alias of `^[a-zA-Z0-9_-]+$`
 * (pkg/chart/v2/chart.go `aliasNameFormat`), no two dependencies with one name or alias) and
 * `helm lint`'s chart file rules (pkg/chart/v2/lint/rules/chartfile.go: apiVersion v1 or v2,
 * version and appVersion strings, dependencies and type only in apiVersion v2, a maintainer
 * needs a name; warnings: a version that is not strict SemVer 2 (`StrictNewVersion`), a field
 * the strict loader does not know (`StrictLoadChartfile`)).
 */
import { isMap, isScalar, isSeq, type Node, parseDocument, type Pair } from 'yaml';

export interface ChartField {
  readonly type: 'string' | 'boolean' | 'strings' | 'stringMap' | 'list' | 'any';
  readonly description: string;
  readonly values?: readonly string[];
  /** The fields of a list's entries (maintainers, dependencies). */
  readonly items?: Readonly<Record<string, ChartField>>;
}

const maintainerFields: Record<string, ChartField> = {
  name: { type: 'string', description: 'Name is a user name or organization name.' },
  email: {
    type: 'string',
    description: 'Email is an optional email address to contact the named maintainer.',
  },
  url: { type: 'string', description: 'URL is an optional URL to an address for the named maintainer.' },
};

const dependencyFields: Record<string, ChartField> = {
  name: {
    type: 'string',
    description: 'The name of the chart. This name must match the name in that chart’s Chart.yaml file.',
  },
  version: {
    type: 'string',
    description: 'The version of the chart: a SemVer range is allowed (`~1.2.3`, `^2`).',
  },
  repository: {
    type: 'string',
    description:
      'The URL to the repository (`https://…`, `oci://…`, `file://…`), or an `@alias` of an added repository.',
  },
  condition: {
    type: 'string',
    description:
      'A yaml path that resolves to a boolean, used for enabling/disabling charts (e.g. `subchart1.enabled`).',
  },
  tags: { type: 'strings', description: 'Tags can be used to group charts for enabling/disabling together.' },
  enabled: { type: 'boolean', description: 'Enabled bool determines if chart should be loaded.' },
  'import-values': {
    type: 'any',
    description:
      'ImportValues holds the mapping of source values to parent key to be imported. Each item can be a string or pair of child/parent sublist items.',
  },
  alias: {
    type: 'string',
    description:
      'Alias usable alias to be used for the chart: its values are under this key of the parent’s values.',
  },
};

/** Chart.yaml's fields (pkg/chart/v2/metadata.go `Metadata`). */
export const chartFields: Readonly<Record<string, ChartField>> = {
  apiVersion: {
    type: 'string',
    values: ['v2', 'v1'],
    description: 'The chart API version: `v2` for Helm 3 charts (`v1` is the Helm 2 format). Required.',
  },
  name: { type: 'string', description: 'The name of the chart. Required.' },
  version: { type: 'string', description: 'A SemVer 2 version of the chart. Required.' },
  kubeVersion: {
    type: 'string',
    description: 'A SemVer range of compatible Kubernetes versions (e.g. `>=1.22.0-0`).',
  },
  description: { type: 'string', description: 'A one-sentence description of the chart.' },
  type: {
    type: 'string',
    values: ['application', 'library'],
    description:
      'The type of the chart: `application` (the default) or `library` (templates to share; it renders nothing).',
  },
  keywords: { type: 'strings', description: 'A list of keywords about this project.' },
  home: { type: 'string', description: 'The URL of this project’s home page.' },
  sources: { type: 'strings', description: 'A list of URLs to source code for this project.' },
  dependencies: { type: 'list', description: 'A list of the chart requirements.', items: dependencyFields },
  maintainers: {
    type: 'list',
    description: 'A list of name and URL/email address combinations for the maintainer(s).',
    items: maintainerFields,
  },
  icon: { type: 'string', description: 'A URL to an SVG or PNG image to be used as an icon.' },
  appVersion: {
    type: 'string',
    description: 'The version of the app that this contains. Needn’t be SemVer; quotes recommended.',
  },
  deprecated: { type: 'boolean', description: 'Whether this chart is deprecated.' },
  annotations: {
    type: 'stringMap',
    description: 'A list of annotations keyed by name: mappings uninterpreted by Helm.',
  },
  // Helm 2 fields that the v2 Metadata still carries.
  condition: { type: 'string', description: 'The condition to check to enable chart (unused by Helm 3).' },
  tags: { type: 'string', description: 'The tags to check to enable chart (unused by Helm 3).' },
};

export interface ChartDependency {
  readonly name: string;
  readonly alias: string | undefined;
}

export interface ChartMetadata {
  readonly name: string | undefined;
  readonly apiVersion: string | undefined;
  readonly type: string | undefined;
  readonly dependencies: readonly ChartDependency[];
}

export interface ChartFinding {
  readonly start: number;
  readonly end: number;
  readonly message: string;
  readonly severity: 'error' | 'warning';
}

/**
 * Masterminds/semver v3's loose version (`NewVersion`: `v` prefix, missing minor or patch
 * allowed) and strict SemVer 2 (`StrictNewVersion`), from version.go's `semVerRegex` and
 * `validPrereleaseRegex`-like parts.
 */
const looseSemver =
  /^v?(0|[1-9]\d*)(\.(0|[1-9]\d*))?(\.(0|[1-9]\d*))?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/;
const strictSemver =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-((0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(\.(0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/;
const aliasNameFormat = /^[a-zA-Z0-9_-]+$/;

function pairsOf(node: Node | null | undefined): Pair[] {
  return isMap(node) ? node.items : [];
}

/** A scalar's value as text (what Go's YAML reader gives a string field). */
function scalarText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : '';
}

function keyOf(pair: Pair): string | undefined {
  return isScalar(pair.key) && pair.key.value !== null ? scalarText(pair.key.value) : undefined;
}

function stringOf(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

function rangeOfNode(node: unknown): [number, number] {
  const range = (node as Node | null)?.range;
  return range ? [range[0], range[1]] : [0, 0];
}

/** What the chart model needs from a Chart.yaml text. */
export function readChartMetadata(text: string): ChartMetadata {
  try {
    const contents = parseDocument(text).contents as Node | null;
    const field = (name: string): Node | undefined =>
      pairsOf(contents).find((pair) => keyOf(pair) === name)?.value as Node | undefined;
    const dependencies = isSeq(field('dependencies'))
      ? (field('dependencies') as { items: unknown[] }).items.flatMap((item): ChartDependency[] => {
          const entry = (name: string): string | undefined =>
            stringOf(pairsOf(item as Node).find((pair) => keyOf(pair) === name)?.value);
          const name = entry('name');
          return name ? [{ name, alias: entry('alias') || undefined }] : [];
        })
      : [];
    return {
      name: stringOf(field('name')),
      apiVersion: stringOf(field('apiVersion')),
      type: stringOf(field('type')),
      dependencies,
    };
  } catch {
    return { name: undefined, apiVersion: undefined, type: undefined, dependencies: [] };
  }
}

/** Chart.yaml's findings, with offsets in the text. */
export function checkChartMetadata(text: string): ChartFinding[] {
  const findings: ChartFinding[] = [];
  let document;
  try {
    document = parseDocument(text, { uniqueKeys: false });
  } catch {
    return [];
  }
  if (document.errors.length > 0) {
    // The syntax diagnostics say what is wrong.
    return [];
  }
  const contents = document.contents as Node | null;
  const add = (node: unknown, message: string, severity: 'error' | 'warning' = 'error'): void => {
    const [start, end] = rangeOfNode(node);
    // A block map's range runs to the next line: end at its last character.
    findings.push({ start, end: start + text.slice(start, end).trimEnd().length, message, severity });
  };
  // An empty file reads as empty metadata (its required fields are missing); anything else that
  // is not a map does not decode into Metadata.
  if (contents !== null && !isMap(contents) && !(isScalar(contents) && contents.value === null)) {
    add(contents, 'Chart.yaml must be a map of the chart’s metadata (helm: "chart.metadata is required").');
    return findings;
  }
  const pairs = pairsOf(contents);
  const pairNamed = (name: string): Pair | undefined => pairs.find((pair) => keyOf(pair) === name);
  const top = { start: 0, end: 0 };
  const required = (name: string, message: string): Pair | undefined => {
    const pair = pairNamed(name);
    const value = pair?.value as Node | null | undefined;
    if (!pair || !isScalar(value) || value.value === null || scalarText(value.value) === '') {
      if (pair) {
        add(pair.key, message);
      } else {
        findings.push({ ...top, message, severity: 'error' });
      }
      return undefined;
    }
    return pair;
  };
  // Unknown fields: the strict loader (yaml.UnmarshalStrict into Metadata) fails; helm lint warns.
  for (const pair of pairs) {
    const key = keyOf(pair);
    if (key !== undefined && !(key in chartFields)) {
      add(
        pair.key,
        `Helm does not know the Chart.yaml field "${key}" (helm lint: failed to strictly parse chart metadata file).`,
        'warning',
      );
    }
  }
  // Without apiVersion, Helm loads the chart as a v1 chart (pkg/chart/v2/loader/load.go: "Helm 2
  // accepted charts that did not provide an APIVersion"), and helm lint reports it: a warning.
  const apiVersionPair = pairNamed('apiVersion');
  if (!apiVersionPair) {
    findings.push({
      ...top,
      message:
        'apiVersion is required. The value must be either "v1" or "v2" (without it, Helm reads the chart as apiVersion v1).',
      severity: 'warning',
    });
  }
  const apiVersion = apiVersionPair
    ? scalarText((apiVersionPair.value as { value: unknown } | null)?.value)
    : undefined;
  if (apiVersionPair && apiVersion !== 'v1' && apiVersion !== 'v2') {
    add(
      apiVersionPair.value,
      `apiVersion '${apiVersion}' is not valid. The value must be either "v1" or "v2".`,
    );
  }
  const namePair = required('name', 'name is required (chart.metadata.name).');
  if (namePair) {
    const name = scalarText((namePair.value as { value: unknown }).value);
    if (name === '.' || name === '..' || name.includes('/') || name.includes('\\')) {
      add(namePair.value, `chart name "${name}" is invalid: it must not be a path.`);
    }
  }
  const versionPair = required('version', 'version is required (chart.metadata.version).');
  if (versionPair) {
    const value = versionPair.value as Node;
    const version = stringOf(value);
    if (version === undefined) {
      add(value, 'version should be of type string: quote it.');
    } else if (!looseSemver.test(version)) {
      add(value, `version '${version}' is not a valid SemVer.`);
    } else if (!strictSemver.test(version)) {
      add(value, `version '${version}' is not a valid SemVerV2 (MAJOR.MINOR.PATCH).`, 'warning');
    }
  }
  const appVersion = pairNamed('appVersion')?.value as Node | undefined;
  if (isScalar(appVersion) && appVersion.value !== null && typeof appVersion.value !== 'string') {
    add(appVersion, 'appVersion should be of type string: quote it.');
  }
  const typePair = pairNamed('type');
  const type = stringOf(typePair?.value);
  if (typePair && type !== undefined && type !== '' && type !== 'application' && type !== 'library') {
    add(typePair.value, 'chart type must be application or library.');
  }
  if (typePair && apiVersion === 'v1') {
    add(typePair.key, "chart type is not valid in apiVersion 'v1'. It is valid in apiVersion 'v2'.");
  }
  const maintainers = pairNamed('maintainers')?.value as Node | undefined;
  if (isSeq(maintainers)) {
    for (const item of maintainers.items) {
      if (item === null || (isScalar(item) && item.value === null)) {
        add(item ?? maintainers, 'maintainers must not contain empty or null nodes.');
      } else if (isMap(item) && !stringOf(pairsOf(item).find((pair) => keyOf(pair) === 'name')?.value)) {
        add(item, 'each maintainer requires a name.');
      }
    }
  }
  const dependenciesPair = pairNamed('dependencies');
  const dependencies = dependenciesPair?.value as Node | undefined;
  if (dependenciesPair && apiVersion === 'v1') {
    add(
      dependenciesPair.key,
      "dependencies are not valid in the Chart file with apiVersion 'v1'. They are valid in apiVersion 'v2'.",
    );
  }
  if (isSeq(dependencies)) {
    const seen = new Set<string>();
    for (const item of dependencies.items) {
      if (item === null || (isScalar(item) && item.value === null)) {
        add(item ?? dependencies, 'dependencies must not contain empty or null nodes.');
        continue;
      }
      const entry = (name: string): Pair | undefined =>
        pairsOf(item as Node).find((pair) => keyOf(pair) === name);
      const name = stringOf(entry('name')?.value);
      const aliasPair = entry('alias');
      const alias = stringOf(aliasPair?.value);
      if (!name) {
        add(item, 'a dependency requires a name.');
        continue;
      }
      if (alias && !aliasNameFormat.test(alias)) {
        add(aliasPair!.value, `dependency "${name}" has disallowed characters in the alias.`);
      }
      const key = alias || name;
      if (seen.has(key)) {
        add(
          aliasPair?.value ?? entry('name')!.value,
          `more than one dependency with name or alias "${key}".`,
        );
      }
      seen.add(key);
    }
  }
  return findings;
}
