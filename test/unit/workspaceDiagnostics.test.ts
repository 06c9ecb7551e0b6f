import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CancellationTokenSource,
  type ClientCapabilities,
  DiagnosticRefreshRequest,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  LSPErrorCodes,
  type PreviousResultId,
  ResponseError,
  type WorkspaceDiagnosticReport,
  WorkspaceDiagnosticRequest,
} from 'vscode-languageserver-protocol/node';
import type { Diagnostic } from 'vscode-languageserver-types';
import { layerSettings } from '../../server/src/common/settings';
import { resourcesOf } from '../../server/src/workspace/fileResources';
import { WorkspaceIndex } from '../../server/src/workspace/workspaceIndex';
import { WorkspaceDiagnosticPull, workspaceDiagnosticsDelay } from '../../server/src/workspaceDiagnosticPull';
import { ManifestParser } from '../../server/src/yaml/manifestFile';
import { edit } from '../support/fixtureEdit';
import { quietContainerFields } from '../support/podRules';
import { ServerSession } from '../support/serverSession';

/** A Pod with `field` in its container's place of `ports` (`portz`: an unknown field). */
const pod = (field: string): string =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n      ${field}:\n        - containerPort: 80\n${quietContainerFields(6)}`;
const configMap = (name: string): string =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  A: b\n`;

const pullingClient: ClientCapabilities = {
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    diagnostics: { refreshSupport: true },
  },
  textDocument: { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } },
};

/** The exact diagnostic of pod('portz'). */
const unknownPortz = {
  range: { start: { line: 8, character: 6 }, end: { line: 8, character: 11 } },
  severity: 1,
  code: 'unknown-field',
  source: 'podscope',
  message: 'Unknown field "portz" in Container; did you mean "ports"?',
  // No fix data: a client gets none (clientFeatures.ts diagnosticsForClient).
};

/** What a promise settled to within `ms`, or 'pending'. */
async function stateAfter<T>(promise: Promise<T>, ms: number): Promise<T | 'pending'> {
  let timer: NodeJS.Timeout | undefined;
  const pending = new Promise<'pending'>((resolve) => {
    timer = setTimeout(() => resolve('pending'), ms);
  });
  try {
    return await Promise.race([promise, pending]);
  } finally {
    clearTimeout(timer);
  }
}

/** The reports by file name, for reading (the answer's own order is the index's). */
function byFile(root: string, report: WorkspaceDiagnosticReport): unknown[] {
  return report.items
    .map((item) => ({ ...item, uri: path.relative(root, new URL(item.uri).pathname) }))
    .sort((a, b) => (a.uri < b.uri ? -1 : 1));
}

