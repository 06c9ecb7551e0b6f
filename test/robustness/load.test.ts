/**
 * Load: 200 didChange notifications a second on a 2,000-line file, against the server process.
 * Stale work must be dropped (few publications, only ever for newer versions, the last for the
 * last version), completion must stay fast during the storm, and the server's memory must come
 * back after the file is closed.
 *
 * The unit run storms for LOAD_SECONDS (default 10; `npm run test:robustness` the same unless
 * set), and prints the numbers it asserts on.
 */
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { SeededRandom } from '../bench/random';
import { describeWithShared } from '../support/paths';
import {
  corpusDocuments,
  envInteger,
  mebibytes,
  percentile,
  residentSetSize,
  waitUntil,
} from './robustnessSupport';
import { ServerSession } from '../support/serverSession';

const seed = envInteger('LOAD_SEED', 20_261_122);
const seconds = envInteger('LOAD_SECONDS', 10);
const changesPerSecond = 200;
const targetLines = 2000;
/** Completion requests during the storm: one every this many changes (every 100 ms). */
const completionEvery = 20;
const completionBudgetMs = 2000;
/** RSS after close may exceed the baseline by this much. */
const memoryAllowance = 30 * 1024 * 1024;

/** About 2,000 lines of corpus manifests, shuffled with a seed, each document labelled. */
function generateFile(corpus: readonly { name: string; text: string }[], random: SeededRandom): string {
  const manifests = corpus.filter(
    ({ text }) => /^apiVersion:/m.test(text) && /^kind:/m.test(text) && !text.includes('{{'),
  );
  const documents: string[] = [];
  let lines = 0;
  for (let copy = 0; lines < targetLines; copy++) {
    for (const { name, text } of random.shuffle(manifests)) {
      // One document per file, so that every segment boundary is a `---` of ours.
      const body = text
        .replace(/^---\s*\n/gm, '')
        .split(/^\.\.\.\s*$/m)[0]!
        .trimEnd();
      if (/^---/m.test(body)) {
        continue;
      }
      const document = `# ${name} (copy ${copy})\n${body}\n`;
      documents.push(document);
      lines += document.split('\n').length;
      if (lines >= targetLines) {
        break;
      }
    }
  }
  return documents.join('---\n');
}

/** A typist: types a few characters at the end of a line, deletes them, moves on. */
class Typist {
  private line = 0;
  private typed = 0;
  private deleting = false;

  constructor(
    private readonly random: SeededRandom,
    private document: TextDocument,
  ) {}

  get text(): TextDocument {
    return this.document;
  }

  /** The next change, applied to the model of the document. */
  next(): TextDocumentContentChangeEvent {
    if (this.typed === 0 && !this.deleting) {
      this.line = this.random.below(this.document.lineCount - 1);
    }
    const end = this.lineEnd(this.line);
    let change: TextDocumentContentChangeEvent;
    if (!this.deleting) {
      change = { range: { start: end, end }, text: 'abcdefghijklmnopqrstuvwxyz'[this.random.below(26)]! };
      this.typed++;
      // After one to six characters, take them back.
      this.deleting = this.typed >= 6 || this.random.below(3) === 0;
    } else {
      change = { range: { start: { line: end.line, character: end.character - 1 }, end }, text: '' };
      this.typed--;
      this.deleting = this.typed > 0;
    }
    this.document = TextDocument.update(this.document, [change], this.document.version + 1);
    return change;
  }

  /** Where completion is asked: the end of the line being typed. */
  cursor(): Position {
    return this.lineEnd(this.line);
  }

  private lineEnd(line: number): Position {
    const text = this.document.getText({
      start: { line, character: 0 },
      end: { line: line + 1, character: 0 },
    });
    return { line, character: text.replace(/\r?\n$/, '').length };
  }
}

