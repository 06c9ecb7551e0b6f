import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type ClientCapabilities,
  type CodeAction,
  CodeActionRequest,
  DefinitionRequest,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  type Location,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  type SymbolInformation,
  type WorkspaceEdit,
  WorkspaceSymbolRequest,
} from 'vscode-languageserver-protocol/node';
import { ServerSession } from '../support/serverSession';

/** The language server over stdio on a workspace folder: indexing, navigation and rename across files. */
describe('the workspace in the language server', function () {
  this.timeout(60_000);
  let root: string;
  let session: ServerSession;
  const uriOf = (file: string): string => pathToFileURL(path.join(root, file)).href;
  const configMap = (name: string): string =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  A: b\n`;
  const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:1.27
          envFrom:
            - configMapRef:
                name: settings
`;
  const at = { line: 16, character: 24 };
  const view = ({ uri, range }: Location): string =>
    `${path.relative(root, new URL(uri).pathname)} ${range.start.line}:${range.start.character}-${range.end.character}`;

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'podscope-workspace-'));
    fs.mkdirSync(path.join(root, 'config'));
    fs.mkdirSync(path.join(root, 'node_modules', 'dep'), { recursive: true });
    fs.writeFileSync(path.join(root, 'config', 'settings.yaml'), configMap('settings'));
    // Not indexed: a dependency's files.
    fs.writeFileSync(path.join(root, 'node_modules', 'dep', 'settings.yaml'), configMap('settings'));
    fs.writeFileSync(path.join(root, 'deployment.yaml'), deployment);
    fs.writeFileSync(path.join(root, 'notes.yaml'), 'just: yaml\n');
    // Excluded by the user's podscope.exclude: not indexed either.
    fs.mkdirSync(path.join(root, 'generated'));
    fs.writeFileSync(path.join(root, 'generated', 'hidden.yaml'), configMap('hidden'));
    session = await ServerSession.start({
      rootPath: root,
      settings: { exclude: ['**/generated/**'] },
      capabilities: {
        window: { workDoneProgress: true },
        textDocument: { rename: { prepareSupport: true } },
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } },
      },
    });
    await session.waitFor(
      () => session.logs.some((log) => log.message.startsWith('Indexed ')),
      'the workspace indexed',
    );
  });
  after(async () => {
    await session.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('indexes the folder in the background, with progress', () => {
    assert.match(
      session.logs.find((log) => log.message.startsWith('Indexed '))!.message,
      /^Indexed 4 YAML files of the workspace \(2 with manifests\) in \d+ ms$/,
    );
    assert.deepEqual(session.progress, [
      { kind: 'begin', title: 'Podscope', percentage: 0, message: 'Indexing manifests', cancellable: false },
      { kind: 'report', percentage: 100, message: 'Indexing manifests 4/4' },
      { kind: 'end' },
    ]);
  });

  it("leaves out what the user's podscope.exclude excludes", async () => {
    const symbols = (await session.connection.sendRequest(WorkspaceSymbolRequest.type, {
      query: 'hidden',
    })) as SymbolInformation[];
    assert.deepEqual(symbols, []);
  });

  it('goes to a ConfigMap in a file that is not open, and finds its references from there', async () => {
    await session.open(uriOf('deployment.yaml'), deployment);
    const definition = await session.connection.sendRequest(DefinitionRequest.type, {
      textDocument: { uri: uriOf('deployment.yaml') },
      position: at,
    });
    assert.deepEqual((definition as Location[]).map(view), ['config/settings.yaml 3:8-16']);
    const references = await session.connection.sendRequest(ReferencesRequest.type, {
      textDocument: { uri: uriOf('deployment.yaml') },
      position: at,
      context: { includeDeclaration: true },
    });
    assert.deepEqual(references!.map(view), ['config/settings.yaml 3:8-16', 'deployment.yaml 16:22-30']);
    const symbols = (await session.connection.sendRequest(WorkspaceSymbolRequest.type, {
      query: 'configmap sett',
    })) as SymbolInformation[];
    assert.deepEqual(
      symbols.map((symbol) => `${symbol.name} ${view(symbol.location)}`),
      ['ConfigMap settings config/settings.yaml 3:8-16'],
    );
  });

  it('renames across files, against the text the editor has, and refuses a name the API server rejects', async () => {
    // An unsaved edit moves the reference down a line: the rename's edit follows the editor's text.
    await session.change(uriOf('deployment.yaml'), 2, [{ text: `# edited\n${deployment}` }]);
    const moved = { line: at.line + 1, character: at.character };
    const prepared = await session.connection.sendRequest(PrepareRenameRequest.type, {
      textDocument: { uri: uriOf('deployment.yaml') },
      position: moved,
    });
    assert.deepEqual(prepared, {
      range: { start: { line: 17, character: 22 }, end: { line: 17, character: 30 } },
      placeholder: 'settings',
    });
    const edit = (await session.connection.sendRequest(RenameRequest.type, {
      textDocument: { uri: uriOf('deployment.yaml') },
      position: moved,
      newName: 'web-settings',
    })) as WorkspaceEdit;
    assert.deepEqual(edit.changes, {
      [uriOf('config/settings.yaml')]: [
        {
          range: { start: { line: 3, character: 8 }, end: { line: 3, character: 16 } },
          newText: 'web-settings',
        },
      ],
      [uriOf('deployment.yaml')]: [
        {
          range: { start: { line: 17, character: 22 }, end: { line: 17, character: 30 } },
          newText: 'web-settings',
        },
      ],
    });
    await assert.rejects(
      session.connection.sendRequest(RenameRequest.type, {
        textDocument: { uri: uriOf('deployment.yaml') },
        position: moved,
        newName: 'Not_Valid',
      }),
      /"Not_Valid" is not a valid ConfigMap name/,
    );
  });

  it('follows the files on disk', async () => {
    fs.writeFileSync(path.join(root, 'config', 'settings.yaml'), `# moved\n${configMap('settings')}`);
    await session.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: uriOf('config/settings.yaml'), type: FileChangeType.Changed }],
    });
    const definition = async (): Promise<string[]> =>
      (
        (await session.connection.sendRequest(DefinitionRequest.type, {
          textDocument: { uri: uriOf('deployment.yaml') },
          position: { line: at.line + 1, character: at.character },
        })) as Location[]
      ).map(view);
    const deadline = Date.now() + 10_000;
    while ((await definition())[0] !== 'config/settings.yaml 4:8-16' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.deepEqual(await definition(), ['config/settings.yaml 4:8-16']);
    fs.rmSync(path.join(root, 'config', 'settings.yaml'));
    await session.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: uriOf('config/settings.yaml'), type: FileChangeType.Deleted }],
    });
    while ((await definition()).length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.deepEqual(await definition(), []);
  });
});

