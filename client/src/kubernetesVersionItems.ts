/**
 * What the status bar says about the target Kubernetes version of the active file, and the
 * choices of its Quick Pick: pure, so that it is tested without VS Code.
 */
import type { DocumentInfo } from '../../server/src/protocol/customMessages';

/** The scope of `podscope.kubernetesVersion` that sets it, as VS Code's `inspect` tells. */
export type SettingScope = 'user' | 'workspace' | 'folder';

/** The values `WorkspaceConfiguration.inspect` gives, the most specific winning. */
export interface InspectedSetting {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

const isSet = (value: unknown): boolean => typeof value === 'string' && value.trim() !== '';

/** The scope whose value is in force (the folder's over the workspace's over the user's). */
export function settingScope(inspected: InspectedSetting | undefined): SettingScope | undefined {
  if (!inspected) {
    return undefined;
  }
  if (isSet(inspected.workspaceFolderValue)) {
    return 'folder';
  }
  if (isSet(inspected.workspaceValue)) {
    return 'workspace';
  }
  return isSet(inspected.globalValue) ? 'user' : undefined;
}

export function statusText(info: DocumentInfo): string {
  return `Kubernetes ${info.kubernetesVersion}`;
}

/** Where the version is set, for the tooltip. */
export function statusTooltip(
  info: DocumentInfo,
  scope: SettingScope | undefined,
  /** The `.podscope.yaml` as the user reads it (relative to the workspace). */
  displayFile: (file: string) => string,
): string {
  const where =
    info.source === 'settings'
      ? `set in the ${scope ?? 'user'} settings (podscope.kubernetesVersion)`
      : info.source === '.podscope.yaml'
        ? `set in ${info.configFile ? displayFile(info.configFile) : '.podscope.yaml'} (kubernetesVersion)`
        : 'the newest Podscope covers (default)';
  return `Podscope judges this file for Kubernetes ${info.kubernetesVersion}: ${where}. Click to choose another version.`;
}

export interface VersionChoice {
  label: string;
  description?: string;
  /** The value to write to `podscope.kubernetesVersion`; undefined removes it (the default). */
  value: string | undefined;
}

/** The covered minors, newest first, after the default; the one in use is marked. */
export function versionChoices(info: DocumentInfo): VersionChoice[] {
  const newest = info.coveredVersions[info.coveredVersions.length - 1];
  const current = (version: string): string | undefined =>
    version === info.kubernetesVersion ? 'in use' : undefined;
  const choices: VersionChoice[] = [
    {
      label: 'Default',
      description: `the newest covered${newest ? `, ${newest}` : ''}${info.source === 'default' ? ' (in use)' : ''}`,
      value: undefined,
    },
  ];
  for (const version of [...info.coveredVersions].reverse()) {
    const description = current(version);
    choices.push(
      description ? { label: version, description, value: version } : { label: version, value: version },
    );
  }
  return choices;
}
