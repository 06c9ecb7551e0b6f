/**
 * A Helm template as YAML, without Helm: the text that is parsed and checked in place of the
 * template, with every position where it was. What text/template renders at each action is
 * unknown, but where it stands says what it can be (Helm renders a template with Go's
 * text/template, then reads the output as YAML: helm.sh/helm/v3 pkg/engine/engine.go `render`,
 * pkg/releaseutil/manifest.go `SplitManifests`):
 *
 * - an action that renders nothing (a comment, `if`/`else`/`with`/`range`/`end`, `define`,
 *   `block`, `break`, `continue`, a variable declaration or assignment: text/template/parse
 *   `ActionNode` with `Decl`, `IfNode`, `RangeNode`, `WithNode`, …) becomes spaces, and a line
 *   that holds nothing else is a blank line that YAML skips;
 * - an action that stands alone on its lines, or ends a `key:` line and indents its output
 *   (`{{- toYaml .Values.x | nindent 12 }}`, `{{ include "…" . | indent 8 }}`), renders YAML of
 *   unknown shape at that place: it becomes spaces too, so that the literal YAML around it keeps
 *   its structure (the key's value is then empty, and the findings the filters drop on template
 *   lines stay dropped);
 * - any other action stands inside a scalar (`image: {{ .Values.image }}`, `"{{ .x }}"`,
 *   `- --port={{ .Values.port }}`, `{{ $key }}: {{ $value }}`): it becomes a plain scalar of the
 *   same length, `_` followed by its offset in base 36 and padded with `_`, so that the value is
 *   present, stays one token (spaces would leave `image: repo:` + spaces, a nested map), and two
 *   different actions are never equal (no duplicate names or ports between two unknowns).
 *
 * The lines that held an action are returned, as before: findings on them are about text that
 * is unknown until rendering.
 */
import { lexActions, type TemplateAction } from './templateBranches';
import { countLineBreaks } from '../util/text';

/** A template's text as YAML of the same length and lines, and the lines that held an action. */
export interface TemplateShape {
  readonly text: string;
  readonly lines: Set<number>;
  /** Each placeholder written for an action inside a scalar, and the action's text. */
  readonly placeholders: ReadonlyMap<string, string>;
  /** The offsets of every action, in order. */
  readonly actions: readonly (readonly [number, number])[];
}

/** Keywords of actions that render nothing (text/template/parse/lex.go `key`). */
const silentKeywords = new Set([
  'if',
  'else',
  'end',
  'with',
  'range',
  'define',
  'block',
  'break',
  'continue',
]);

/** `$x := …` or `$x = …` (parse.go `pipeline`: a declaration renders nothing). */
const declaration = /^\s*\$[A-Za-z0-9_]*\s*(?:,\s*\$[A-Za-z0-9_]*\s*)?:?=/;

/** A pipeline that indents its output: YAML of unknown shape (Helm's `indent`, `nindent`). */
const indenting = /\bn?indent\b/;

/** The YAML shape of a template; undefined for text without `{{`. */
export function shapeTemplate(text: string): TemplateShape | undefined {
  if (!text.includes('{{')) {
    return undefined;
  }
  const actions = lexActions(text) ?? roughActions(text);
  const lines = new Set<number>();
  // Every action as spaces first: what stands beside an action on its line is read from this.
  const blanked = replaceActions(text, actions, (action) => blank(text, action));
  const placeholders = new Map<string, string>();
  const scalars = new Set<TemplateAction>();
  let line = 0;
  let counted = 0;
  for (const action of actions) {
    line += countLineBreaks(text, counted, action.start);
    const breaks = countLineBreaks(text, action.start, action.end);
    for (let covered = line; covered <= line + breaks; covered++) {
      lines.add(covered);
    }
    line += breaks;
    counted = action.end;
    if (rendersAsScalar(action, blanked)) {
      scalars.add(action);
    }
  }
  const shaped = replaceActions(text, actions, (action) => {
    if (!scalars.has(action)) {
      return blank(text, action);
    }
    const written = placeholder(text, action);
    const first = firstLineLength(text, action);
    placeholders.set(written.slice(0, first), text.slice(action.start, action.start + first));
    return written;
  });
  return {
    text: withoutVanishedLines(shaped),
    lines,
    placeholders,
    actions: actions.map(({ start, end }) => [start, end] as const),
  };
}

