import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DefinitionRequest, type Location } from 'vscode-languageserver-protocol/node';
import { withCursor } from '../support/cursor';
import { ServerSession } from '../support/serverSession';
import { textAt } from '../support/service';

/** The position of the first occurrence of `needle` in `text`. */
function positionOf(text: string, needle: string): { line: number; character: number } {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, needle);
  const before = text.slice(0, offset);
  return { line: before.split('\n').length - 1, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** A Helm chart in a workspace folder, over stdio: values completion, definitions into files not open, warnings. */
describe('a Helm chart in the language server', function () {
  this.timeout(60_000);
  let root: string;
  let session: ServerSession;
  const uriOf = (file: string): string => pathToFileURL(path.join(root, file)).href;
  const view = ({ uri, range }: Location): string =>
    `${path.relative(root, new URL(uri).pathname)} ${range.start.line}:${range.start.character}-${range.end.character}`;
  const template = withCursor(
    `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "web.fullname" . }}
spec:
  replicas: {{ .Values.replicas }}
  template:
    spec:
      containers:
        - name: web
          image: {{ .Values.image.| }}
`,
  );

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'podscope-helm-'));
    fs.mkdirSync(path.join(root, 'web', 'templates'), { recursive: true });
    fs.writeFileSync(path.join(root, 'web', 'Chart.yaml'), 'apiVersion: v2\nname: web\nversion: 0.1.0\n');
    fs.writeFileSync(
      path.join(root, 'web', 'values.yaml'),
      'replicaCount: 1\nimage:\n  # -- Where the image comes from\n  repository: nginx\n  tag: "1.27"\n',
    );
    fs.writeFileSync(
      path.join(root, 'web', 'templates', '_helpers.tpl'),
      '{{- define "web.fullname" -}}\n{{ .Release.Name }}\n{{- end }}\n',
    );
    session = await ServerSession.start({
      rootPath: root,
      capabilities: { workspace: { configuration: true } },
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

  it('completes .Values from the values.yaml on disk and goes to a define in a .tpl that is not open', async () => {
    const uri = uriOf('web/templates/deployment.yaml');
    await session.open(uri, template.text);
    const { labels } = await session.complete(uri, template.position);
    assert.deepEqual(labels, ['repository', 'tag']);
    const definition = (await session.connection.sendRequest(DefinitionRequest.type, {
      textDocument: { uri },
      position: positionOf(template.text, 'web.fullname'),
    })) as Location[];
    assert.deepEqual(definition.map(view), ['web/templates/_helpers.tpl 0:12-24']);
    const image = (await session.connection.sendRequest(DefinitionRequest.type, {
      textDocument: { uri },
      position: positionOf(template.text, 'image.'),
    })) as Location[];
    assert.deepEqual(image.map(view), ['web/values.yaml 1:0-5']);
    // `.Values.replicas` is not in values.yaml (it says replicaCount).
    const published = await session.latestPublication(uri, (params) =>
      params.diagnostics.some((diagnostic) => diagnostic.code === 'helm-undefined-value'),
    );
    assert.deepEqual(
      published.diagnostics
        .filter((diagnostic) => diagnostic.code === 'helm-undefined-value')
        .map((diagnostic) => textAt(template.text, diagnostic.range)),
      ['.Values.replicas'],
    );
  });
});
