/**
 * Faults: a catalog that is corrupted or missing at start-up (through the server process), a lint
 * rule that throws (through the service), a server killed mid-session, and the client's policy
 * for restarting a crashed server (with a fake clock: the language client itself needs VS Code).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeActionRequest,
  CodeLensRequest,
  DocumentSymbolRequest,
  MessageType,
} from 'vscode-languageserver-protocol';
import { RestartPolicy } from '../../client/src/restartPolicy';
import { SimulateRequest } from '../../server/src/protocol/customMessages';
import { builtinRules } from '../../server/src/rules';
import type { Rule } from '../../server/src/rules/rule';
import { getLanguageService } from '../../server/src/service/languageService';
import { testCatalog } from '../support/catalog';
import { quietContainerFields } from '../support/podRules';
import { repoRoot } from '../support/paths';
import { messageText } from '../support/service';
import { ServerSession } from '../support/serverSession';

const pod = (field: string): string =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n      ${field}:\n        - containerPort: 80\n${quietContainerFields(6)}`;

describe('a corrupted or missing catalog at start-up', function () {
  this.timeout(60_000);
  let folder: string;

  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'podscope-catalog-'));
  });

  after(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  const cases: { name: string; write: (file: string) => void; message: RegExp }[] = [
    {
      name: 'a catalog cut off half-way',
      write: (file) =>
        fs.writeFileSync(
          file,
          fs.readFileSync(path.join(repoRoot, 'server/generated/catalog.json'), 'utf8').slice(0, 5000),
        ),
      message: /^Podscope cannot start: The Kubernetes catalog .*catalog\.json is corrupted: /,
    },
    {
      name: 'a catalog of another format',
      write: (file) => fs.writeFileSync(file, JSON.stringify({ format: 'something else', kinds: 7 })),
      message:
        /^Podscope cannot start: The catalog has an unknown format; rebuild Podscope \(npm run build\)\.$/,
    },
    {
      name: 'a missing catalog',
      write: () => undefined,
      message: /^Podscope cannot start: Cannot read the Kubernetes catalog .*catalog\.json: ENOENT/,
    },
  ];

  for (const { name, write, message } of cases) {
    it(`${name}: one clear error in the log, no crash, empty answers to everything`, async () => {
      const file = path.join(folder, `${name.replace(/\W+/g, '-')}-catalog.json`);
      write(file);
      const session = await ServerSession.start({ args: ['--catalog', file] });
      try {
        const uri = 'file:///work/pod.yaml';
        const textDocument = { uri };
        await session.open(uri, pod('poarts'));
        for (let version = 2; version <= 6; version++) {
          await session.change(uri, version, [{ text: pod(version % 2 ? 'poarts' : 'ports') }]);
        }
        const position = { line: 8, character: 8 };
        assert.deepEqual((await session.complete(uri, position)).labels, []);
        assert.equal((await session.hover(uri, position)).text, undefined);
        assert.deepEqual(
          await session.connection.sendRequest(DocumentSymbolRequest.type, { textDocument }),
          [],
        );
        assert.deepEqual(
          await session.connection.sendRequest(CodeActionRequest.type, {
            textDocument,
            range: { start: position, end: position },
            context: { diagnostics: [] },
          }),
          [],
        );
        assert.deepEqual(await session.connection.sendRequest(CodeLensRequest.type, { textDocument }), []);
        const simulation = await session.connection.sendRequest(SimulateRequest.type, {
          textDocument,
          target: { documentIndex: 0 },
          scenario: {},
        });
        assert.equal(simulation.ok, false);
        // Every request above was answered after the edits were handled: no validation ran.
        assert.deepEqual(
          session.published.filter((params) => params.diagnostics.length > 0),
          [],
        );
        const problems = session.logs.filter(
          (log) => log.type === MessageType.Error || log.type === MessageType.Warning,
        );
        assert.equal(problems.length, 1, problems.map((log) => log.message).join('\n'));
        assert.match(problems[0]!.message, message);
        assert.ok(!problems[0]!.message.includes('\n    at '), 'a message, not a stack trace');
        assert.ok(session.alive);
        assert.equal(session.stderr(), '');
        assert.equal(await session.stop(), 0);
      } finally {
        session.kill();
      }
    });
  }
});

describe('a lint rule that throws', () => {
  const throwing: Rule = {
    id: 'always-throws',
    defaultSeverity: 'warning',
    summary: 'Throws on every document, for the test.',
    validate: () => {
      throw new Error('boom');
    },
  };

  it('costs only its own findings, is logged once, and leaves every other diagnostic', () => {
    const logs: string[] = [];
    const healthy = getLanguageService({ catalog: testCatalog() });
    const broken = getLanguageService({
      catalog: testCatalog(),
      rules: [...builtinRules, throwing],
      log: (message) => logs.push(message),
    });
    const texts = [pod('poarts'), pod('ports').replace('nginx:1.27', 'nginx'), pod('ports')];
    for (const [index, text] of texts.entries()) {
      for (const version of [1, 2]) {
        const document = TextDocument.create(`file:///rules/${index}.yaml`, 'yaml', version, text);
        const expected = healthy.doValidation(document);
        assert.deepEqual(broken.doValidation(document), expected);
      }
    }
    assert.ok(healthy.doValidation(TextDocument.create('file:///x.yaml', 'yaml', 1, texts[1]!)).length > 0);
    assert.equal(logs.length, 1, logs.join('\n'));
    assert.match(
      logs[0]!,
      /^Rule always-throws failed and was skipped for the document \(later failures are not logged\): Error: boom\n/,
    );
  });

  it('does not reach the editor as an error diagnostic or an exception', () => {
    const broken = getLanguageService({ catalog: testCatalog(), rules: [throwing], log: () => undefined });
    const diagnostics = broken.doValidation(
      TextDocument.create('file:///rules/only.yaml', 'yaml', 1, pod('ports')),
    );
    assert.deepEqual(
      diagnostics.map((diagnostic) => messageText(diagnostic)),
      [],
    );
  });
});

describe('restarting a crashed server (client/src/restartPolicy.ts)', () => {
  /** A clock the test moves by hand. */
  function fakeClock(): { now: () => number; advance: (ms: number) => void } {
    let time = 1_000_000;
    return { now: () => time, advance: (ms) => (time += ms) };
  }

  it('restarts four times within three minutes, then gives up with one clear message', () => {
    const clock = fakeClock();
    const policy = new RestartPolicy({ now: clock.now });
    const decisions = Array.from({ length: 6 }, () => {
      clock.advance(1000);
      return policy.serverStopped();
    });
    assert.deepEqual(
      decisions.map((decision) => [decision.restart, decision.message]),
      [
        [true, 'The Podscope language server stopped; restarting it (1/4).'],
        [true, 'The Podscope language server stopped; restarting it (2/4).'],
        [true, 'The Podscope language server stopped; restarting it (3/4).'],
        [true, 'The Podscope language server stopped; restarting it (4/4).'],
        [
          false,
          'The Podscope language server stopped 5 times in the last 3 minutes and will not be restarted.',
        ],
        [
          false,
          'The Podscope language server stopped 6 times in the last 3 minutes and will not be restarted.',
        ],
      ],
    );
  });

  it('forgets stops older than the window', () => {
    const clock = fakeClock();
    const policy = new RestartPolicy({ now: clock.now });
    for (let stop = 0; stop < 4; stop++) {
      assert.equal(policy.serverStopped().restart, true);
      clock.advance(50_000);
    }
    // The fifth stop, 200 s after the first: that one has left the 180 s window, so this is
    // the fourth restart within it, not a fifth.
    assert.deepEqual(policy.serverStopped(), {
      restart: true,
      stops: 4,
      message: 'The Podscope language server stopped; restarting it (4/4).',
    });
    // A server that crashes once an hour is restarted for ever.
    for (let hour = 0; hour < 24; hour++) {
      clock.advance(3_600_000);
      assert.equal(policy.serverStopped().stops, 1);
    }
  });

  it('counts a stop exactly at the edge of the window as inside it', () => {
    const clock = fakeClock();
    const policy = new RestartPolicy({ now: clock.now, maxRestarts: 1, windowMs: 10_000 });
    assert.equal(policy.serverStopped().restart, true);
    clock.advance(10_000);
    assert.deepEqual(
      [policy.serverStopped().restart, policy.serverStopped().message],
      [
        false,
        'The Podscope language server stopped 3 times in the last 10 seconds and will not be restarted.',
      ],
    );
  });
});

describe('a server killed mid-session', function () {
  this.timeout(60_000);

  it('dies alone; a new one, sent the open documents again, publishes the same diagnostics', async () => {
    const uri = 'file:///work/pod.yaml';
    const first = await ServerSession.start();
    await first.open(uri, pod('poarts'));
    const before = (await first.publication(uri, 1)).diagnostics;
    assert.equal(before.length, 1);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    assert.equal(first.child.signalCode, 'SIGKILL');
    first.connection.dispose();
    // What the language client does after a restart: didOpen for every open document.
    const second = await ServerSession.start();
    try {
      await second.open(uri, pod('poarts'));
      assert.deepEqual((await second.publication(uri, 1)).diagnostics, before);
      assert.equal(await second.stop(), 0);
    } finally {
      second.kill();
    }
  });
});
