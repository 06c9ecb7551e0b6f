/**
 * What a quick fix needs, carried in `Diagnostic.data`: one union for the fixes of every
 * diagnostic, the rules' and the others'. Each variant carries the titles of its quick fixes,
 * written where the finding is made, so that the code actions never look at diagnostic codes.
 */
import type { PathSegment } from './paths';

/** A text edit in offsets [start, end) of the document's segment (the parse's own coordinates). */
export interface FixEdit {
  range: [number, number];
  newText: string;
}

/** Ready edits, computed with the finding; each fix is one quick fix. */
export interface EditsFixData {
  kind: 'edits';
  fixes: { title: string; edits: FixEdit[] }[];
}

/** Replace the diagnostic's own range with one of these texts; each is one quick fix. */
export interface ReplaceFixData {
  kind: 'replace';
  replacements: { title: string; newText: string }[];
}

/**
 * Add the missing required fields to the object at a path of the document. The edit depends
 * on the layout of the object, so it is computed when the fix is asked for.
 */
export interface AddFieldsFixData {
  kind: 'addFields';
  title: string;
  path: PathSegment[];
  fields: { name: string; value: string }[];
}

/**
 * An object a reference names that the workspace does not define: create it in a new file
 * beside the referring one (the file name and the edit depend on the files that exist when the
 * fix is asked for), or replace the reference's name (the diagnostic's range) with a close one.
 */
export interface CreateObjectFixData {
  kind: 'createObject';
  /** The object to create; absent when its name is not one the API server accepts. */
  object?: {
    kind: 'ConfigMap' | 'PersistentVolumeClaim' | 'ServiceAccount';
    name: string;
    /** The referring object's namespace, when it has one. */
    namespace?: string;
    /** For a ConfigMap, the keys the workspace's references to it take. */
    keys: string[];
  };
  replacements: { title: string; newText: string }[];
}

export type FixData = EditsFixData | ReplaceFixData | AddFieldsFixData | CreateObjectFixData;

/**
 * Fix data left to compute until its diagnostic is placed in the file (validation's
 * `placeDiagnostic`), where it becomes the FixData it resolves to, or no data. A rule's edits take
 * a walk of the document each, and a large file has thousands of findings of which a client is
 * sent a thousand: the others' edits are never needed. Never sent as it is.
 */
export class LazyFixData {
  private data: FixData | undefined;

  constructor(private compute: (() => FixData | undefined) | undefined) {}

  /** The fix data, computed on the first call (and the function, with what it holds, let go). */
  resolve(): FixData | undefined {
    if (this.compute) {
      this.data = this.compute();
      this.compute = undefined;
    }
    return this.data;
  }
}

function isTitled(value: unknown): value is { title: string } {
  return (
    typeof value === 'object' && value !== null && typeof (value as { title?: unknown }).title === 'string'
  );
}

/** `Diagnostic.data` is `unknown` in the protocol's types: this tells fix data from anything else. */
export function isFixData(value: unknown): value is FixData {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const data = value as Partial<
    Record<'kind' | 'fixes' | 'replacements' | 'path' | 'fields' | 'object', unknown>
  >;
  switch (data.kind) {
    case 'edits':
      return Array.isArray(data.fixes) && data.fixes.every(isTitled);
    case 'replace':
      return Array.isArray(data.replacements) && data.replacements.every(isTitled);
    case 'addFields':
      return isTitled(data) && Array.isArray(data.path) && Array.isArray(data.fields);
    case 'createObject': {
      const object = data.object as Partial<Record<'kind' | 'name' | 'keys', unknown>> | undefined;
      return (
        (object === undefined ||
          (typeof object === 'object' &&
            object !== null &&
            typeof object.kind === 'string' &&
            typeof object.name === 'string' &&
            Array.isArray(object.keys))) &&
        Array.isArray(data.replacements) &&
        data.replacements.every(isTitled)
      );
    }
    default:
      return false;
  }
}