/** The quick fixes of reference-not-found over stdio: the new file only for a client that can create it. */
describe('the quick fixes for a missing object in the language server', function () {
  this.timeout(60_000);
  let root: string;
  const app = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  A: b
---
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  volumes:
    - name: config
      configMap: { name: setings }
  containers:
    - name: web
      image: nginx:1.27
`;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'podscope-createfix-'));
    fs.writeFileSync(path.join(root, 'app.yaml'), app);
    // Taken on disk: the new file gets the kind in its name.
    fs.writeFileSync(path.join(root, 'setings.yaml'), 'just: yaml\n');
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  const titlesFor = async (
    capabilities: ClientCapabilities,
  ): Promise<{ titles: string[]; create: unknown }> => {
    const session = await ServerSession.start({ rootPath: root, capabilities });
    try {
      await session.waitFor(
        () => session.logs.some((log) => log.message.startsWith('Indexed ')),
        'the workspace indexed',
      );
      const uri = pathToFileURL(path.join(root, 'app.yaml')).href;
      await session.open(uri, app);
      const published = await session.latestPublication(uri, (params) =>
        params.diagnostics.some((d) => d.code === 'reference-not-found'),
      );
      const diagnostics = published.diagnostics.filter((d) => d.code === 'reference-not-found');
      const actions = (await session.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range: diagnostics[0]!.range,
        context: { diagnostics },
      })) as CodeAction[];
      return {
        titles: actions.map((action) => action.title),
        create: actions[1]?.edit?.documentChanges?.[0],
      };
    } finally {
      await session.stop();
    }
  };
  const literals = { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } };

  it('offers the new file beside the referring one, never over a file on disk', async () => {
    const { titles, create } = await titlesFor({
      textDocument: { codeAction: literals },
      workspace: { workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } },
    });
    assert.deepEqual(titles, [
      'Change to "settings"',
      'Create ConfigMap "setings" in setings-configmap.yaml',
    ]);
    assert.deepEqual(create, {
      kind: 'create',
      uri: pathToFileURL(path.join(root, 'setings-configmap.yaml')).href,
      options: { overwrite: false, ignoreIfExists: true },
    });
  });

  it('offers only the change in place to a client that cannot create files', async () => {
    const { titles } = await titlesFor({ textDocument: { codeAction: literals } });
    assert.deepEqual(titles, ['Change to "settings"']);
  });
});