describeWithShared(
  'load: a storm of edits against the server process',
  'corpus/k8s-website-examples',
  (root) => {
    it(`drops stale work, stays responsive, and gives memory back (${changesPerSecond} changes/s for ${seconds} s)`, async function () {
      this.timeout(120_000);
      const random = new SeededRandom(seed);
      const text = generateFile(corpusDocuments(root), random);
      assert.ok(text.split('\n').length >= targetLines);
      const uri = 'file:///load/storm.yaml';
      const session = await ServerSession.start();
      try {
        // Warm up on the same text at another uri: schemas compiled, code paths hot.
        await session.open('file:///load/warm-up.yaml', text);
        await session.publication('file:///load/warm-up.yaml', 1, 30_000);
        await session.close('file:///load/warm-up.yaml');
        await session.waitFor(
          () =>
            session
              .publicationsFor('file:///load/warm-up.yaml')
              .some((params) => params.version === undefined),
          'the warm-up document to close',
        );
        const baseline = residentSetSize(session.pid);

        await session.open(uri, text);
        await session.publication(uri, 1, 30_000);
        const typist = new Typist(random, TextDocument.create(uri, 'yaml', 1, text));
        const total = seconds * changesPerSecond;
        const latencies: Promise<number>[] = [];
        let peak = residentSetSize(session.pid);
        const sampler = setInterval(() => {
          peak = Math.max(peak, residentSetSize(session.pid));
        }, 250);
        const start = performance.now();
        try {
          for (let index = 0; index < total; index++) {
            // Pace the storm: change i goes out at i × 5 ms.
            const due = start + (index * 1000) / changesPerSecond;
            const wait = due - performance.now();
            if (wait > 0) {
              await new Promise((resolve) => setTimeout(resolve, wait));
            }
            const change = typist.next();
            void session.change(uri, typist.text.version, [change]);
            if (index % completionEvery === completionEvery - 1) {
              latencies.push(session.complete(uri, typist.cursor()).then((result) => result.ms));
            }
          }
          const stormMs = performance.now() - start;
          const lastVersion = typist.text.version;
          await session.publication(uri, lastVersion, 30_000);
          const times = await Promise.all(latencies);
          const versions = session
            .publicationsFor(uri)
            .map((params) => params.version)
            .filter((version): version is number => version !== undefined);
          console.log(
            `      ${total} changes in ${(stormMs / 1000).toFixed(1)} s; ${versions.length - 1} publications after the first (${lastVersion - 1} versions); completion during the storm: ${times.length} requests, p50 ${percentile(times, 50).toFixed(0)} ms, p95 ${percentile(times, 95).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms`,
          );
          // Stale work dropped: far fewer publications than versions, never backwards, the last last.
          assert.ok(versions.length - 1 < total / 5, `${versions.length} publications for ${total} versions`);
          assert.ok(
            versions.every((version, index) => index === 0 || version > versions[index - 1]!),
            `publications go forward: ${versions.join(', ')}`,
          );
          assert.equal(versions[versions.length - 1], lastVersion);
          assert.ok(
            Math.max(...times) < completionBudgetMs,
            `completion took up to ${Math.max(...times).toFixed(0)} ms`,
          );
          // The final publication matches the final text: nothing was lost on the way.
          const published = session.publicationsFor(uri).at(-1)!;
          assert.ok(
            published.diagnostics.every((diagnostic) => diagnostic.range.end.line < typist.text.lineCount),
          );
        } finally {
          clearInterval(sampler);
        }

        await session.close(uri);
        await session.waitFor(
          () => session.publicationsFor(uri).some((params) => params.version === undefined),
          'the empty publication that follows the close',
        );
        let settled = residentSetSize(session.pid);
        const closed = performance.now();
        await waitUntil(
          () => {
            settled = residentSetSize(session.pid);
            return settled < baseline + memoryAllowance;
          },
          `RSS below ${mebibytes(baseline + memoryAllowance)} after close (baseline ${mebibytes(baseline)}, peak ${mebibytes(peak)})`,
          20_000,
          250,
        );
        console.log(
          `      RSS: baseline ${mebibytes(baseline)}, peak ${mebibytes(peak)}, after close ${mebibytes(settled)} (${((performance.now() - closed) / 1000).toFixed(1)} s after the close)`,
        );
        assert.deepEqual(
          session.logs.filter((log) => log.type === 1).map((log) => log.message),
          [],
        );
        assert.equal(await session.stop(), 0, session.stderr());
      } finally {
        session.kill();
      }
    });
  },
);
