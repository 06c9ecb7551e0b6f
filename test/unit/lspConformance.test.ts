/**
 * The server as every LSP client meets it, over stdio: odd document URIs, client capabilities
 * (snippets, Markdown, dynamic registration, configuration pulled or pushed), config files
 * edited on disk, the server's commands, and cancellation.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CancellationTokenSource,
  type ClientCapabilities,
  CodeActionRequest,
  CodeLensRequest,
  CompletionRequest,
  DidChangeConfigurationNotification,
  DocumentSymbolRequest,
  ExecuteCommandRequest,
  HoverRequest,
} from 'vscode-languageserver-protocol';
import type {
  CodeAction,
  CompletionItem,
  Diagnostic,
  MarkupContent,
  SymbolInformation,
} from 'vscode-languageserver-types';
import { ServerSession, type SessionOptions } from '../support/serverSession';
import { quietContainerFields } from '../support/podRules';
import { edit } from '../support/fixtureEdit';

type Client = ServerSession;

async function withClient(options: SessionOptions, body: (client: Client) => Promise<void>): Promise<void> {
  const session = await ServerSession.start(options);
  try {
    await body(session);
  } finally {
    const code = await session.stop();
    assert.equal(code, 0, session.stderr());
  }
}

/** The diagnostics last published for a uri, once they satisfy `predicate`. */
async function diagnosticsOf(
  client: Client,
  uri: string,
  predicate: (diagnostics: Diagnostic[]) => boolean = () => true,
): Promise<Diagnostic[]> {
  return (await client.latestPublication(uri, (params) => predicate(params.diagnostics))).diagnostics;
}

async function completionAt(
  client: Client,
  uri: string,
  line: number,
  character: number,
): Promise<CompletionItem[]> {
  const result = await client.connection.sendRequest(CompletionRequest.type, {
    textDocument: { uri },
    position: { line, character },
  });
  return Array.isArray(result) ? result : (result?.items ?? []);
}

const pod = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  restartPolicy: Sometimes
  containers:
    - name: web
      image: nginx:latest
      imagePullPolicy: Always
