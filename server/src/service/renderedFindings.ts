/**
 * The findings of a chart's rendered output (`helm template`), reported at the template lines
 * they came from. The host runs helm and validates its output as any manifest; this maps each
 * diagnostic of that output through the `# Source:` blocks and the line alignment of
 * yaml/helmSourceMap.ts (which says how exact it is).
 */
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import {
  alignRenderedLines,
  type LineOrigin,
  type RenderedSource,
  splitRenderedSources,
  type TemplateLineMatch,
} from '../yaml/helmSourceMap';

/** What each finding's message says, so that the user knows where it was found. */
export const renderedSuffix = ' (rendered with helm)';

export interface MappedFinding {
  /** The template, as `# Source:` names it (`<chart>/templates/<file>`). */
  readonly source: string;
  /** The diagnostic at the template's line, its message marked as rendered. */
  readonly diagnostic: Diagnostic;
  readonly origin: LineOrigin;
  /** The line of the rendered output it was found on (0-based). */
  readonly renderedLine: number;
}

export interface RenderedFindings {
  readonly mapped: MappedFinding[];
  /**
   * Findings that stay in the rendered output: outside any `# Source:` block, or from a template
   * whose text the host could not give (a subchart packaged as a .tgz).
   */
  readonly unmapped: Diagnostic[];
}

/**
 * Maps the diagnostics of `output` to template lines. `templateText(source)` gives a template's
 * text by its `# Source:` path (undefined when there is no such file).
 */
export function mapRenderedFindings(
  output: string,
  diagnostics: readonly Diagnostic[],
  templateText: (source: string) => string | undefined,
): RenderedFindings {
  const outputLines = output.split('\n');
  const blocks = splitRenderedSources(output);
  const alignments = new Map<RenderedSource, TemplateLineMatch[] | undefined>();
  const alignmentOf = (block: RenderedSource): TemplateLineMatch[] | undefined => {
    if (!alignments.has(block)) {
      const template = templateText(block.source);
      alignments.set(
        block,
        template === undefined
          ? undefined
          : alignRenderedLines(template, outputLines.slice(block.firstLine, block.endLine)),
      );
    }
    return alignments.get(block);
  };
  const mapped: MappedFinding[] = [];
  const unmapped: Diagnostic[] = [];
  for (const diagnostic of diagnostics) {
    const line = diagnostic.range.start.line;
    const block = blocks.find((candidate) => line >= candidate.firstLine && line < candidate.endLine);
    const alignment = block && alignmentOf(block);
    const match = block && alignment?.[line - block.firstLine];
    if (!block || !match) {
      unmapped.push(diagnostic);
      continue;
    }
    const templateLines = templateText(block.source)!.split('\n');
    const range = templateRange(outputLines[line]!, templateLines[match.line] ?? '', match, diagnostic.range);
    // The fix data was computed against the rendered text: it does not apply to the template.
    const rest: Diagnostic = { ...diagnostic };
    delete rest.data;
    mapped.push({
      source: block.source,
      diagnostic: { ...rest, range, message: `${messageText(diagnostic)}${renderedSuffix}` },
      origin: match.origin,
      renderedLine: line,
    });
  }
  return { mapped, unmapped };
}

function messageText(diagnostic: Diagnostic): string {
  const message: unknown = diagnostic.message;
  return typeof message === 'string' ? message : (message as { value: string }).value;
}

/**
 * The range on the template line: the same columns when the line is the rendered line's own
 * text (a literal line), else the template line's text without its indentation.
 */
function templateRange(
  renderedText: string,
  templateLine: string,
  match: TemplateLineMatch,
  range: Range,
): Range {
  const line = match.line;
  const sameText = renderedText.replace(/\s+$/, '') === templateLine.replace(/\s+$/, '');
  if (sameText && range.start.line === range.end.line) {
    return {
      start: { line, character: range.start.character },
      end: { line, character: range.end.character },
    };
  }
  const text = templateLine.replace(/\s+$/, '');
  const indent = text.length - text.trimStart().length;
  return { start: { line, character: indent }, end: { line, character: text.length } };
}