describe('workspace diagnostics (LSP 3.17 workspace/diagnostic) in the language server', function () {
  this.timeout(60_000);
  let root: string;
  const uriOf = (file: string): string => pathToFileURL(path.join(root, file)).href;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'podscope-workspace-diagnostics-'));
    fs.writeFileSync(path.join(root, 'pod.yaml'), pod('portz'));
    fs.writeFileSync(path.join(root, 'settings.yaml'), configMap('settings'));
    fs.writeFileSync(path.join(root, 'open.yaml'), pod('portz'));
    // No Kubernetes: never reported.
    fs.writeFileSync(path.join(root, 'notes.yaml'), 'just: yaml\n');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  async function start(settings: { diagnostics: { workspace: boolean } }): Promise<ServerSession> {
    const session = await ServerSession.start({ rootPath: root, settings, capabilities: pullingClient });
    // The client asked to pull its open documents again (after indexing, a change) answers.
    session.connection.onRequest(DiagnosticRefreshRequest.type, () => undefined);
    await session.waitFor(
      () => session.logs.some((log) => log.message.startsWith('Indexed ')),
      'the workspace indexed',
    );
    return session;
  }

  const pull = (
    session: ServerSession,
    previousResultIds: PreviousResultId[],
    token?: CancellationTokenSource,
  ): Promise<WorkspaceDiagnosticReport> =>
    session.connection.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds }, token?.token);

  const idsOf = (
    report: WorkspaceDiagnosticReport,
    previous: PreviousResultId[] = [],
  ): PreviousResultId[] => {
    const ids = new Map(previous.map((entry) => [entry.uri, entry.value]));
    for (const item of report.items) {
      if (item.resultId !== undefined) {
        ids.set(item.uri, item.resultId);
      }
    }
    return [...ids].map(([uri, value]) => ({ uri, value }));
  };

  it('reports the closed files in full, holds a repeated request until a file changes on disk, then reports that file alone in full', async () => {
    const session = await start({ diagnostics: { workspace: true } });
    try {
      assert.deepEqual(session.initializeResult?.capabilities.diagnosticProvider, {
        identifier: 'podscope',
        interFileDependencies: true,
        workspaceDiagnostics: true,
      });
      // Open in the editor: pulled per document, never reported by the workspace.
      await session.open(uriOf('open.yaml'), pod('portz'));
      const first = await pull(session, []);
      assert.deepEqual(byFile(root, first), [
        { kind: 'full', uri: 'pod.yaml', version: null, resultId: 'w1', items: [unknownPortz] },
        { kind: 'full', uri: 'settings.yaml', version: null, resultId: 'w2', items: [] },
      ]);

      // Nothing changed: the repeated request is held.
      const held = pull(session, idsOf(first));
      assert.equal(await stateAfter(held, 1000), 'pending');

      // The file is fixed on disk, and the editor's watcher says so.
      fs.writeFileSync(path.join(root, 'pod.yaml'), edit(pod('portz'), 'portz:', 'ports:'));
      await session.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
        changes: [{ uri: uriOf('pod.yaml'), type: FileChangeType.Changed }],
      });
      const second = await held;
      assert.deepEqual(byFile(root, second), [
        { kind: 'full', uri: 'pod.yaml', version: null, resultId: 'w3', items: [] },
        { kind: 'unchanged', uri: 'settings.yaml', version: null, resultId: 'w2' },
      ]);

      // Closed, the open file is the disk's again: the held request reports it.
      const third = pull(session, idsOf(second));
      assert.equal(await stateAfter(third, 500), 'pending');
      await session.close(uriOf('open.yaml'));
      assert.deepEqual(byFile(root, await third), [
        { kind: 'full', uri: 'open.yaml', version: null, resultId: 'w4', items: [unknownPortz] },
        { kind: 'unchanged', uri: 'pod.yaml', version: null, resultId: 'w3' },
        { kind: 'unchanged', uri: 'settings.yaml', version: null, resultId: 'w2' },
      ]);
      assert.equal(
        session.logs.filter((log) => log.message.startsWith('Error while')).length,
        0,
        JSON.stringify(session.logs),
      );
    } finally {
      assert.equal(await session.stop(), 0, session.stderr());
    }
  });

  it('answers a held request that the client cancels with RequestCancelled, and takes the findings away when the setting is turned off', async () => {
    const settings = { diagnostics: { workspace: true } };
    const session = await start(settings);
    try {
      const first = await pull(session, []);
      assert.equal(first.items.length, 3);
      const source = new CancellationTokenSource();
      const held = pull(session, idsOf(first), source);
      assert.equal(await stateAfter(held, 500), 'pending');
      source.cancel();
      const error = await held.then(
        () => undefined,
        (failure: unknown) => failure,
      );
      assert.ok(error instanceof ResponseError, String(error));
      assert.deepEqual(
        [error.code, error.message, error.data],
        [
          LSPErrorCodes.RequestCancelled,
          'The workspace diagnostics request was cancelled.',
          { retriggerRequest: true },
        ],
      );

      // The next request is held again; turning the setting off answers it: nothing to show.
      const next = pull(session, idsOf(first));
      assert.equal(await stateAfter(next, 500), 'pending');
      settings.diagnostics.workspace = false;
      await session.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
      assert.deepEqual(byFile(root, await next), [
        { kind: 'full', uri: 'open.yaml', version: null, resultId: 'cleared', items: [] },
        { kind: 'full', uri: 'pod.yaml', version: null, resultId: 'cleared', items: [] },
        { kind: 'full', uri: 'settings.yaml', version: null, resultId: 'cleared', items: [] },
      ]);
      // Cleared, and still off: held.
      const off = pull(session, idsOf(await next));
      assert.equal(await stateAfter(off, 500), 'pending');
    } finally {
      assert.equal(await session.stop(), 0, session.stderr());
    }
  });

  it('with the setting off (the default), answers the first request with no reports, and holds the next', async () => {
    const session = await start({ diagnostics: { workspace: false } });
    try {
      assert.deepEqual(await pull(session, []), { items: [] });
      assert.equal(await stateAfter(pull(session, []), 500), 'pending');
    } finally {
      assert.equal(await session.stop(), 0, session.stderr());
    }
  });

  it('answers completion in the open file while a large workspace is checked', async () => {
    for (let index = 0; index < 300; index++) {
      fs.writeFileSync(path.join(root, `pod-${index}.yaml`), pod('portz'));
    }
    const session = await start({ diagnostics: { workspace: true } });
    try {
      await session.open(uriOf('open.yaml'), pod('ports'));
      const order: string[] = [];
      const workspace = pull(session, []).then((report) => {
        order.push('workspace');
        return report;
      });
      // The files are checked one per turn of the event loop: the completion is answered in between.
      const completion = session.complete(uriOf('open.yaml'), { line: 7, character: 6 }).then((result) => {
        order.push('completion');
        return result;
      });
      const [report, completed] = await Promise.all([workspace, completion]);
      assert.deepEqual(order, ['completion', 'workspace']);
      assert.ok(completed.labels.includes('env'), completed.labels.join());
      assert.equal(report.items.length, 302);
    } finally {
      assert.equal(await session.stop(), 0, session.stderr());
    }
  });

  it('publishes nothing for the closed files to a client that does not pull', async () => {
    const session = await ServerSession.start({
      rootPath: root,
      settings: { diagnostics: { workspace: true } },
      capabilities: { workspace: { configuration: true } },
    });
    try {
      await session.waitFor(
        () => session.logs.some((log) => log.message.startsWith('Indexed ')),
        'the workspace indexed',
      );
      assert.equal(session.initializeResult?.capabilities.diagnosticProvider, undefined);
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.deepEqual(session.published, []);
    } finally {
      assert.equal(await session.stop(), 0, session.stderr());
    }
  });
});

