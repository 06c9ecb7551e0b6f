/**
 * Podscope's settings (`podscope.*`), as pulled per resource from the client or read from a
 * config file. Anything missing or of the wrong type falls back to the default.
 */
import { isJsonObject } from './guards';

export type RuleSeverity = 'error' | 'warning' | 'information' | 'hint' | 'off';

/**
 * Which projects of the bundled custom resource pack give schemas: all (`true`), none (`false`),
 * or those named (`["cert-manager", "argo-cd"]`).
 */
export type BundledCustomResources = boolean | readonly string[];

export interface PodscopeSettings {
  validate: { enable: boolean };
  completion: { enable: boolean };
  hover: { enable: boolean };
  /** Glob patterns of files Podscope leaves alone. */
  exclude: string[];
  /** Severity per rule id, or `off`. */
  rules: Record<string, RuleSeverity>;
  /** The Pod Security Standards level the security rules enforce. */
  podSecurityStandard: 'baseline' | 'restricted';
  customResources: { bundled: BundledCustomResources };
  /**
   * The Kubernetes minor (1.x) the manifests are deployed to, e.g. `31` for 1.31; `undefined`
   * for the newest the catalog covers. Set as `"1.31"` (or `v1.31`, `1.31.4`).
   */
  kubernetesVersion: number | undefined;
  /**
   * At most this many diagnostics are published for one file (0: all), the most severe first:
   * VS Code shows no more than 1,000 of a file's diagnostics anyway. `workspace`: the files the
   * editor has not open are checked too, for a client that pulls workspace diagnostics (LSP
   * 3.17 `workspace/diagnostic`); off by default, like TypeScript's `enableProjectDiagnostics`,
   * since a large workspace's findings fill the Problems panel.
   */
  diagnostics: { maxPerFile: number; workspace: boolean };
}

export const defaultSettings: PodscopeSettings = {
  validate: { enable: true },
  completion: { enable: true },
  hover: { enable: true },
  exclude: [],
  rules: {},
  podSecurityStandard: 'baseline',
  customResources: { bundled: true },
  kubernetesVersion: undefined,
  diagnostics: { maxPerFile: 1000, workspace: false },
};

/**
 * The minor of a Kubernetes version as users write it: `1.31`, `v1.31`, `1.31.4`, `v1.31.4-gke.1`
 * (also the number `1.31` from a YAML or JSON file, and `1.3`, which is how YAML reads an unquoted
 * `1.30`). Undefined for anything else.
 */
export function parseKubernetesMinor(value: unknown): number | undefined {
  // An unquoted `1.30` in YAML is the number 1.3: a one-digit minor is the tens of a 1.x0.
  const text = typeof value === 'number' ? String(value).replace(/^1\.(\d)$/, '1.$10') : value;
  if (typeof text !== 'string') {
    return undefined;
  }
  const match = /^\s*v?1\.(\d{1,3})(?:\.\d+)?(?:[-+][0-9A-Za-z.-]*)?\s*$/.exec(text);
  return match ? Number(match[1]) : undefined;
}

const severities: readonly RuleSeverity[] = ['error', 'warning', 'information', 'hint', 'off'];

/**
 * What one layer of settings sets (the defaults, a config file, the user's settings); the
 * `diagnostics` settings field by field, since a layer may set one of them.
 */
export type PartialSettings = Partial<Omit<PodscopeSettings, 'diagnostics'>> & {
  diagnostics?: Partial<PodscopeSettings['diagnostics']>;
};

function enableLayer(value: unknown): { enable: boolean } | undefined {
  const enable = isJsonObject(value) ? value.enable : undefined;
  return typeof enable === 'boolean' ? { enable } : undefined;
}

/**
 * The settings a raw value sets, keeping only what is well-formed: a malformed value sets
 * nothing, so the layer below shows through. `undefined`, `null` or a non-object set nothing.
 */
export function partialSettings(raw: unknown): PartialSettings {
  const input = isJsonObject(raw) ? raw : {};
  const layer: PartialSettings = {};
  for (const feature of ['validate', 'completion', 'hover'] as const) {
    const enable = enableLayer(input[feature]);
    if (enable) {
      layer[feature] = enable;
    }
  }
  if (Array.isArray(input.exclude)) {
    layer.exclude = input.exclude.filter((pattern): pattern is string => typeof pattern === 'string');
  }
  if (isJsonObject(input.rules)) {
    const rules: Record<string, RuleSeverity> = {};
    for (const [id, severity] of Object.entries(input.rules)) {
      if (typeof severity === 'string' && (severities as readonly string[]).includes(severity)) {
        rules[id] = severity as RuleSeverity;
      }
    }
    layer.rules = rules;
  }
  if (input.podSecurityStandard === 'baseline' || input.podSecurityStandard === 'restricted') {
    layer.podSecurityStandard = input.podSecurityStandard;
  }
  const maxPerFile = isJsonObject(input.diagnostics) ? input.diagnostics.maxPerFile : undefined;
  if (typeof maxPerFile === 'number' && Number.isInteger(maxPerFile) && maxPerFile >= 0) {
    layer.diagnostics = { maxPerFile };
  }
  const workspace = isJsonObject(input.diagnostics) ? input.diagnostics.workspace : undefined;
  if (typeof workspace === 'boolean') {
    layer.diagnostics = { ...layer.diagnostics, workspace };
  }
  const kubernetesVersion = parseKubernetesMinor(input.kubernetesVersion);
  if (kubernetesVersion !== undefined) {
    layer.kubernetesVersion = kubernetesVersion;
  }
  const bundled = isJsonObject(input.customResources) ? input.customResources.bundled : undefined;
  if (typeof bundled === 'boolean') {
    layer.customResources = { bundled };
  } else if (Array.isArray(bundled)) {
    layer.customResources = {
      bundled: bundled.filter((project): project is string => typeof project === 'string'),
    };
  }
  return layer;
}

/**
 * Settings from layers, lowest first, over the defaults: a later layer wins field by field
 * (`diagnostics.*` one by one) and rule by rule; excludes add up (each layer's patterns still apply).
 */
export function layerSettings(layers: readonly PartialSettings[]): PodscopeSettings {
  let settings: PodscopeSettings = defaultSettings;
  for (const layer of layers) {
    settings = {
      ...settings,
      ...layer,
      rules: { ...settings.rules, ...layer.rules },
      diagnostics: { ...settings.diagnostics, ...layer.diagnostics },
      exclude: [...settings.exclude, ...(layer.exclude ?? [])],
    };
  }
  return settings;
}

/** Partial or malformed settings over the defaults, keeping only what is well-formed. */
export function normaliseSettings(raw: unknown): PodscopeSettings {
  return layerSettings([partialSettings(raw)]);
}
