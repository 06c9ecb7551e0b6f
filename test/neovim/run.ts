/**
 * `npm run test:neovim`: Podscope in a second real editor, Neovim 0.7 (Debian's `neovim`), whose
 * LSP client differs from VS Code's where it matters: no snippets, positions made from byte
 * columns, code action requests that echo diagnostics back with byte columns, no VS Code commands.
 *
 *  1. writes the fixture (walkFixture.ts) and a plan into a temporary folder,
 *  2. runs `nvim --headless --clean -u NONE` with walk.lua, which starts `node dist/server.js
 *     --stdio` with vim.lsp.start_client, walks through the features as a person would, and
 *     records what Neovim got and what the buffer became in a JSON file,
 *  3. asserts here, on exact values, and prints one `PASS <step> (<ms> ms)` or `FAIL <step>: …`
 *     line per step; exits 1 when any step fails.
 *
 * Every wait in walk.lua has a timeout (PODSCOPE_NEOVIM_STEP_TIMEOUT_MS, default 10 s), and the
 * whole Neovim process group, the server with it, is killed after PODSCOPE_NEOVIM_TIMEOUT_MS
 * (default 60 s). The temporary folder, with Neovim's lsp.log, is kept after a failure.
 * PODSCOPE_NEOVIM_SERVER runs another server bundle than dist/server.js.
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../support/paths';
import {
  afterEmoji,
  cursorAt,
  editOnce,
  expectedCompletion,
  expectedDiagnostics,
  expectedHovers,
  expectedQuickFix,
  type ExpectedSymbol,
  expectedSymbols,
  fixture,
  type Place,
  rangeAt,
  uniqueLine,
} from './walkFixture';

const stepTimeoutMs = Number(process.env.PODSCOPE_NEOVIM_STEP_TIMEOUT_MS ?? 10_000);
const nvimTimeoutMs = Number(process.env.PODSCOPE_NEOVIM_TIMEOUT_MS ?? 60_000);
const serverBundle = path.resolve(
  process.env.PODSCOPE_NEOVIM_SERVER ?? path.join(repoRoot, 'dist/server.js'),
);

const log = (line: string): void => console.log(`[neovim] ${line}`);

/** What walk.lua reads (PODSCOPE_NVIM_PLAN). */
interface NeovimPlan {
  node: string;
  server: string;
  root: string;
  file: string;
  results: string;
  stepTimeoutMs: number;
  hovers: { step: string; position: Place }[];
  completion: { line: number; lineText: string; apply: string };
  quickFix: { position: Place; title: string };
}

/** What walk.lua writes: one entry per step it ran, with what Neovim got. */
interface NeovimResults {
  nvimVersion: string;
  finished?: boolean;
  error?: string;
  steps: unknown;
}
interface StepEntry {
  name: string;
  ms: number;
  ok: boolean;
  error?: string;
  data?: unknown;
}
interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}
interface VimDiagnostic {
  line: number;
  col: number;
  endLine: number;
  endCol: number;
  severity: string;
  code?: string;
  message: string;
}
interface CompletionRecord {
  label: string;
  insertTextFormat?: number;
  insertText?: string;
  newText?: string;
  command?: string;
}
interface ActionRecord {
  title: string;
  hasEdit: boolean;
  command?: string;
}
interface SymbolRecord {
  name: string;
  kind: number;
  detail?: string;
  selectionRange: LspRange;
  children?: unknown;
}

/** vim.json encodes an empty Lua table as `{}`: read that as an empty list. */
function list<T>(value: unknown): T[] {
  if (Array.isArray(value)) {
    return value as T[];
  }
  if (
    value === undefined ||
    value === null ||
    (typeof value === 'object' && Object.keys(value).length === 0)
  ) {
    return [];
  }
  throw new Error(`expected a list, got ${JSON.stringify(value)}`);
}

/** A step's expectations; every failed one is reported, not only the first. */
class Expectations {
  readonly failures: string[] = [];

