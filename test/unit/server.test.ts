import * as assert from 'node:assert/strict';
import {
  CompletionRequest,
  DidCloseTextDocumentNotification,
  HoverRequest,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol';
import { ServerSession } from '../support/serverSession';
import { quietContainerFields } from '../support/podRules';

const podUri = 'file:///work/pod.yaml';
/** A pod that is clean but for `field` (misspell it for one finding); quiet for the pod rules. */
const pod = (field: string): string =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n      ${field}:\n        - containerPort: 80\n${quietContainerFields(6)}`;

/** The test client: the one LSP harness, with the publication waits these tests read best with. */
class TestClient {
  constructor(readonly session: ServerSession) {}

  get published(): PublishDiagnosticsParams[] {
    return this.session.published;
  }

  get logs(): string[] {
    return this.session.logs.map((log) => log.message);
  }

  get server(): ServerSession {
    return this.session;
  }

  /** Resolves with the first publication (past or future) that matches. */
  waitFor(predicate: (params: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams> {
    return this.session.publicationMatching(predicate);
  }

  open(uri: string, text: string): Promise<void> {
    return this.session.open(uri, text);
  }

  change(uri: string, version: number, text: string): Promise<void> {
    return this.session.change(uri, version, [{ text }]);
  }
}

async function withClient(settings: unknown, body: (client: TestClient) => Promise<void>): Promise<void> {
  const session = await ServerSession.start({ settings });
  const client = new TestClient(session);
  try {
    await body(client);
  } finally {
    const code = await session.stop();
    assert.equal(code, 0, session.stderr());
  }
}

describe('language server over stdio', function () {
  this.timeout(60_000);

  it('publishes diagnostics with the document version, and logs the catalog load', async () => {
    await withClient({}, async (client) => {
      await client.open(podUri, pod('poarts'));
      const published = await client.waitFor((params) => params.uri === podUri);
      assert.equal(published.version, 1);
      assert.deepEqual(
        published.diagnostics.map((diagnostic) => [
          diagnostic.code,
          diagnostic.message,
          diagnostic.range.start.line,
        ]),
        [['unknown-field', 'Unknown field "poarts" in Container; did you mean "ports"?', 8]],
      );
      assert.ok(
        client.logs.some((message) =>
          /^Loaded the Kubernetes catalog \(kubernetes-models@5\.1\.0, \d+ kinds\) in [\d.]+ ms$/.test(
            message,
          ),
        ),
      );
    });
  });

  it('publishes again for every new version, even when nothing changed', async () => {
    await withClient({}, async (client) => {
      await client.open(podUri, pod('ports'));
      await client.waitFor((params) => params.version === 1);
      await client.change(podUri, 2, pod('ports'));
      const second = await client.waitFor((params) => params.version === 2);
      assert.deepEqual(second.diagnostics, []);
    });
  });

  it('publishes a burst of edits once, for the latest version', async () => {
    await withClient({}, async (client) => {
      await client.open(podUri, pod('ports'));
      await client.waitFor((params) => params.version === 1);
      const edits = [2, 3, 4, 5, 6].map((version) =>
        client.change(podUri, version, pod(version % 2 ? 'poarts' : 'ports')),
      );
      await Promise.all(edits);
      const last = await client.waitFor((params) => params.version === 6);
      assert.deepEqual(last.diagnostics, []);
      assert.deepEqual(
        client.published.map((params) => params.version),
        [1, 6],
      );
    });
  });

  it('publishes empty diagnostics for a file that is not Kubernetes, and on close', async () => {
    await withClient({}, async (client) => {
      const uri = 'file:///work/compose.yaml';
      await client.open(uri, 'services:\n  web:\n    image: nginx\n    ports: ["80:80"\n');
      const published = await client.waitFor((params) => params.uri === uri);
      assert.deepEqual(published.diagnostics, []);
      await client.open(podUri, pod('poarts'));
      await client.waitFor((params) => params.uri === podUri && params.diagnostics.length === 1);
      await client.server.connection.sendNotification(DidCloseTextDocumentNotification.type, {
        textDocument: { uri: podUri },
      });
      await client.waitFor(
        (params) => params.uri === podUri && params.version === undefined && params.diagnostics.length === 0,
      );
    });
  });

  it('honours settings pulled per file, and falls back to defaults for malformed ones', async () => {
    await withClient({ validate: { enable: false } }, async (client) => {
      await client.open(podUri, pod('poarts'));
      assert.deepEqual((await client.waitFor((params) => params.uri === podUri)).diagnostics, []);
    });
    await withClient({ validate: 'yes please', rules: 7, exclude: [3] }, async (client) => {
      await client.open(podUri, pod('poarts'));
      assert.equal((await client.waitFor((params) => params.uri === podUri)).diagnostics.length, 1);
    });
    await withClient({ exclude: ['**/pod.yaml'] }, async (client) => {
      await client.open(podUri, pod('poarts'));
      assert.deepEqual((await client.waitFor((params) => params.uri === podUri)).diagnostics, []);
    });
  });

  it('answers completion and hover', async () => {
    await withClient({}, async (client) => {
      const text = pod('ports');
      await client.open(podUri, text);
      const completion = await client.server.connection.sendRequest(CompletionRequest.type, {
        textDocument: { uri: podUri },
        position: { line: 7, character: 6 },
      });
      const labels = (Array.isArray(completion) ? completion : (completion?.items ?? [])).map(
        (item) => item.label,
      );
      assert.ok(labels.includes('startupProbe'));
      assert.ok(!labels.includes('name'));
      const hoverResult = await client.server.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri: podUri },
        position: { line: 8, character: 8 },
      });
      const contents = hoverResult?.contents as { value: string } | undefined;
      assert.ok(contents?.value.startsWith('**`pod.spec.containers.ports`** `<[]ContainerPort>`'));
    });
  });
});
