/**
 * `podscope/documentInfo` over stdio: whether an open document is Kubernetes, the target minor it
 * is judged for, and where that is set (the status bar's question).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { minorName } from '../../server/src/catalog/catalog';
import { coveredMinors } from '../../server/src/catalog/targetMinor';
import { DocumentInfoRequest } from '../../server/src/protocol/customMessages';
import { testCatalog } from '../support/catalog';
import { ServerSession } from '../support/serverSession';

describe('podscope/documentInfo (language server)', function () {
  this.timeout(60_000);
  const covered = coveredMinors(testCatalog()).map(minorName);
  const newest = covered[covered.length - 1]!;
  const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers: []\n';
  let root: string;
  const uriOf = (file: string): string => pathToFileURL(path.join(root, file)).href;

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'podscope-document-info-'));
    fs.mkdirSync(path.join(root, '.git'));
    fs.mkdirSync(path.join(root, 'pinned'));
    fs.mkdirSync(path.join(root, 'wrong'));
    fs.writeFileSync(path.join(root, 'pinned', '.podscope.yaml'), `kubernetesVersion: "${newest}"\n`);
    fs.writeFileSync(path.join(root, 'wrong', '.podscope.yaml'), 'kubernetesVersion: "1.2"\n');
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  async function infos(settings: unknown): Promise<{ session: ServerSession; answers: unknown[] }> {
    const session = await ServerSession.start({ rootPath: root, settings });
    const answers: unknown[] = [];
    for (const [file, text] of [
      ['pod.yaml', pod],
      ['pinned/pod.yaml', pod],
      ['notes.yaml', 'title: notes\n'],
      ['wrong/pod.yaml', pod],
    ] as const) {
      await session.open(uriOf(file), text);
      answers.push(
        await session.connection.sendRequest(DocumentInfoRequest.type, {
          textDocument: { uri: uriOf(file) },
        }),
      );
    }
    return { session, answers };
  }

  it('says where the version comes from: the default, .podscope.yaml, or the editor settings over it', async () => {
    const { session, answers } = await infos({});
    try {
      const common = { kubernetes: true, kubernetesVersion: newest, coveredVersions: covered };
      assert.deepEqual(answers.slice(0, 3), [
        { ...common, source: 'default' },
        { ...common, source: '.podscope.yaml', configFile: path.join(root, 'pinned', '.podscope.yaml') },
        { ...common, kubernetes: false, source: 'default' },
      ]);
      // An uncovered version in a project file is a problem, logged once; it is judged at the nearest covered.
      assert.equal((answers[3] as { kubernetesVersion: string }).kubernetesVersion, covered[0]);
      assert.ok(
        session.logs.some((log) =>
          log.message.includes(
            `${path.join(root, 'wrong', '.podscope.yaml')}: kubernetesVersion: 1.2 is not covered`,
          ),
        ),
        JSON.stringify(session.logs.map((log) => log.message)),
      );
    } finally {
      await session.stop();
    }
    const user = await infos({ kubernetesVersion: newest });
    try {
      assert.deepEqual(
        user.answers.map((answer) => (answer as { source: string }).source),
        ['settings', 'settings', 'settings', 'settings'],
      );
    } finally {
      await user.session.stop();
    }
  });

  it('answers an unopened document with nothing', async () => {
    const session = await ServerSession.start({ rootPath: root });
    try {
      assert.deepEqual(
        await session.connection.sendRequest(DocumentInfoRequest.type, {
          textDocument: { uri: uriOf('missing.yaml') },
        }),
        { kubernetes: false, kubernetesVersion: '', source: 'default', coveredVersions: covered },
      );
    } finally {
      await session.stop();
    }
  });
});
