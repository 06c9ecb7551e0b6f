/**
 * The workspace indexer finds CRDs wherever an application keeps them: in a multi-document
 * bundle, in a Helm chart's `crds/` folder, and in a file that a kustomization names outside the
 * workspace folder.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { WorkspaceIndex } from '../../server/src/workspace/workspaceIndex';
import { WorkspaceIndexer } from '../../server/src/workspaceIndexer';
import { repoRoot } from '../support/paths';

const crdText = fs.readFileSync(path.join(repoRoot, 'test/fixtures/customResources/widgets.yaml'), 'utf8');

/** The fixture CRD for another kind (and plural) of the same group. */
function crdOf(kind: string): string {
  const lower = kind.toLowerCase();
  return crdText
    .replace(/Widget/g, kind)
    .replace(/widgets/g, `${lower}s`)
    .replace(/widget\b/g, lower);
}

describe('custom resources: the workspace indexer finds CRDs', () => {
  let base: string;
  let root: string;
  const index = new WorkspaceIndex();

  before(async () => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'podscope-crd-index-'));
    root = path.join(base, 'workspace');
    const write = (file: string, text: string): void => {
      fs.mkdirSync(path.dirname(path.join(base, file)), { recursive: true });
      fs.writeFileSync(path.join(base, file), text);
    };
    // A bundle: a Deployment between two CRDs.
    write(
      'workspace/install/bundle.yaml',
      `${crdOf('Gadget')}---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: operator\n---\n${crdOf('Gizmo')}`,
    );
    // A Helm chart's crds/ folder (installed before the templates, never templated).
    write('workspace/chart/Chart.yaml', 'apiVersion: v2\nname: widgets\nversion: 1.0.0\n');
    write('workspace/chart/crds/widgets.yaml', crdText);
    write(
      'workspace/chart/templates/widget.yaml',
      'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: {{ .Release.Name }}\n',
    );
    // A kustomization that builds a CRD kept outside the workspace folder.
    write(
      'workspace/app/kustomization.yaml',
      'resources:\n  - ../../shared/crds/sprockets.yaml\n  - ../../shared/base\n  - https://example.com/remote.yaml\n',
    );
    write('shared/crds/sprockets.yaml', crdOf('Sprocket'));
    write('shared/base/kustomization.yaml', 'resources:\n  - cogs.yaml\n');
    write('shared/base/cogs.yaml', crdOf('Cog'));
    // A CRD larger than the 1 MB other files are held to (Argo CD's ApplicationSet is 1.4 MB), and
    // a manifest of that size, which is not indexed.
    write(
      'workspace/large/huge-crd.yaml',
      crdOf('Huge').replace('A Huge makes things.', `"${'A Huge makes things. '.repeat(60_000)}"`),
    );
    write(
      'workspace/large/generated.yaml',
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  a: "${'x'.repeat(1_200_000)}"\n`,
    );
    // Never indexed: a dependency's files, and a CRD nothing names outside the workspace.
    write('workspace/node_modules/dep/crd.yaml', crdOf('Hidden'));
    write('shared/unused.yaml', crdOf('Unused'));

    const indexer = new WorkspaceIndexer(index, {
      isExcluded: () => false,
      isOpen: () => false,
      nameAffixes: () => [],
    });
    await indexer.indexFolders([root]);
  });
  after(() => fs.rmSync(base, { recursive: true, force: true }));

  it('reads a CRD up to 4 MB, and no other file over 1 MB', () => {
    const uriOf = (file: string): string => pathToFileURL(path.join(base, file)).href;
    assert.ok(fs.statSync(path.join(base, 'workspace/large/huge-crd.yaml')).size > 1024 * 1024);
    assert.ok(index.get(uriOf('workspace/large/huge-crd.yaml')) !== undefined);
    assert.equal(index.get(uriOf('workspace/large/generated.yaml')), undefined);
  });

  it('from bundles, a chart’s crds/ folder and what a kustomization builds, not from node_modules', () => {
    const uriOf = (file: string): string => pathToFileURL(path.join(base, file)).href;
    assert.deepEqual(
      index
        .customResources()
        .list()
        .filter((type) => type.version === 'v1')
        .map((type) => [type.kind, type.source.kind === 'workspace' ? type.source : undefined]),
      [
        ['Cog', { kind: 'workspace', uri: uriOf('shared/base/cogs.yaml'), line: 2 }],
        ['Sprocket', { kind: 'workspace', uri: uriOf('shared/crds/sprockets.yaml'), line: 2 }],
        ['Widget', { kind: 'workspace', uri: uriOf('workspace/chart/crds/widgets.yaml'), line: 2 }],
        ['Gadget', { kind: 'workspace', uri: uriOf('workspace/install/bundle.yaml'), line: 2 }],
        // After the first CRD's 90 lines, `---`, the Deployment's 4 lines and `---`: line 96 starts
        // the second CRD, whose apiVersion is two lines down (after the fixture's comment).
        ['Gizmo', { kind: 'workspace', uri: uriOf('workspace/install/bundle.yaml'), line: 98 }],
        ['Huge', { kind: 'workspace', uri: uriOf('workspace/large/huge-crd.yaml'), line: 2 }],
      ],
    );
  });
});