/** The text with each action replaced by what `replacement` gives (of the same length). */
function replaceActions(
  text: string,
  actions: readonly TemplateAction[],
  replacement: (action: TemplateAction) => string,
): string {
  const pieces: string[] = [];
  let copied = 0;
  for (const action of actions) {
    pieces.push(text.slice(copied, action.start), replacement(action));
    copied = action.end;
  }
  pieces.push(text.slice(copied));
  return pieces.join('');
}

/** An action as spaces, its line breaks kept. */
function blank(text: string, action: TemplateAction): string {
  return text.slice(action.start, action.end).replace(/[^\r\n]/g, ' ');
}

function firstLineLength(text: string, action: TemplateAction): number {
  const lineEnd = text.indexOf('\n', action.start);
  return (lineEnd < 0 || lineEnd > action.end ? action.end : lineEnd) - action.start;
}

/** Whether an action stands inside a scalar (see the module comment), with every action as spaces in `blanked`. */
function rendersAsScalar(action: TemplateAction, blanked: string): boolean {
  if (action.comment || silentKeywords.has(action.words[0] ?? '') || declaration.test(action.body)) {
    return false;
  }
  const lineStart = blanked.lastIndexOf('\n', action.start - 1) + 1;
  const lineEnd = blanked.indexOf('\n', action.end);
  const before = blanked.slice(lineStart, action.start);
  const after = blanked.slice(action.end, lineEnd < 0 ? blanked.length : lineEnd);
  if (after.trim() !== '') {
    return true;
  }
  if (before.trim() === '') {
    return false;
  }
  return !(indenting.test(action.body) && /:[ \t]*$/.test(before));
}

/**
 * `_` and the action's offset in base 36, padded with `_` to the action's length on its first
 * line; the action's other lines are blanked.
 */
function placeholder(text: string, action: TemplateAction): string {
  const first = firstLineLength(text, action);
  const mark = `_${action.start.toString(36)}`.slice(0, first).padEnd(first, '_');
  return mark + blank(text, { ...action, start: action.start + first });
}

/** A message about the shaped text with each placeholder in it shown as the template text it stands for. */
export function withTemplateText(message: string, placeholders: ReadonlyMap<string, string>): string {
  if (!message.includes('_') || placeholders.size === 0) {
    return message;
  }
  return message.replace(/_[0-9a-z]+_*/g, (found) => placeholders.get(found) ?? found);
}

/**
 * The lines left blank (they held only actions rendering nothing, or text of another branch),
 * made empty: their spaces are moved to the end of the last line above that keeps text (every
 * later offset stays where it was). A line of spaces would still be a line to YAML: a
 * more-indented blank line at the start of a block scalar is an error (YAML 1.2 §8.1.1.1), where
 * Helm's `{{- if … }}` leaves nothing.
 */
function withoutVanishedLines(shaped: string): string {
  if (!/\n[ \t\r]+(?=\n|$)/.test(shaped)) {
    return shaped;
  }
  const rows = shaped.split('\n');
  let kept = -1;
  let moved = 0;
  rows.forEach((row, index) => {
    if (kept >= 0 && row.trim() === '') {
      moved += row.length;
      rows[index] = '';
      return;
    }
    if (moved > 0) {
      rows[kept] = padded(rows[kept]!, moved);
      moved = 0;
    }
    kept = index;
  });
  if (moved > 0) {
    rows[kept] = padded(rows[kept]!, moved);
  }
  return rows.join('\n');
}

/** A line with spaces added at its end, before a carriage return (a lone one would be a line break). */
function padded(row: string, spaces: number): string {
  return row.endsWith('\r') ? `${row.slice(0, -1)}${' '.repeat(spaces)}\r` : row + ' '.repeat(spaces);
}

/**
 * For a template that text/template would reject (an unclosed action while typing): each
 * `{{ … }}` as an output action, so that it is still blanked where it stands.
 */
function roughActions(text: string): TemplateAction[] {
  const actions: TemplateAction[] = [];
  const pattern = /\{\{[\s\S]*?\}\}/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const body = match[0].slice(2, -2).replace(/^-\s/, '').replace(/\s-$/, '');
    const comment = /^\s*\/\*/.test(body);
    const words = /^\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(body);
    actions.push({
      start: match.index,
      end: match.index + match[0].length,
      body,
      comment,
      words: words ? [words[1]!] : [],
    });
  }
  return actions;
}