  check(what: string, assertion: () => void): void {
    try {
      assertion();
    } catch (error) {
      this.failures.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** One line per diagnostic, with the text its byte columns cover in the buffer. */
function describeDiagnostic(text: string, diagnostic: VimDiagnostic): string {
  const lineText = text.split('\n')[diagnostic.line] ?? '';
  const flagged =
    diagnostic.line === diagnostic.endLine
      ? Buffer.from(lineText).subarray(diagnostic.col, diagnostic.endCol).toString()
      : '(several lines)';
  return `${diagnostic.line}:${diagnostic.col}-${diagnostic.endLine}:${diagnostic.endCol} «${flagged}» ${diagnostic.severity} ${diagnostic.code ?? '-'} ${diagnostic.message}`;
}

/** A symbol tree as text: name, kind, detail and what its selectionRange (UTF-16) covers. */
function describeSymbols(symbols: readonly (SymbolRecord | ExpectedSymbol)[], indent = ''): string[] {
  return symbols.flatMap((symbol) => {
    let range: LspRange;
    if ('selection' in symbol) {
      const { start, end } = rangeAt(symbol.selection);
      range = {
        start: { line: start.line, character: start.character },
        end: { line: end.line, character: end.character },
      };
    } else {
      range = symbol.selectionRange;
    }
    const lineText = fixture.split('\n')[range.start.line] ?? '';
    const selected = lineText.slice(range.start.character, range.end.character);
    const children = 'selection' in symbol ? symbol.children : list<SymbolRecord>(symbol.children);
    return [
      `${indent}${symbol.name} [kind ${symbol.kind}] ${symbol.detail ?? '-'} «${selected}» ${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`,
      ...describeSymbols(children, `${indent}  `),
    ];
  });
}

type Check = (data: unknown, expect: Expectations) => string | void;

/** The assertions, per step, in the order walk.lua runs the steps. */
function stepChecks(results: NeovimResults): [string, Check][] {
  let executeCommands: string[] = [];
  const runnable = (command: string | undefined): boolean =>
    command === undefined || executeCommands.includes(command);
  return [
    [
      'start',
      (data, expect) => {
        const start = data as { offsetEncoding: string; executeCommands: unknown };
        executeCommands = list<string>(start.executeCommands);
        expect.check('the offset encoding', () => assert.equal(start.offsetEncoding, 'utf-16'));
        return `nvim ${results.nvimVersion}, ${start.offsetEncoding}`;
      },
    ],
    [
      'diagnostics',
      (data, expect) => {
        const { text, diagnostics } = data as { text: string; diagnostics: unknown };
        expect.check('the buffer', () => assert.equal(text, fixture));
        const actual = list<VimDiagnostic>(diagnostics);
        const expected = expectedDiagnostics.map(({ at, severity, code, message }): VimDiagnostic => {
          const { start, end } = rangeAt(at);
          return {
            line: start.line,
            col: start.byteColumn,
            endLine: end.line,
            endCol: end.byteColumn,
            severity,
            code,
            message,
          };
        });
        const describe = (all: VimDiagnostic[]): string[] =>
          [...all]
            .sort((a, b) => a.line - b.line || a.col - b.col || (a.code ?? '').localeCompare(b.code ?? ''))
            .map((diagnostic) => describeDiagnostic(fixture, diagnostic));
        expect.check('vim.diagnostic.get(bufnr), byte columns', () =>
          assert.deepEqual(describe(actual), describe(expected)),
        );
        const { start } = rangeAt(afterEmoji);
        return `${actual.length} diagnostics; the one after the emoji at byte ${start.byteColumn} (UTF-16 ${start.character})`;
      },
    ],
    ...expectedHovers.map(({ step, firstLines }): [string, Check] => [
      step,
      (data, expect) => {
        const { kind, lines: shown } = data as { kind?: string; lines: unknown };
        const lines = list<string>(shown);
        expect.check('the first lines of the hover window', () =>
          assert.deepEqual(lines.slice(0, firstLines.length), firstLines),
        );
        return `${lines.length} lines, ${kind ?? 'no markup kind'}`;
      },
    ]),
    [
      'document-symbols',
      (data, expect) => {
        const symbols = list<SymbolRecord>((data as { symbols: unknown }).symbols);
        expect.check('the symbols', () =>
          assert.deepEqual(describeSymbols(symbols), describeSymbols(expectedSymbols)),
        );
      },
    ],
    [
      'code-lenses',
      (data, expect) => {
        const lenses = list<{ command?: { command: string } }>((data as { lenses: unknown }).lenses);
        expect.check(
          `lenses whose command the server does not execute (Neovim: "Language server does not support command …"; it executes ${JSON.stringify(executeCommands)})`,
          () =>
            assert.deepEqual(
              lenses.filter((lens) => !runnable(lens.command?.command)).map((lens) => lens.command?.command),
              [],
            ),
        );
        return `${lenses.length} lenses`;
      },
    ],
    [
      'completion',
      (data, expect) => {
        const { items, applied, edits, textAfter, applyError } = data as {
          items: unknown;
          applied?: string;
          edits?: unknown;
          textAfter?: string;
          applyError?: string;
        };
        const records = list<CompletionRecord>(items);
        const labels = records.map((item) => item.label);
        expect.check('fields missing from the list', () =>
          assert.deepEqual(
            expectedCompletion.offered.filter((label) => !labels.includes(label)),
            [],
          ),
        );
        expect.check('fields the container has, offered again', () =>
          assert.deepEqual(
            expectedCompletion.notOffered.filter((label) => labels.includes(label)),
            [],
          ),
        );
        // Neovim 0.7 declares completionItem.snippetSupport = false.
        expect.check('snippets sent to a client without snippetSupport', () =>
          assert.deepEqual(
            records
              .filter(
                (item) =>
                  item.insertTextFormat === 2 ||
                  /\$0|\$\{|\$[1-9]/.test(`${item.newText ?? ''}${item.insertText ?? ''}`),
              )
              .map((item) => `${item.label}: ${JSON.stringify(item.newText ?? item.insertText)}`),
            [],
          ),
        );
        expect.check('items carrying a command the server does not execute', () =>
          assert.deepEqual(
            records.filter((item) => !runnable(item.command)).map((item) => `${item.label}: ${item.command}`),
            [],
          ),
        );
        expect.check(`the "${expectedCompletion.apply}" item`, () =>
          assert.equal(applied, expectedCompletion.apply),
        );
        expect.check(`applying its edits ${JSON.stringify(edits)}`, () =>
          assert.equal(applyError, undefined),
        );
        const expectedText = editOnce(
          fixture,
          `${expectedCompletion.below}\n`,
          `${expectedCompletion.below}\n${expectedCompletion.lineAfter}\n`,
        );
        if (applyError === undefined) {
          expect.check(`the buffer after "${expectedCompletion.apply}"`, () =>
            assert.equal(textAfter, expectedText),
          );
        }
        return `${records.length} items`;
      },
    ],
    [
      'quick-fix',
      (data, expect) => {
        const { actions, edit, textAfter, applyError, sentDiagnostics } = data as {
          actions: unknown;
          edit?: unknown;
          textAfter?: string;
          applyError?: string;
          sentDiagnostics: unknown;
        };
        const records = list<ActionRecord>(actions);
        const sent = list<{ range: LspRange }>(sentDiagnostics).map(
          ({ range }) =>
            `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`,
        );
        const chosen = records.find((action) => action.title === expectedQuickFix.title);
        expect.check(`the "${expectedQuickFix.title}" action`, () =>
          assert.deepEqual(
            chosen && { title: chosen.title, hasEdit: chosen.hasEdit },
            { title: expectedQuickFix.title, hasEdit: true },
            `actions: ${JSON.stringify(records.map((action) => action.title))}`,
          ),
        );
        expect.check('actions carrying a command the server does not execute', () =>
          assert.deepEqual(
            records
              .filter((action) => !runnable(action.command))
              .map((action) => `${action.title}: ${action.command}`),
            [],
          ),
        );
        expect.check(
          `applying its edit ${JSON.stringify(edit)} (Neovim sent the diagnostic at ${sent.join(', ')})`,
          () => assert.equal(applyError, undefined),
        );
        if (applyError === undefined) {
          expect.check(`the buffer after "${expectedQuickFix.title}"`, () =>
            assert.equal(textAfter, expectedQuickFix.textAfter),
          );
        }
        return `Neovim sent the line's diagnostics at ${sent.join(', ')} (byte columns)`;
      },
    ],
  ];
}

function nvimVersion(): string | undefined {
  const result = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    return undefined;
  }
  return /NVIM v(\d+\.\d+\.\d+)/.exec(result.stdout)?.[1] ?? 'unknown';
}

/** Runs walk.lua in a headless Neovim; kills its process group after the overall timeout. */
async function runNeovim(folder: string, planFile: string): Promise<{ code: number | null; output: string }> {
  // `-l` is Neovim 0.9+; 0.7 runs a Lua file with :lua dofile(), which the pcall keeps from
  // leaving a headless Neovim waiting after an error.
  const luaCommand =
    "lua local ok, err = pcall(dofile, os.getenv('PODSCOPE_NVIM_WALK')) " +
    "if not ok then io.stderr:write(tostring(err) .. '\\n') vim.cmd('cquit!') end";
  const child = spawn('nvim', ['--headless', '--clean', '-u', 'NONE', '-i', 'NONE', '-n', '-c', luaCommand], {
    cwd: folder,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PODSCOPE_NVIM_PLAN: planFile,
      PODSCOPE_NVIM_WALK: path.join(__dirname, 'walk.lua'),
      // Neovim's lsp.log and any state stay in the temporary folder.
      XDG_CONFIG_HOME: path.join(folder, 'config'),
      XDG_DATA_HOME: path.join(folder, 'data'),
      XDG_STATE_HOME: path.join(folder, 'state'),
      XDG_CACHE_HOME: path.join(folder, 'cache'),
    },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const killGroup = (): void => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // The group is gone already.
    }
  };
  process.once('exit', killGroup);
  const timer = setTimeout(() => {
    output += `\n[killed after ${nvimTimeoutMs} ms]`;
    killGroup();
  }, nvimTimeoutMs);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode) => resolve(exitCode));
  });
  clearTimeout(timer);
  // A server Neovim left behind goes with the group.
  killGroup();
  process.removeListener('exit', killGroup);
  return { code, output };
}

