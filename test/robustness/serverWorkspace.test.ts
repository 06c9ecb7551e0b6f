/**
 * Files that are not plain Kubernetes manifests, through the real server process, in a real
 * folder: Helm templates, Kustomize patches, a custom resource, and YAML that is not Kubernetes.
 * The whole session runs with the temporary workspace as the server's working folder, and
 * nothing in it may change.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { withCursors } from './robustnessSupport';
import { ServerSession } from '../support/serverSession';
import {
  customResource,
  helmChart,
  kustomizeFolder,
  notKubernetes,
  snapshotFolder,
  writeWorkspace,
} from './workspaceFixtures';

const view = (text: string, diagnostics: readonly Diagnostic[]): string[] => {
  const lines = text.split('\n');
  return diagnostics.map(
    (diagnostic) => `${String(diagnostic.code)}: ${lines[diagnostic.range.start.line]!.trim()}`,
  );
};

describe('Helm, Kustomize, custom resources and other YAML through the server process', function () {
  this.timeout(120_000);
  let root: string;
  let session: ServerSession;
  let initial: Record<string, string>;

  const uriOf = (relative: string): string => pathToFileURL(path.join(root, relative)).href;

  /** Opens a workspace file as the editor would (its text from disk) and returns its diagnostics. */
  async function openFile(relative: string): Promise<{ text: string; diagnostics: Diagnostic[] }> {
    const text = fs.readFileSync(path.join(root, relative), 'utf8');
    await session.open(uriOf(relative), text);
    return { text, diagnostics: (await session.publication(uriOf(relative), 1)).diagnostics };
  }

  before(async () => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'podscope-workspace-')));
    fs.mkdirSync(path.join(root, '.git'));
    writeWorkspace(root, { ...helmChart, ...kustomizeFolder, ...customResource, ...notKubernetes });
    initial = snapshotFolder(root);
    session = await ServerSession.start({ cwd: root, rootPath: root });
  });

  after(async () => {
    if (session.alive) {
      assert.equal(await session.stop(), 0, session.stderr());
    }
    // Nothing the server did (parse, validate, complete, read kustomizations) wrote a byte.
    assert.deepEqual(snapshotFolder(root), initial, 'the workspace is unchanged');
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('Helm chart: nothing on template lines, nothing about what templates leave out', async () => {
    const findings: Record<string, string[]> = {};
    for (const relative of Object.keys(helmChart)) {
      const { text, diagnostics } = await openFile(relative);
      findings[relative] = view(text, diagnostics);
    }
    assert.deepEqual(findings, {
      'chart/Chart.yaml': [],
      'chart/values.yaml': [],
      'chart/templates/deployment.yaml': [],
      'chart/templates/service.yaml': [],
      'chart/templates/serviceaccount.yaml': [],
      'chart/templates/hpa.yaml': [],
      'chart/templates/ingress.yaml': [],
      // The default chart's test pod does run busybox without a tag: a true finding.
      'chart/templates/tests/test-connection.yaml': ['image-latest-tag: image: busybox'],
    });
  });

  it('Helm chart: completion and hover still work around the templates', async () => {
    const relative = 'chart/templates/deployment.yaml';
    const hoverAt = withCursors(helmChart[relative]!.replace('imagePullPolicy:', 'imagePull§Policy:'));
    const hover = await session.hover(uriOf(relative), hoverAt.positions[0]!);
    assert.match(
      hover.text ?? '',
      /^\*\*`deployment\.spec\.template\.spec\.containers\.imagePullPolicy`\*\*/,
    );
    const typing = withCursors(
      helmChart[relative]!.replace(
        '          imagePullPolicy:',
        '          startup§\n          imagePullPolicy:',
      ),
    );
    await session.change(uriOf(relative), 2, [{ text: typing.text }]);
    const completion = await session.complete(uriOf(relative), typing.positions[0]!);
    assert.ok(completion.labels.includes('startupProbe'), completion.labels.join(', '));
  });

  it('Kustomize: patches get no findings about absent fields; their own mistakes are still found', async () => {
    const findings: Record<string, string[]> = {};
    for (const relative of Object.keys(kustomizeFolder)) {
      const { text, diagnostics } = await openFile(relative);
      findings[relative] = view(text, diagnostics);
    }
    const codes = Object.values(findings).flat();
    assert.ok(!codes.some((finding) => finding.startsWith('missing-required')), codes.join('\n'));
    assert.deepEqual(findings['kustomize/overlays/prod/replicas.yaml'], []);
    assert.deepEqual(findings['kustomize/overlays/prod/resources.yaml'], []);
    assert.deepEqual(findings['kustomize/overlays/prod/probes.yaml'], [
      'invalid-value: imagePullPolicy: Sometimes',
    ]);
    // The kustomization's own fields are checked now: its deprecated field is a hint, nothing more.
    assert.deepEqual(findings['kustomize/overlays/prod/kustomization.yaml'], [
      'kustomization-deprecated-field: patchesStrategicMerge:',
    ]);
  });

  it('a custom resource: no schema errors; hover and completion for metadata', async () => {
    const relative = 'crd/crontab.yaml';
    const { diagnostics } = await openFile(relative);
    assert.deepEqual(diagnostics, []);
    const hoverAt = withCursors(customResource[relative]!.replace('  labels:', '  lab§els:'));
    const hover = await session.hover(uriOf(relative), hoverAt.positions[0]!);
    assert.match(hover.text ?? '', /^\*\*`crontab\.metadata\.labels`\*\* `<map\[string\]string>`/);
    const typing = withCursors(
      customResource[relative]!.replace(
        '  name: my-new-cron-object\n',
        '  name: my-new-cron-object\n  ann§\n',
      ),
    );
    await session.change(uriOf(relative), 2, [{ text: typing.text }]);
    const completion = await session.complete(uriOf(relative), typing.positions[0]!);
    assert.ok(completion.labels.includes('annotations'), completion.labels.join(', '));
    // The half-typed key is a YAML error; nothing is said about spec, whose schema is not ours.
    const published = await session.publication(uriOf(relative), 2);
    assert.deepEqual(view(typing.text, published.diagnostics), ['yaml-syntax: ann']);
  });

  it('GitHub Actions, docker-compose and OpenAPI files: an empty publication, no hover, no completion', async () => {
    for (const relative of Object.keys(notKubernetes)) {
      const { diagnostics } = await openFile(relative);
      assert.deepEqual(diagnostics, [], relative);
      const uri = uriOf(relative);
      assert.deepEqual(
        session.publicationsFor(uri).map((params) => params.diagnostics),
        [[]],
        `${relative}: one empty publication`,
      );
      // Hover and completion have nothing to offer anywhere in them, a new top-level key included.
      const lines = notKubernetes[relative]!.split('\n');
      for (let line = 0; line < lines.length; line += 3) {
        const position = { line, character: lines[line]!.search(/\S|$/) };
        assert.equal((await session.hover(uri, position)).text, undefined, `${relative}:${line + 1}`);
        assert.deepEqual((await session.complete(uri, position)).labels, [], `${relative}:${line + 1}`);
      }
      const end = { line: lines.length - 1, character: 0 };
      assert.deepEqual((await session.complete(uri, end)).labels, [], `${relative}: a new top-level key`);
    }
  });

  it('logs no error, and the process is alive', () => {
    assert.ok(session.alive);
    assert.deepEqual(
      session.logs.filter((log) => log.type === 1).map((log) => log.message),
      [],
    );
  });
});