${quietContainerFields(6)}`;

const codes = (diagnostics: readonly Diagnostic[]): string[] =>
  diagnostics.map((diagnostic) => String(diagnostic.code)).sort();

/** Clients as the editors declare themselves (the parts the server reads). */
const neovim07: ClientCapabilities = {
  textDocument: {
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    completion: { completionItem: { snippetSupport: false, documentationFormat: ['markdown', 'plaintext'] } },
    hover: { contentFormat: ['markdown', 'plaintext'] },
  },
  workspace: { configuration: true },
};
const plainTextClient: ClientCapabilities = {
  textDocument: {
    completion: { completionItem: { snippetSupport: false, documentationFormat: ['plaintext'] } },
    hover: { contentFormat: ['plaintext'] },
  },
};
const vscodeLike: ClientCapabilities = {
  textDocument: {
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
    hover: { contentFormat: ['markdown', 'plaintext'] },
  },
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
  },
  experimental: { podscope: { commands: ['podscope.simulate', 'editor.action.triggerSuggest'] } },
};

describe('LSP conformance: odd URIs, client capabilities, settings, commands', function () {
  this.timeout(60_000);

  it('survives 30+ document URIs that are not plain local paths, checks them, and goes on serving', async () => {
    const uris = [
      'file:///tmp/a%2Fb.yaml',
      'file:///tmp/a%2fb.yaml',
      'file:///tmp/a%5Cb.yaml',
      'file://fileserver/share/pod.yaml',
      'file://localhost/tmp/pod.yaml',
      'file://[::1]/pod.yaml',
      'file:///tmp/bad%E0%A4%A.yaml',
      'file:///tmp/bad%.yaml',
      'file:///tmp/bad%zz.yaml',
      'file:///tmp/%C0%AF.yaml',
      'file:///tmp/%00.yaml',
      'file:///tmp/a%20b%20c.yaml',
      'file:///tmp/%ED%95%9C%EA%B8%80.yaml',
      'file:///tmp/🚀.yaml',
      'file:///C:/Users/me/pod.yaml',
      'file:///c%3A/Users/me/pod.yaml',
      'file:pod.yaml',
      'file:',
      'file:///',
      'file:///tmp/',
      'file://',
      'untitled:Untitled-1',
      'untitled:/Untitled-2',
      'vscode-notebook-cell:/tmp/nb.ipynb#W0sZmlsZQ%3D%3D',
      'vscode-vfs://github/org/repo/pod.yaml',
      'vscode-remote://ssh-remote%2Bhost/home/me/pod.yaml',
      'git:/tmp/pod.yaml?%7B%22ref%22%3A%22HEAD%22%7D',
      'http://example.com/pod.yaml',
      'https://example.com/%E0%A4%A.yaml',
      'inmemory://model/1',
      'zipfile:///tmp/a.zip::pod.yaml',
      'jar:file:///tmp/a.jar!/pod.yaml',
      'not a uri at all',
      '',
      '%%%',
      'file:///tmp/' + 'deep/'.repeat(200) + 'pod.yaml',
    ];
    assert.ok(uris.length >= 30);
    await withClient({ capabilities: vscodeLike, settings: {} }, async (client) => {
      for (const uri of uris) {
        await client.open(uri, pod);
      }
      // Every one of them is still checked (only the config file lookup is skipped).
      for (const uri of uris) {
        assert.deepEqual(codes(await diagnosticsOf(client, uri)), ['image-latest-tag', 'invalid-value'], uri);
      }
      for (const uri of uris) {
        const hover = await client.connection.sendRequest(HoverRequest.type, {
          textDocument: { uri },
          position: { line: 5, character: 4 },
        });
        assert.ok(hover, uri);
      }
      const normal = 'file:///tmp/podscope-normal/pod.yaml';
      await client.open(normal, pod);
      assert.deepEqual(codes(await diagnosticsOf(client, normal)), ['image-latest-tag', 'invalid-value']);
      assert.ok(client.alive, 'the server is alive');
      assert.deepEqual(
        client.logs.filter((log) => /Error while/.test(log.message)),
        [],
      );
    });
  });

  it('without snippet support: plain-text insertions, the same text a snippet leaves', async () => {
    const uri = 'file:///tmp/podscope-snippets/pod.yaml';
    const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      \n`;
    await withClient({ capabilities: neovim07, settings: {} }, async (plain) => {
      await plain.open(uri, text);
      const items = await completionAt(plain, uri, 7, 6);
      assert.ok(items.length > 20);
      for (const item of items) {
        assert.notEqual(item.insertTextFormat, 2, item.label);
        const newText = item.textEdit?.newText ?? item.insertText ?? '';
        assert.doesNotMatch(newText, /\$\d|\$\{/, item.label);
        assert.equal(item.command, undefined, `${item.label} has a client command`);
      }
      const args = items.find((item) => item.label === 'args')!;
      assert.equal(args.textEdit?.newText, 'args:\n        - ');
      const policy = items.find((item) => item.label === 'imagePullPolicy')!;
      assert.equal(policy.textEdit?.newText, 'imagePullPolicy: ');
    });
    await withClient({ capabilities: vscodeLike, settings: {} }, async (snippets) => {
      await snippets.open(uri, text);
      const items = await completionAt(snippets, uri, 7, 6);
      const args = items.find((item) => item.label === 'args')!;
      assert.equal(args.insertTextFormat, 2);
      assert.equal(args.textEdit?.newText, 'args:\n        - $0');
      const policy = items.find((item) => item.label === 'imagePullPolicy')!;
      assert.deepEqual(policy.command, { title: 'Suggest', command: 'editor.action.triggerSuggest' });
    });
  });

  it('Markdown only to clients that accept it: hover and completion documentation', async () => {
    const uri = 'file:///tmp/podscope-markup/pod.yaml';
    const position = { line: 5, character: 4 };
    await withClient({ capabilities: plainTextClient }, async (client) => {
      await client.open(uri, pod);
      const hover = await client.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri },
        position,
      });
      const contents = hover!.contents as MarkupContent;
      assert.equal(contents.kind, 'plaintext');
      assert.match(contents.value, /^pod\.spec\.restartPolicy <string>\n/);
      assert.doesNotMatch(contents.value, /\*\*|`|\]\(/);
      const items = await completionAt(client, uri, 9, 6);
      const documented = items.filter((item) => typeof item.documentation === 'object');
      assert.ok(documented.length > 10);
      for (const item of documented) {
        assert.equal((item.documentation as MarkupContent).kind, 'plaintext');
      }
    });
    await withClient({ capabilities: neovim07, settings: {} }, async (client) => {
      await client.open(uri, pod);
      const hover = await client.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri },
        position,
      });
      const contents = hover!.contents as MarkupContent;
      assert.equal(contents.kind, 'markdown');
      assert.match(contents.value, /^\*\*`pod\.spec\.restartPolicy`\*\* `<string>`\n/);
    });
  });

  it('registers dynamically only what the client offers to take dynamically', async () => {
    await withClient({ capabilities: plainTextClient }, async (client) => {
      await client.open('file:///tmp/podscope-reg/pod.yaml', pod);
      await diagnosticsOf(client, 'file:///tmp/podscope-reg/pod.yaml');
      assert.deepEqual(client.registrations, []);
    });
    await withClient({ capabilities: vscodeLike, settings: {} }, async (client) => {
      await client.waitFor(() => client.registrations.length === 2, 'two registrations');
      assert.deepEqual(
        client.registrations.map((registration): unknown[] => [
          registration.method,
          registration.registerOptions,
        ]),
        [
          ['workspace/didChangeConfiguration', { section: 'podscope' }],
          [
            'workspace/didChangeWatchedFiles',
            {
              watchers: [
                { globPattern: '**/{.podscope.yaml,kustomization.yaml,kustomization.yml,Kustomization}' },
                // The workspace index follows the manifests on disk.
                { globPattern: '**/*.{yaml,yml}' },
                // And a Helm chart's values schema and named templates.
                { globPattern: '**/{values.schema.json,templates/*.tpl}' },
              ],
            },
          ],
        ],
      );
    });
  });

  it('uses settings pushed with didChangeConfiguration by a client without workspace/configuration', async () => {
    const uri = 'file:///tmp/podscope-push/pod.yaml';
    await withClient({ capabilities: plainTextClient }, async (client) => {
      await client.open(uri, pod);
      assert.deepEqual(codes(await diagnosticsOf(client, uri)), ['image-latest-tag', 'invalid-value']);
      await client.connection.sendNotification(DidChangeConfigurationNotification.type, {
        settings: { podscope: { rules: { 'image-latest-tag': 'off' } } },
      });
      assert.deepEqual(codes(await diagnosticsOf(client, uri, (diagnostics) => diagnostics.length === 1)), [
        'invalid-value',
      ]);
      // Other tools' sections are not ours.
      await client.connection.sendNotification(DidChangeConfigurationNotification.type, {
        settings: { yaml: { validate: false } },
      });
      assert.deepEqual(codes(await diagnosticsOf(client, uri, (diagnostics) => diagnostics.length === 2)), [
        'image-latest-tag',
        'invalid-value',
      ]);
    });
  });

  it('leaves excluded files alone in every feature: no diagnostics, lens, symbols, hover or completion', async () => {
    const uri = 'file:///tmp/podscope-excluded/gen/pod.yaml';
    await withClient({ capabilities: neovim07, settings: { exclude: ['**/gen/**'] } }, async (client) => {
      await client.open(uri, pod);
      assert.deepEqual(await diagnosticsOf(client, uri), []);
      const connection = client.connection;
      assert.deepEqual(await connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } }), []);
      assert.deepEqual(
        await connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }),
        [],
      );
      assert.equal(
        await connection.sendRequest(HoverRequest.type, {
          textDocument: { uri },
          position: { line: 5, character: 4 },
        }),
        null,
      );
      assert.deepEqual(await completionAt(client, uri, 9, 6), []);
    });
  });

  it('applies an edited .podscope.yaml at once, also for clients that watch no files', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'podscope-watch-'));
    try {
      fs.mkdirSync(path.join(folder, '.git'));
      fs.mkdirSync(path.join(folder, 'deploy'));
      const file = path.join(folder, 'deploy', 'pod.yaml');
      fs.writeFileSync(file, pod);
      const uri = pathToFileURL(file).href;
      await withClient({ capabilities: neovim07, settings: {} }, async (client) => {
        await client.open(uri, pod);
        assert.deepEqual(codes(await diagnosticsOf(client, uri)), ['image-latest-tag', 'invalid-value']);
        fs.writeFileSync(path.join(folder, '.podscope.yaml'), 'rules:\n  image-latest-tag: off\n');
        assert.deepEqual(codes(await diagnosticsOf(client, uri, (diagnostics) => diagnostics.length === 1)), [
          'invalid-value',
        ]);
        fs.writeFileSync(path.join(folder, '.podscope.yaml'), 'rules:\n  image-latest-tag: error\n');
        const diagnostics = await diagnosticsOf(client, uri, (found) => found.length === 2);
        assert.equal(diagnostics.find((diagnostic) => diagnostic.code === 'image-latest-tag')?.severity, 1);
      });
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('commands: the simulator lens runs in any editor; client commands go only to the client that has them', async () => {
    const uri = 'file:///tmp/podscope-lens/pod.yaml';
    const healthy = edit(edit(pod, 'Sometimes', 'Always'), 'nginx:latest', 'nginx:1.27');
    await withClient({ capabilities: neovim07, settings: {} }, async (client) => {
      assert.deepEqual(client.initializeResult?.capabilities.executeCommandProvider, {
        commands: ['podscope.simulateTimeline'],
      });
      await client.open(uri, healthy);
      const lenses = await client.connection.sendRequest(CodeLensRequest.type, {
        textDocument: { uri },
      });
      assert.deepEqual(
        lenses?.map((lens) => lens.command),
        [{ title: '▶ Simulate (text timeline)', command: 'podscope.simulateTimeline', arguments: [uri, 0] }],
      );
      const result = (await client.connection.sendRequest(
        ExecuteCommandRequest.type,
        lenses[0]!.command!,
      )) as {
        text: string;
      };
      assert.match(
        result.text,
        /^Pod default\/web on node-1, restartPolicy Always, simulated for 10m\n\nNAME +READY +STATUS +RESTARTS +AGE\nweb +0\/1 +Pending +0 +0s\n/,
      );
      assert.match(
        result.text,
        /\nweb +1\/1 +Running +0 +\d+s\n\nFinal \(at 10m\): phase Running, status Running, 1\/1 ready, 0 restarts\nConditions:\n(?: {2}\w+ +\w+.*\n){6}$/,
      );
      await client.waitFor(() => client.messages.length === 1, 'the timeline shown');
      assert.equal(client.messages[0]?.message, `Simulated Pod web:\n${result.text}`);
      const unknown = await client.connection
        .sendRequest(ExecuteCommandRequest.type, { command: 'podscope.nope', arguments: [] })
        .then(
          () => undefined,
          (error: { code: number }) => error.code,
        );
      assert.equal(unknown, -32602);
    });
    await withClient({ capabilities: vscodeLike, settings: {} }, async (client) => {
      await client.open(uri, healthy);
      const lenses = await client.connection.sendRequest(CodeLensRequest.type, {
        textDocument: { uri },
      });
      assert.deepEqual(
        lenses?.map((lens) => lens.command),
        [{ title: '▶ Simulate', command: 'podscope.simulate', arguments: [uri, 0] }],
      );
    });
  });

  it('a client without DocumentSymbol trees gets the flat list; one without CodeAction literals gets no quick fix', async () => {
    const uri = 'file:///tmp/podscope-old-client/pod.yaml';
    await withClient({ capabilities: {} }, async (client) => {
      assert.equal(client.initializeResult?.capabilities.codeActionProvider, true);
      await client.open(uri, pod);
      const diagnostics = await diagnosticsOf(client, uri, (found) => found.length > 0);
      const symbols = await client.connection.sendRequest(DocumentSymbolRequest.type, {
        textDocument: { uri },
      });
      const flat = (symbols ?? []) as SymbolInformation[];
      assert.deepEqual(
        flat.map((symbol): unknown[] => [symbol.name, symbol.location.uri, symbol.containerName]),
        [
          ['Pod web', uri, undefined],
          ['web', uri, 'Pod web'],
        ],
      );
      const actions = await client.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range: diagnostics[0]!.range,
        context: { diagnostics },
      });
      assert.deepEqual(actions, []);
    });
    await withClient({ capabilities: neovim07, settings: {} }, async (client) => {
      assert.deepEqual(client.initializeResult?.capabilities.codeActionProvider, {
        codeActionKinds: ['quickfix'],
      });
      await client.open(uri, pod);
      await diagnosticsOf(client, uri, (found) => found.length > 0);
      const symbols = await client.connection.sendRequest(DocumentSymbolRequest.type, {
        textDocument: { uri },
      });
      assert.deepEqual(
        symbols?.map((symbol) => [
          'children' in symbol ? symbol.children?.map((child) => child.name) : undefined,
        ]),
        [[['web']]],
      );
    });
  });

  it('publishes diagnostics without fix data, and the quick fixes come for what the client sends back', async () => {
    const uri = 'file:///tmp/podscope-fix-data/pod.yaml';
    await withClient({ capabilities: vscodeLike, settings: {} }, async (client) => {
      await client.open(uri, pod);
      const diagnostics = await diagnosticsOf(client, uri, (found) => found.length > 0);
      assert.deepEqual(
        diagnostics.filter((diagnostic) => 'data' in diagnostic),
        [],
      );
      const titles: string[] = [];
      for (const diagnostic of diagnostics) {
        const actions = await client.connection.sendRequest(CodeActionRequest.type, {
          textDocument: { uri },
          range: diagnostic.range,
          context: { diagnostics: [diagnostic] },
        });
        for (const action of (actions ?? []) as CodeAction[]) {
          assert.ok(action.edit?.changes?.[uri]?.length, action.title);
          titles.push(action.title);
        }
      }
      // restartPolicy: Sometimes — the fixes come from the server's own finding, with its data.
      assert.deepEqual(titles, ['Change to Always', 'Change to Never', 'Change to OnFailure']);
    });
  });

  it('a request cancelled while it waits is answered with RequestCancelled (-32800)', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const uri = 'file:///tmp/podscope-cancel/pod.yaml';
    await withClient(
      {
        capabilities: {
          workspace: { configuration: true },
          textDocument: {
            codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
          },
        },
        settings: {},
        configurationGate: gate,
      },
      async (client) => {
        await client.open(uri, pod);
        const source = new CancellationTokenSource();
        const symbols = client.connection.sendRequest(
          DocumentSymbolRequest.type,
          { textDocument: { uri } },
          source.token,
        );
        // The server waits for the settings of the file; cancel meanwhile, then let it go on.
        await new Promise((resolve) => setTimeout(resolve, 200));
        source.cancel();
        await new Promise((resolve) => setTimeout(resolve, 200));
        release();
        const code = await symbols.then(
          () => 'answered',
          (error: { code: number }) => error.code,
        );
        assert.equal(code, -32800);
        // The next request is answered in full.
        const actions = await client.connection.sendRequest(CodeActionRequest.type, {
          textDocument: { uri },
          range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } },
          context: { diagnostics: await diagnosticsOf(client, uri) },
        });
        assert.deepEqual(
          actions?.map((action) => action.title),
          ['Change to Always', 'Change to Never', 'Change to OnFailure'],
        );
      },
    );
  });
});
