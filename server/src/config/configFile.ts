/**
 * `.podscope.yaml`: the project's shared policy, read by `podscope lint` and by the editor.
 *
 *   rules:
 *     image-latest-tag: off          # error | warning | information | hint | off
 *     missing-resources: warning
 *   podSecurityStandard: restricted  # baseline (default) | restricted
 *   exclude:
 *     - "charts/**"                  # globs, relative to the folder of the config file
 *   customResources:
 *     bundled: [cert-manager, argo-cd]  # true (default: every project of the pack) | false | projects
 *   kubernetesVersion: "1.31"        # the target minor (default: the newest Podscope covers)
 *
 * The nearest file in the folder of a manifest or above it is used, up to the repository root
 * (the folder with `.git`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import {
  normaliseSettings,
  parseKubernetesMinor,
  type PartialSettings,
  type PodscopeSettings,
} from '../common/settings';

export const configFileName = '.podscope.yaml';

export interface ConfigFile {
  path: string;
  /** The folder the file's `exclude` globs are relative to. */
  root: string;
  /** Only what the file sets. */
  settings: Partial<
    Pick<
      PodscopeSettings,
      'rules' | 'exclude' | 'podSecurityStandard' | 'customResources' | 'kubernetesVersion'
    >
  >;
  /** Problems found in the file, with their line (1-based). */
  problems: string[];
}

/** The nearest config file for a file or folder, or undefined. */
export function findConfigFile(start: string): string | undefined {
  return configFileIn(configSearchFolders(start));
}

/** The config file in the first of these folders that has one, or undefined. */
export function configFileIn(folders: readonly string[]): string | undefined {
  const folder = folders.find((directory) => fs.existsSync(path.join(directory, configFileName)));
  return folder === undefined ? undefined : path.join(folder, configFileName);
}

/**
 * The folders where a config file for `start` may be, nearest first: its folder and each one
 * above, up to the repository root (the folder with `.git`) or the file system's root.
 */
export function configSearchFolders(start: string): string[] {
  const folders: string[] = [];
  let directory = fs.statSync(start, { throwIfNoEntry: false })?.isDirectory() ? start : path.dirname(start);
  for (;;) {
    folders.push(directory);
    const parent = path.dirname(directory);
    if (parent === directory || fs.existsSync(path.join(directory, '.git'))) {
      return folders;
    }
    directory = parent;
  }
}

/** The Kubernetes minors the catalog covers (`Catalog.minors`), to check `kubernetesVersion` against. */
export interface CoveredMinors {
  readonly oldest: number;
  readonly newest: number;
}

export function readConfigFile(file: string, covered?: CoveredMinors): ConfigFile {
  const result: ConfigFile = { path: file, root: path.dirname(file), settings: {}, problems: [] };
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    result.problems.push(`cannot read the file: ${(error as Error).message}`);
    return result;
  }
  return { ...result, ...parseConfig(text, covered) };
}

/** Parses the text of a config file; unknown keys and bad values are reported, not fatal. */
export function parseConfig(
  text: string,
  covered?: CoveredMinors,
): Pick<ConfigFile, 'settings' | 'problems'> {
  const document = parseDocument(text, { prettyErrors: false });
  const problems = document.errors.map((error) => `line ${error.linePos?.[0].line ?? '?'}: ${error.message}`);
  const raw: unknown = problems.length > 0 ? {} : (document.toJS() ?? {});
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { settings: {}, problems: [...problems, 'the file must hold a map of settings'] };
  }
  const input = raw as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!['rules', 'exclude', 'podSecurityStandard', 'customResources', 'kubernetesVersion'].includes(key)) {
      problems.push(
        `unknown setting "${key}" (known: rules, exclude, podSecurityStandard, customResources, kubernetesVersion)`,
      );
    }
  }
  const normalised = normaliseSettings(input);
  const settings: ConfigFile['settings'] = {};
  if (input.rules !== undefined) {
    settings.rules = normalised.rules;
    const rules =
      typeof input.rules === 'object' && input.rules !== null ? (input.rules as Record<string, unknown>) : {};
    for (const [id, severity] of Object.entries(rules)) {
      if (!(id in normalised.rules)) {
        problems.push(
          `rules.${id}: "${String(severity)}" is not one of error, warning, information, hint, off`,
        );
      }
    }
  }
  if (input.exclude !== undefined) {
    settings.exclude = normalised.exclude;
  }
  if (input.podSecurityStandard !== undefined) {
    settings.podSecurityStandard = normalised.podSecurityStandard;
  }
  if (input.customResources !== undefined) {
    const bundled =
      typeof input.customResources === 'object' && input.customResources !== null
        ? (input.customResources as Record<string, unknown>).bundled
        : undefined;
    const wellFormed =
      typeof bundled === 'boolean' ||
      (Array.isArray(bundled) && bundled.every((project) => typeof project === 'string'));
    if (wellFormed) {
      settings.customResources = normalised.customResources;
    } else {
      problems.push('customResources.bundled: must be true, false or a list of project names');
    }
  }
  if (input.kubernetesVersion !== undefined) {
    const minor = parseKubernetesMinor(input.kubernetesVersion);
    const range = covered
      ? ` (Podscope covers ${covered.oldest === covered.newest ? `1.${covered.newest}` : `1.${covered.oldest} to 1.${covered.newest}`})`
      : '';
    if (minor === undefined) {
      problems.push(
        `kubernetesVersion: ${JSON.stringify(input.kubernetesVersion)} is not a Kubernetes version such as "1.31"${range}; the newest covered is used`,
      );
    } else {
      settings.kubernetesVersion = minor;
      if (covered && (minor < covered.oldest || minor > covered.newest)) {
        const nearest = Math.min(Math.max(minor, covered.oldest), covered.newest);
        problems.push(`kubernetesVersion: 1.${minor} is not covered${range}; judged for 1.${nearest}`);
      }
    }
  }
  return { settings, problems };
}

/**
 * What a config file sets, as a layer of settings: its excludes made absolute (they are relative
 * to the file's folder), the rest as written.
 */
export function configLayer(config: ConfigFile): PartialSettings {
  const layer: PartialSettings = { ...config.settings };
  if (config.settings.exclude) {
    layer.exclude = config.settings.exclude.map((pattern) =>
      path.isAbsolute(pattern) ? pattern : path.join(config.root, pattern).split(path.sep).join('/'),
    );
  }
  return layer;
}
