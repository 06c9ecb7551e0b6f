/**
 * Custom resources in the language server over stdio: the workspace's CRDs are indexed from the
 * disk, listed by `podscope/customResources`, and an edit of a CRD in one open document has the
 * custom resources of the other open documents checked again at once.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CustomResourcesRequest } from '../../server/src/protocol/customMessages';
import { repoRoot } from '../support/paths';
import { ServerSession } from '../support/serverSession';

describe('custom resources in the language server', function () {
  this.timeout(60_000);
  let root: string;
  let session: ServerSession;
  const crdText = fs.readFileSync(path.join(repoRoot, 'test/fixtures/customResources/widgets.yaml'), 'utf8');
  const uriOf = (file: string): string => pathToFileURL(path.join(root, file)).href;
  // `shine` is not in the CRD's schema until the test adds it.
  const widget =
    'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w1\nspec:\n  size: 2\n  shine: true\n  \n';

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'podscope-crd-server-'));
    fs.mkdirSync(path.join(root, 'crds'));
    fs.writeFileSync(path.join(root, 'crds', 'widgets.yaml'), crdText);
    fs.writeFileSync(path.join(root, 'widget.yaml'), widget);
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

  it('lists the kinds of the CRDs on disk with their file and line', async () => {
    const entries = await session.connection.sendRequest(CustomResourcesRequest.type, {});
    // The bundled pack's kinds follow when the build has made it (dist/customResources).
    const bundled = entries.filter((entry) => entry.source.kind === 'bundled');
    assert.ok(
      bundled.length === 0 || bundled.some((entry) => entry.kind === 'Certificate'),
      JSON.stringify(bundled.slice(0, 3)),
    );
    assert.deepEqual(
      entries.filter((entry) => entry.source.kind === 'workspace'),
      [
        {
          kind: 'Widget',
          apiVersion: 'example.com/v1',
          plural: 'widgets',
          scope: 'Namespaced',
          deprecated: false,
          source: { kind: 'workspace', uri: uriOf('crds/widgets.yaml'), line: 2 },
        },
        {
          kind: 'Widget',
          apiVersion: 'example.com/v1beta1',
          plural: 'widgets',
          scope: 'Namespaced',
          deprecated: false,
          source: { kind: 'workspace', uri: uriOf('crds/widgets.yaml'), line: 2 },
        },
      ],
    );
  });

  it('checks the custom resources of the other open documents again when a CRD is edited', async () => {
    const crdUri = uriOf('crds/widgets.yaml');
    const widgetUri = uriOf('widget.yaml');
    await session.open(widgetUri, widget);
    await session.publication(widgetUri, 1);
    await session.open(crdUri, crdText);
    await session.publication(crdUri, 1);
    assert.deepEqual((await session.complete(widgetUri, { line: 7, character: 2 })).labels, [
      'color',
      'config',
      'labels',
      'mode',
      'parts',
      'paused',
      'template',
    ]);
    const mentionsShine = (publication: { diagnostics: { message: unknown }[] }): boolean =>
      publication.diagnostics.some((diagnostic) => String(diagnostic.message).includes('"shine"'));
    // Before the edit, `shine` is an unknown field of the widget.
    await session.waitFor(
      () => mentionsShine(session.publicationsFor(widgetUri).at(-1)!),
      'the widget checked against the CRD',
    );

    // `shine` becomes a field of v1's spec, in the CRD's open document only (not saved).
    const anchor = '                paused:\n';
    const offset = crdText.indexOf(anchor);
    assert.ok(offset > 0 && crdText.indexOf(anchor, offset + 1) < 0);
    const line = crdText.slice(0, offset).split('\n').length - 1;
    await session.change(crdUri, 2, [
      {
        range: { start: { line, character: 0 }, end: { line, character: 0 } },
        text: '                shine:\n                  type: boolean\n',
      },
    ]);
    await session.publication(crdUri, 2);
    // The widget's document was not edited, and its diagnostics are published again (version 1)
    // against the new schema, where `shine` is known.
    await session.waitFor(
      () => !mentionsShine(session.publicationsFor(widgetUri).at(-1)!),
      'the widget checked again against the edited CRD',
    );
    assert.equal(session.publicationsFor(widgetUri).at(-1)!.version, 1);
    // Hover reads the new schema too.
    assert.ok(
      (await session.hover(widgetUri, { line: 6, character: 3 })).text?.startsWith(
        '**`widget.spec.shine`** `<boolean>`',
      ),
    );
  });

  it('does not check the other documents again for an edit that leaves the CRDs as they were', async () => {
    const widgetUri = uriOf('widget.yaml');
    const otherUri = uriOf('other.yaml');
    const other = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n';
    await session.open(otherUri, other);
    await session.publication(otherUri, 1);
    const before = session.publicationsFor(widgetUri).length;
    await session.change(otherUri, 2, [
      { range: { start: { line: 3, character: 8 }, end: { line: 3, character: 9 } }, text: 'b' },
    ]);
    await session.publication(otherUri, 2);
    // A re-validation that the edit scheduled would run on its 10 ms timer before this next
    // edit's own (scheduled later, with the same delay) publishes.
    await session.change(otherUri, 3, [
      { range: { start: { line: 3, character: 8 }, end: { line: 3, character: 9 } }, text: 'c' },
    ]);
    await session.publication(otherUri, 3);
    assert.equal(session.publicationsFor(widgetUri).length, before);
  });
});
