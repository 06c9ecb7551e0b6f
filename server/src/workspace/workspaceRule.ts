/** What a rule across files is: it reads a file's references with the whole workspace to look them up in. */
import type { Range } from 'vscode-languageserver-types';
import type { FixData } from '../common/fixData';
import type { RuleSeverity } from '../common/settings';
import type { FileResources } from './fileResources';
import type { WorkspaceIndex } from './workspaceIndex';

export interface WorkspaceFinding {
  readonly range: Range;
  readonly message: string;
  /** The quick fixes of the finding (carried in `Diagnostic.data`). */
  readonly data?: FixData;
}

export interface WorkspaceRuleContext {
  readonly uri: string;
  readonly resources: FileResources;
  readonly index: WorkspaceIndex;
  /** A kustomization builds the file (it is a resource or a patch of one). */
  readonly kustomized?: boolean;
}

/** A rule over a file's references, with the whole workspace to look them up in. */
export interface WorkspaceRule {
  readonly id: string;
  readonly defaultSeverity: Exclude<RuleSeverity, 'off'>;
  readonly summary: string;
  validate(context: WorkspaceRuleContext): WorkspaceFinding[];
}

/**
 * The declarations of `all()` of one kind, grouped on the first question and then looked up: a
 * rule asks once per reference, and a file of a thousand documents asking a filter over all its
 * declarations for each of its references would make every check of it quadratic in its size.
 * Made once per check (the lists it groups are the index's as they are now).
 */
export function declarationsByKind<T>(
  all: () => readonly T[],
  kindOf: (item: T) => string,
): (kind: string) => readonly T[] {
  let groups: Map<string, T[]> | undefined;
  return (kind) => {
    if (!groups) {
      groups = new Map();
      for (const item of all()) {
        const group = groups.get(kindOf(item));
        if (group) {
          group.push(item);
        } else {
          groups.set(kindOf(item), [item]);
        }
      }
    }
    return groups.get(kind) ?? [];
  };
}