/** The class alone, on a workspace in memory: what it checks again, and what it leaves running. */
describe('WorkspaceDiagnosticPull (held requests and what is checked again)', () => {
  const settingsOn = layerSettings([{ diagnostics: { workspace: true } }]);
  let texts: Map<string, string>;
  let revision: number;
  let checked: string[];
  let diagnostics: WorkspaceDiagnosticPull;
  const bad = (uri: string): Diagnostic => ({
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } },
    message: `bad in ${uri}`,
  });

  beforeEach(() => {
    texts = new Map([
      ['file:///w/a.yaml', 'bad'],
      ['file:///w/b.yaml', 'good'],
    ]);
    revision = 0;
    checked = [];
    diagnostics = new WorkspaceDiagnosticPull({
      files: () => texts.keys(),
      isOpen: () => false,
      ready: () => true,
      settings: () => Promise.resolve(settingsOn),
      isExcluded: () => false,
      readText: (uri) => Promise.resolve(texts.get(uri)),
      validate: (document) => {
        checked.push(document.uri);
        // As the server's check does: the file's text goes into the index again.
        revision++;
        return document.getText() === 'bad' ? [bad(document.uri)] : [];
      },
      revision: () => revision,
      // The index's entry of a file: a new one each time it is read.
      sourcesOf: (uri) => [texts.get(uri)],
      reportError: (name, uri, error) => assert.fail(`${name} ${uri}: ${String(error)}`),
    });
  });

  /** A change on disk: the index reads the file again. */
  const write = (uri: string, text: string | undefined): void => {
    if (text === undefined) {
      texts.delete(uri);
    } else {
      texts.set(uri, text);
    }
    revision++;
    diagnostics.changed();
  };
  const timers = (): number => process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
  const ids = (report: WorkspaceDiagnosticReport | ResponseError<unknown>): PreviousResultId[] =>
    'items' in report ? report.items.map((item) => ({ uri: item.uri, value: item.resultId! })) : [];

  it('checks a file again only when something changed, and holds the request meanwhile', async () => {
    const token = new CancellationTokenSource().token;
    const first = await diagnostics.answer([], token);
    assert.deepEqual(first, {
      items: [
        {
          kind: 'full',
          uri: 'file:///w/a.yaml',
          version: null,
          resultId: 'w1',
          items: [bad('file:///w/a.yaml')],
        },
        { kind: 'full', uri: 'file:///w/b.yaml', version: null, resultId: 'w2', items: [] },
      ],
    });
    assert.deepEqual(checked, ['file:///w/a.yaml', 'file:///w/b.yaml']);

    const held = diagnostics.answer(ids(first), token);
    assert.equal(await stateAfter(held, 50), 'pending');
    assert.equal(diagnostics.heldRequests, 1);
    // A change that changed nothing: the files are looked at (after the pause), not checked.
    diagnostics.changed();
    assert.equal(await stateAfter(held, workspaceDiagnosticsDelay + 100), 'pending');
    assert.deepEqual(checked, ['file:///w/a.yaml', 'file:///w/b.yaml']);

    // Fixed on disk, with the same names: the index reads it again (a new entry), its revision stays.
    texts.set('file:///w/a.yaml', 'good');
    diagnostics.changed();
    assert.deepEqual(await held, {
      items: [
        { kind: 'full', uri: 'file:///w/a.yaml', version: null, resultId: 'w3', items: [] },
        { kind: 'unchanged', uri: 'file:///w/b.yaml', version: null, resultId: 'w2' },
      ],
    });
    // Only the changed file was checked again.
    assert.deepEqual(checked.slice(2), ['file:///w/a.yaml']);
    assert.equal(diagnostics.heldRequests, 0);

    // A deleted file's findings are taken away, once.
    const afterDelete = diagnostics.answer(ids(await held), token);
    write('file:///w/b.yaml', undefined);
    assert.deepEqual(await afterDelete, {
      items: [
        { kind: 'unchanged', uri: 'file:///w/a.yaml', version: null, resultId: 'w3' },
        { kind: 'full', uri: 'file:///w/b.yaml', version: null, resultId: 'cleared', items: [] },
      ],
    });
    // The index changed (a file is gone): what is left may find otherwise, and is checked again.
    assert.deepEqual(checked.slice(3), ['file:///w/a.yaml']);
  });

  it('answers a held request cancelled by the client with RequestCancelled and leaves no timer running', async () => {
    const first = await diagnostics.answer([], new CancellationTokenSource().token);
    const baseline = timers();
    const source = new CancellationTokenSource();
    const held = diagnostics.answer(ids(first), source.token);
    assert.equal(await stateAfter(held, 50), 'pending');
    assert.equal(timers(), baseline, 'no timer while nothing changes');
    // A change starts the pause before the files are looked at again; cancelled during it.
    diagnostics.changed();
    assert.equal(timers(), baseline + 1);
    source.cancel();
    const answer = await held;
    assert.ok(answer instanceof ResponseError);
    assert.equal(answer.code, LSPErrorCodes.RequestCancelled);
    assert.equal(diagnostics.heldRequests, 0);
    assert.equal(timers(), baseline);
    assert.deepEqual(checked, ['file:///w/a.yaml', 'file:///w/b.yaml']);
  });

  it('answers the held requests with nothing new when the server shuts down', async () => {
    const token = new CancellationTokenSource().token;
    const first = await diagnostics.answer([], token);
    const held = diagnostics.answer(ids(first), token);
    assert.equal(await stateAfter(held, 50), 'pending');
    diagnostics.dispose();
    assert.deepEqual(await held, { items: [] });
    assert.equal(diagnostics.heldRequests, 0);
  });
});