async function main(): Promise<number> {
  const version = nvimVersion();
  if (!version) {
    console.log(
      "FAIL neovim: nvim is not on PATH; install Debian's neovim package (apt-get install neovim), as .ci/run does",
    );
    return 1;
  }
  if (!fs.existsSync(serverBundle)) {
    console.log(`FAIL neovim: ${serverBundle} is missing; run npm run build`);
    return 1;
  }
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'podscope-neovim-'));
  const file = path.join(folder, 'web.yaml');
  fs.writeFileSync(file, fixture);
  const plan: NeovimPlan = {
    node: process.execPath,
    server: serverBundle,
    root: folder,
    file,
    results: path.join(folder, 'results.json'),
    stepTimeoutMs,
    hovers: expectedHovers.map(({ step, cursor }) => ({ step, position: cursorAt(cursor) })),
    completion: {
      line: uniqueLine(expectedCompletion.below).line + 1,
      lineText: expectedCompletion.typed,
      apply: expectedCompletion.apply,
    },
    quickFix: { position: cursorAt(expectedQuickFix.cursor), title: expectedQuickFix.title },
  };
  const planFile = path.join(folder, 'plan.json');
  fs.writeFileSync(planFile, JSON.stringify(plan, null, 2));
  log(`nvim ${version}, server ${path.relative(repoRoot, serverBundle)}, in ${folder}`);

  const { code, output } = await runNeovim(folder, planFile);
  const results: NeovimResults = fs.existsSync(plan.results)
    ? (JSON.parse(fs.readFileSync(plan.results, 'utf8')) as NeovimResults)
    : { nvimVersion: version, steps: [] };
  const entries = list<StepEntry>(results.steps);
  let failed = 0;
  let errorReported = false;
  for (const [name, check] of stepChecks(results)) {
    const entry = entries.find((step) => step.name === name);
    const expect = new Expectations();
    let detail: string | void = undefined;
    if (!entry) {
      const why = results.error ?? (results.finished ? 'an earlier step failed' : `nvim exited with ${code}`);
      errorReported ||= results.error !== undefined;
      expect.failures.push(`not run (${why})`);
    } else if (!entry.ok) {
      expect.failures.push(entry.error ?? 'failed in Neovim');
    } else {
      try {
        detail = check(entry.data, expect);
      } catch (error) {
        expect.failures.push(error instanceof Error ? error.message : String(error));
      }
    }
    if (expect.failures.length === 0) {
      console.log(`PASS ${name} (${entry!.ms} ms)${detail ? `  ${detail}` : ''}`);
    } else {
      failed++;
      console.log(`FAIL ${name}: ${expect.failures.join('\n').split('\n').join('\n    ')}`);
    }
  }
  if (results.error && !errorReported) {
    failed++;
    console.log(`FAIL neovim: ${results.error}`);
  }
  if (code !== 0 || !results.finished) {
    failed++;
    console.log(
      `FAIL neovim: nvim exited with ${code}${results.finished ? '' : ' before the walk finished'}`,
    );
  }
  if (failed === 0) {
    fs.rmSync(folder, { recursive: true, force: true });
    log('all Neovim steps passed');
    return 0;
  }
  if (output.trim()) {
    log(`nvim's output:\n${output.trim()}`);
  }
  log(`${failed} step(s) failed; kept ${folder} (plan.json, results.json, web.yaml, cache/nvim/lsp.log)`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
