/**
 * The entries of "Podscope: List Custom Resource Kinds" as Quick Pick items: pure, so that it is
 * tested without VS Code.
 */
import type { CustomResourceEntry } from '../../server/src/protocol/customMessages';

export interface CustomResourceItem {
  /** The kind (`Certificate`). */
  label: string;
  /** The apiVersion, and `deprecated` when its CRD says so. */
  description: string;
  /** Where the schema comes from. */
  detail: string;
  entry: CustomResourceEntry;
}

export function customResourceItems(
  entries: readonly CustomResourceEntry[],
  /** A workspace file's path as the user reads it (relative to the workspace). */
  displayFile: (uri: string) => string,
): CustomResourceItem[] {
  return entries.map((entry) => ({
    label: entry.kind,
    description: `${entry.apiVersion}${entry.deprecated ? ' (deprecated)' : ''}`,
    detail: sourceDetail(entry, displayFile),
    entry,
  }));
}

export function sourceDetail(entry: CustomResourceEntry, displayFile: (uri: string) => string): string {
  const { source } = entry;
  return source.kind === 'bundled'
    ? `bundled ${source.project} ${source.projectVersion} (${source.package})`
    : `CustomResourceDefinition ${entry.plural}.${entry.apiVersion.split('/')[0]!} in ${displayFile(source.uri)}, line ${source.line + 1}`;
}