/** What the workspace diagnostics keep a closed file's findings by: the index's revision. */
describe('WorkspaceIndex.revision', () => {
  const uri = 'file:///w/app.yaml';
  const text = (configMapName: string): string =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${configMapName}\ndata:\n  A: b\n---\n${edit(pod('ports'), '      image: nginx:1.27\n', '      image: nginx:1.27\n      envFrom: [{configMapRef: {name: settings}}]\n')}`;

  it('moves when what a file tells the others changes, not when its objects only move in it', () => {
    const index = new WorkspaceIndex();
    const parser = new ManifestParser();
    const put = (content: string): number => {
      index.set(uri, resourcesOf(uri, parser.parse(content), undefined));
      return index.revision;
    };
    const first = put(text('settings'));
    assert.equal(index.get(uri)?.declarations.length, 2);
    assert.equal(index.get(uri)?.references.length, 1);
    // Lines added above every object: each entry is new, with other ranges, and says the same.
    const moved = put(`# the application\n\n${text('settings')}`);
    assert.equal(moved, first);
    assert.deepEqual(index.get(uri)?.declarations[0]?.nameRange.start, { line: 5, character: 8 });
    // A name changed: the other files' references may resolve differently.
    const renamed = put(`# the application\n\n${text('web-settings')}`);
    assert.equal(renamed, first + 1);
    index.delete(uri);
    assert.equal(index.revision, renamed + 1);
  });
});
