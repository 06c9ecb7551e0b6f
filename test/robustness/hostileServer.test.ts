/**
 * The big hostile inputs through the real server process over stdio: each is published within
 * its budget, completion and hover answer within theirs, the process survives and logs no error,
 * and its memory comes back after the documents are closed.
 */
import * as assert from 'node:assert/strict';
import { withCursors, mebibytes, residentSetSize, waitUntil } from './robustnessSupport';
import { hostileInputs } from './hostileInputs';
import { ServerSession } from '../support/serverSession';

/**
 * From didOpen to publishDiagnostics: validation (2 s, as in the service suite) plus moving the
 * text over the pipe, which for 20 MB is JSON encoding and decoding on both sides.
 */
const publishBudgetMs = (bytes: number): number => 2000 + Math.ceil(bytes / (1024 * 1024)) * 150;
const requestBudgetMs = 500;

describe('hostile YAML through the server process', function () {
  this.timeout(180_000);
  let session: ServerSession;

  before(async () => {
    session = await ServerSession.start();
    // Compile the schemas the inputs use (the bundled server has them precompiled).
    const warmUp = 'file:///hostile-warm-up.yaml';
    await session.open(
      warmUp,
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a, image: b}]}\n',
    );
    await session.publication(warmUp, 1);
    await session.close(warmUp);
  });

  after(async () => {
    if (session.alive) {
      assert.equal(await session.stop(), 0);
    }
  });

  it('answers each within budget, survives, and gives the memory back after close', async () => {
    const baseline = residentSetSize(session.pid);
    let peak = baseline;
    const rows: string[] = [];
    const uris: string[] = [];
    for (const [index, input] of hostileInputs()
      .filter((candidate) => candidate.overStdio)
      .entries()) {
      const { text, positions } = withCursors(input.build());
      const uri = `file:///hostile/${index}.yaml`;
      uris.push(uri);
      const start = performance.now();
      await session.open(uri, text);
      const published = await session.publication(uri, 1, 60_000);
      const publishMs = performance.now() - start;
      input.check(published.diagnostics);
      let slowest = 0;
      for (const position of positions) {
        const completion = await session.complete(uri, position);
        const hover = await session.hover(uri, position);
        slowest = Math.max(slowest, completion.ms, hover.ms);
      }
      peak = Math.max(peak, residentSetSize(session.pid));
      rows.push(
        `${input.name}: published in ${publishMs.toFixed(0)} ms, slowest completion/hover ${slowest.toFixed(0)} ms, RSS ${mebibytes(residentSetSize(session.pid))}`,
      );
      assert.ok(
        publishMs < publishBudgetMs(text.length),
        `${input.name}: published after ${publishMs.toFixed(0)} ms (budget ${publishBudgetMs(text.length)} ms)`,
      );
      assert.ok(slowest < requestBudgetMs, `${input.name}: a request took ${slowest.toFixed(0)} ms`);
      assert.ok(session.alive, `the server survived ${input.name}`);
    }
    for (const uri of uris) {
      await session.close(uri);
    }
    // The close is answered with an empty publication; then the memory is V8's to give back.
    await session.waitFor(
      () => uris.every((uri) => session.publicationsFor(uri).some((params) => params.version === undefined)),
      'the empty publications that follow the closes',
    );
    const bound = baseline + 60 * 1024 * 1024;
    let settled = residentSetSize(session.pid);
    const closed = performance.now();
    await waitUntil(
      () => {
        settled = residentSetSize(session.pid);
        return settled < bound;
      },
      `the server's RSS to fall below ${mebibytes(bound)} (baseline ${mebibytes(baseline)}, peak ${mebibytes(peak)})`,
      30_000,
      250,
    );
    console.log(
      `${rows.map((row) => `      ${row}`).join('\n')}\n      RSS: baseline ${mebibytes(baseline)}, peak ${mebibytes(peak)}, after close ${mebibytes(settled)} (${((performance.now() - closed) / 1000).toFixed(1)} s after the close)`,
    );
    assert.deepEqual(
      session.logs.filter((log) => log.type === 1).map((log) => log.message),
      [],
      'no error was logged',
    );
    assert.equal(session.stderr(), '');
  });
});
