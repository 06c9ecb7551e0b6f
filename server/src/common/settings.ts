/**
 * Podscope's settings (`podscope.*`), as pulled per resource from the client or read from a
 * config file. Anything missing or of the wrong type falls back to the default.
 */
export type RuleSeverity = 'error' | 'warning' | 'information' | 'hint' | 'off';

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
}

export const defaultSettings: PodscopeSettings = {
  validate: { enable: true },
  completion: { enable: true },
  hover: { enable: true },
  exclude: [],
  rules: {},
  podSecurityStandard: 'baseline',
};

const severities: readonly RuleSeverity[] = ['error', 'warning', 'information', 'hint', 'off'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function enableFlag(value: unknown, fallback: boolean): boolean {
  const enable = isRecord(value) ? value.enable : undefined;
  return typeof enable === 'boolean' ? enable : fallback;
}

/** Merges partial or malformed settings over the defaults, keeping only what is well-formed. */
export function normaliseSettings(raw: unknown): PodscopeSettings {
  const input = isRecord(raw) ? raw : {};
  const rules: Record<string, RuleSeverity> = {};
  if (isRecord(input.rules)) {
    for (const [id, severity] of Object.entries(input.rules)) {
      if (typeof severity === 'string' && (severities as readonly string[]).includes(severity)) {
        rules[id] = severity as RuleSeverity;
      }
    }
  }
  return {
    validate: { enable: enableFlag(input.validate, defaultSettings.validate.enable) },
    completion: { enable: enableFlag(input.completion, defaultSettings.completion.enable) },
    hover: { enable: enableFlag(input.hover, defaultSettings.hover.enable) },
    exclude: Array.isArray(input.exclude)
      ? input.exclude.filter((pattern): pattern is string => typeof pattern === 'string')
      : [],
    rules,
    podSecurityStandard: input.podSecurityStandard === 'restricted' ? 'restricted' : 'baseline',
  };
}
