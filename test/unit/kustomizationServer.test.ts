import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DefinitionRequest,
  type DocumentLink,
  DocumentLinkRequest,
  type Location,
} from 'vscode-languageserver-protocol/node';
import { ServerSession } from '../support/serverSession';

/** The language server over stdio on a base and an overlay: a kustomization's paths, on the real disk. */
describe('kustomization paths in the language server', function () {
  this.timeout(60_000);
  let root: string;
  let session: ServerSession;
  const uriOf = (file: string): string => pathToFileURL(path.join(root, file)).href;
  const overlay = 'resources:\n  - ../base\n  - missing.yaml\npatches:\n  - path: replicas.yaml\n';

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'podscope-kustomization-'));
    fs.mkdirSync(path.join(root, 'base'));
    fs.mkdirSync(path.join(root, 'overlay'));
    fs.writeFileSync(path.join(root, 'base', 'kustomization.yaml'), 'resources: []\n');
    fs.writeFileSync(path.join(root, 'overlay', 'replicas.yaml'), 'apiVersion: apps/v1\nkind: Deployment\n');
    fs.writeFileSync(path.join(root, 'overlay', 'kustomization.yaml'), overlay);
    session = await ServerSession.start({ rootPath: root });
  });
  after(async () => {
    await session.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('reports the missing path, links the others, and goes to a folder’s kustomization', async () => {
    const uri = uriOf('overlay/kustomization.yaml');
    await session.open(uri, overlay);
    const published = await session.publication(uri);
    assert.deepEqual(
      published.diagnostics.map(
        ({ code, range }) => `${String(code)} ${range.start.line}:${range.start.character}`,
      ),
      ['kustomization-path-not-found 2:4'],
    );
    const links = (await session.connection.sendRequest(DocumentLinkRequest.type, {
      textDocument: { uri },
    })) as DocumentLink[];
    assert.deepEqual(
      links.map(({ range, target }) => `${range.start.line}:${range.start.character} ${target}`),
      [`1:4 ${uriOf('base/kustomization.yaml')}`, `4:10 ${uriOf('overlay/replicas.yaml')}`],
    );
    const definition = (await session.connection.sendRequest(DefinitionRequest.type, {
      textDocument: { uri },
      position: { line: 1, character: 6 },
    })) as Location[];
    assert.deepEqual(
      definition.map((location) => location.uri),
      [uriOf('base/kustomization.yaml')],
    );
  });
});
