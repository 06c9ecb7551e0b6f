/**
 * Helpers shared by the robustness suites: the corpus, range checks against the text as the
 * editor sees it, per-call timing, and the knobs that make the bounded unit run and the long runs
 * (`npm run fuzz`, `npm run test:robustness`) the same tests with different sizes.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Position, Range } from 'vscode-languageserver-types';
import { corpusYamlFiles } from '../support/corpus';
import { pollUntil } from '../support/polling';

/** `npm run test:robustness` sets this: full-length load runs, more fuzz cases. */
export const fullRun = process.env.ROBUSTNESS_FULL === '1';

/** An integer from the environment, or the default when unset. Throws on a malformed value. */
export function envInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  if (!/^\d+$/.test(raw)) {
    throw new Error(`${name} must be a non-negative integer, not ${JSON.stringify(raw)}`);
  }
  return Number(raw);
}

/** Every YAML file of a corpus folder, in a stable order, with its text. */
export function corpusDocuments(root: string): { name: string; text: string }[] {
  return corpusYamlFiles(root).map((file) => ({
    name: path.relative(root, file),
    text: fs.readFileSync(file, 'utf8'),
  }));
}

/**
 * The lengths of the lines of a text as an LSP client counts them: `\r\n`, `\r` and `\n` all end
 * a line, and a line's length leaves its terminator out.
 */
export function lineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((line) => line.length);
}

/** Fails unless the range is ordered and both ends lie inside the text. */
export function assertRangeInside(lengths: readonly number[], range: Range, what: string): void {
  const describe = (): string => `${what}: ${JSON.stringify(range)} (the text has ${lengths.length} lines)`;
  for (const end of [range.start, range.end]) {
    assert.ok(Number.isInteger(end.line) && Number.isInteger(end.character), `${describe()}: not integers`);
    assert.ok(end.line >= 0 && end.line < lengths.length, `${describe()}: line out of the document`);
    assert.ok(
      end.character >= 0 && end.character <= lengths[end.line]!,
      `${describe()}: character beyond line ${end.line} (length ${lengths[end.line]})`,
    );
  }
  assert.ok(
    range.start.line < range.end.line ||
      (range.start.line === range.end.line && range.start.character <= range.end.character),
    `${describe()}: ends before it starts`,
  );
}

/** Whether `inner` lies within `outer`. */
export function rangeContains(outer: Range, inner: Range): boolean {
  const before = (a: Range['start'], b: Range['start']): boolean =>
    a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

/** The longest time each named operation took, and how often it ran. */
export class Timings {
  private readonly entries = new Map<string, { max: number; count: number; total: number }>();

  /** Runs and times one call; fails when it takes longer than `budgetMs`. */
  measure<T>(name: string, budgetMs: number, call: () => T, context: () => string = () => ''): T {
    const start = performance.now();
    const result = call();
    const elapsed = performance.now() - start;
    const entry = this.entries.get(name) ?? { max: 0, count: 0, total: 0 };
    entry.max = Math.max(entry.max, elapsed);
    entry.count++;
    entry.total += elapsed;
    this.entries.set(name, entry);
    assert.ok(
      elapsed < budgetMs,
      `${name} took ${elapsed.toFixed(0)} ms (budget ${budgetMs} ms)${context() ? `: ${context()}` : ''}`,
    );
    return result;
  }

  max(name: string): number {
    return this.entries.get(name)?.max ?? 0;
  }

  /** One line per operation: calls, mean and max, for the test log. */
  summary(): string {
    return [...this.entries]
      .map(
        ([name, { max, count, total }]) =>
          `${name}: ${count} calls, mean ${(total / count).toFixed(1)} ms, max ${max.toFixed(1)} ms`,
      )
      .join('\n');
  }
}

/** Mebibytes, one decimal, for reports. */
export function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The resident set size of a process, from /proc (Linux), in bytes. */
export function residentSetSize(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!match) {
    throw new Error(`No VmRSS in /proc/${pid}/status`);
  }
  return Number(match[1]) * 1024;
}

/** The percentile (0–100) of a list of numbers, nearest rank. */
export function percentile(values: readonly number[], rank: number): number {
  if (values.length === 0) {
    return Number.NaN;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((rank / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/** Resolves when `condition` holds; rejects with `description` after `timeoutMs`. */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  description: string,
  timeoutMs: number,
  intervalMs = 100,
): Promise<void> {
  await pollUntil(description, timeoutMs, async () => ((await condition()) ? true : undefined), intervalMs);
}

/**
 * Splits a fixture at every occurrence of a cursor marker: the text without the markers, and
 * the position of each (in order). Throws when there is none.
 */
export function withCursors(fixture: string, marker = '§'): { text: string; positions: Position[] } {
  const parts = fixture.split(marker);
  if (parts.length < 2) {
    throw new Error(`The fixture has no cursor marker "${marker}"`);
  }
  const positions: Position[] = [];
  let line = 0;
  let character = 0;
  for (const part of parts.slice(0, -1)) {
    const breaks = part.split('\n');
    line += breaks.length - 1;
    character = breaks.length > 1 ? breaks[breaks.length - 1]!.length : character + part.length;
    positions.push({ line, character });
  }
  return { text: parts.join(''), positions };
}
