/**
 * `podscope explain <resource>[.<field>…]`: kubectl explain offline, for the built-in kinds and
 * for the custom resources whose CRDs are in the current folder (and below) or in the bundled
 * pack. `podscope explain --list` prints the custom resource kinds known there, with their
 * sources.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { Catalog, minorName } from '../catalog/catalog';
import { defaultCatalogPath } from '../catalog/catalogLocation';
import { catalogWithCustomResources } from '../catalog/customResourceCatalog';
import { explain } from '../catalog/explain';
import { type CustomResourceSchemas, type CustomResourceType, firstOf } from '../common/customResources';
import { type PodscopeSettings, parseKubernetesMinor } from '../common/settings';
import { SettingsResolver } from '../config/settingsResolver';
import { displayPath } from '../util/uri';
import { resourcesOf } from '../workspace/fileResources';
import { WorkspaceIndex } from '../workspace/workspaceIndex';
import { ManifestParser } from '../yaml/manifestFile';
import type { CliIo } from './cliIo';
import { collectYamlFiles } from './lintCommand';

/** What a host gives the CLI besides its arguments. */
export interface CliOptions {
  /** The folder whose CRDs explain knows (default: the process's working folder). */
  cwd?: string;
  /** The bundled pack of custom resource types for the settings (the language service's option). */
  bundledCustomResources?: (settings: PodscopeSettings) => CustomResourceSchemas | undefined;
}

/** At most this many files are read for CRDs, and none larger than this. */
export const maxExplainFiles = 20000;
export const maxExplainFileSize = 4 * 1024 * 1024;

export function explainCommand(
  args: readonly string[],
  io: CliIo,
  options: CliOptions,
  usage: string,
): number {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      recursive: { type: 'boolean', default: false },
      'api-version': { type: 'string' },
      'kubernetes-version': { type: 'string' },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout(usage);
    return 0;
  }
  if (values.list) {
    io.stdout(customResourceTable(folderCustomResources(options).list(), options.cwd ?? process.cwd()));
    return 0;
  }
  if (positionals.length !== 1) {
    io.stderr(`error: You must specify the type of resource to explain.\n\n${usage}`);
    return 1;
  }
  const request = positionals[0]!;
  const loaded = Catalog.load(defaultCatalogPath());
  const minor = explainMinor(loaded, values['kubernetes-version']);
  if (typeof minor === 'string') {
    io.stderr(`error: ${minor}\n`);
    return 1;
  }
  const base = loaded.atMinor(minor);
  const builtin = explainWith(base, request, values.recursive, values['api-version']);
  let result = builtin;
  // The CRDs are read only when the built-in kinds do not answer: a custom resource's name, a
  // `<plural>.<group>` of a custom group (Knative's `services.serving.knative.dev`), or an
  // --api-version of one. A name that is a built-in resource is the built-in one, as kubectl's
  // RESTMapper puts the built-in groups first.
  if (!builtin.ok) {
    const resourceName = (request.split('.')[0] ?? '').toLowerCase();
    const types = folderCustomResources(options)
      .list()
      .filter(
        (type) =>
          type.plural === resourceName ||
          type.singular === resourceName ||
          type.kind.toLowerCase() === resourceName ||
          type.shortNames.includes(resourceName),
      );
    if (types.length > 0) {
      result = explainWith(
        catalogWithCustomResources(base, types),
        request,
        values.recursive,
        values['api-version'],
      );
    }
  }
  for (const warning of result.warnings ?? []) {
    io.stderr(`Warning: ${warning}\n`);
  }
  if (!result.ok) {
    if (result.text !== undefined) {
      io.stdout(result.text);
    }
    io.stderr(`${result.error}\n`);
    return 1;
  }
  io.stdout(result.text);
  return 0;
}

/**
 * The minor `--kubernetes-version` asks for (`1.31`, `v1.31`, `1.31.4`), or why it cannot be
 * answered: a version that is not one, or one the catalog does not cover (explain prints one
 * server's schema; it does not clamp to the nearest).
 */
export function explainMinor(catalog: Catalog, value: string | undefined): number | string {
  const { oldest, newest } = catalog.minors;
  if (value === undefined) {
    return newest;
  }
  const minor = parseKubernetesMinor(value);
  const covered = `Podscope covers Kubernetes ${minorName(oldest)} to ${minorName(newest)}`;
  if (minor === undefined) {
    return `--kubernetes-version ${JSON.stringify(value)} is not a Kubernetes version such as ${minorName(newest)}; ${covered}`;
  }
  if (minor < oldest || minor > newest) {
    return `--kubernetes-version ${value}: ${covered}`;
  }
  return minor;
}

function explainWith(
  catalog: Catalog,
  request: string,
  recursive: boolean,
  apiVersion: string | undefined,
): ReturnType<typeof explain> {
  return explain(catalog, request, { recursive, ...(apiVersion !== undefined ? { apiVersion } : {}) });
}

/**
 * The custom resource types known in a folder: its CRDs (the YAML files below it, as lint finds
 * them, without what `.podscope.yaml` excludes; files that do not mention
 * CustomResourceDefinition are not parsed), then the bundled pack the folder's settings select.
 */
export function folderCustomResources(options: CliOptions): CustomResourceSchemas {
  const cwd = options.cwd ?? process.cwd();
  const resolver = new SettingsResolver();
  const index = new WorkspaceIndex();
  const parser = new ManifestParser();
  const { files } = collectYamlFiles([cwd]);
  for (const file of files.slice(0, maxExplainFiles)) {
    const uri = pathToFileURL(path.resolve(file)).href;
    let text: string;
    try {
      if (fs.statSync(file).size > maxExplainFileSize) {
        continue;
      }
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    if (!text.includes('CustomResourceDefinition') || resolver.isExcluded(uri, resolver.resolve(uri))) {
      continue;
    }
    index.set(uri, resourcesOf(uri, parser.parse(text)));
  }
  const settings = resolver.resolve(pathToFileURL(path.join(path.resolve(cwd), '.podscope.yaml')).href);
  return firstOf(index.customResources(), options.bundledCustomResources?.(settings));
}

/** The list of kinds as a table: KIND, APIVERSION, PLURAL, SOURCE (a file relative to the folder, and its line). */
export function customResourceTable(types: readonly CustomResourceType[], cwd: string): string {
  if (types.length === 0) {
    return 'No custom resource kinds are known here: no CustomResourceDefinition below this folder, and no bundled pack.\n';
  }
  const rows = [
    ['KIND', 'APIVERSION', 'RESOURCE', 'SOURCE'],
    ...[...types]
      .sort((a, b) => compare(a.group, b.group) || compare(a.kind, b.kind) || compare(a.version, b.version))
      .map((type) => [type.kind, type.apiVersion, type.plural, sourceText(type, cwd)]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]! + 3)))
        .join(''),
    )
    .join('\n')
    .concat('\n');
}

function sourceText(type: CustomResourceType, cwd: string): string {
  const { source } = type;
  if (source.kind === 'bundled') {
    return `bundled ${source.project} ${source.projectVersion} (${source.package})`;
  }
  const file = displayPath(source.uri);
  const relative = path.relative(path.resolve(cwd), file);
  return `${relative.startsWith('..') || path.isAbsolute(relative) ? file : relative}:${source.line + 1}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
