import * as assert from 'node:assert/strict';
import {
  DocumentDiagnosticRequest,
  type DocumentDiagnosticReport,
  DiagnosticRefreshRequest,
} from 'vscode-languageserver-protocol';
import type { Diagnostic } from 'vscode-languageserver-types';
import { limitDiagnostics } from '../../server/src/service/diagnosticLimit';
import { ServerSession } from '../support/serverSession';
import { quietContainerFields } from '../support/podRules';

const uri = 'file:///work/pod.yaml';
const pod = (field: string): string =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n      ${field}:\n        - containerPort: 80\n${quietContainerFields(6)}`;

/** `count` pods in one file, each missing its probes and resources: many hints and warnings. */
const manyPods = (count: number): string =>
  Array.from(
    { length: count },
    (_, index) =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p${index}\nspec:\n  containers:\n    - name: c\n      image: nginx\n`,
  ).join('---\n');

describe('diagnostics pulled by the client (LSP 3.17) and limited per file', function () {
  this.timeout(60_000);

  it('answers a pull in full with a resultId, "unchanged" while nothing changed, and pushes nothing', async () => {
    const refreshes: unknown[] = [];
    const session = await ServerSession.start({
      capabilities: {
        workspace: { configuration: true, diagnostics: { refreshSupport: true } },
        textDocument: { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } },
      },
    });
    session.connection.onRequest(DiagnosticRefreshRequest.type, () => {
      refreshes.push(1);
    });
    try {
      assert.deepEqual(session.initializeResult?.capabilities.diagnosticProvider, {
        identifier: 'podscope',
        interFileDependencies: true,
        workspaceDiagnostics: true,
      });
      await session.open(uri, pod('portz'));
      const pull = (previousResultId?: string): Promise<DocumentDiagnosticReport> =>
        session.connection.sendRequest(DocumentDiagnosticRequest.type, {
          textDocument: { uri },
          ...(previousResultId ? { previousResultId } : {}),
        });
      const first = await pull();
      assert.equal(first.kind, 'full');
      assert.deepEqual(
        first.kind === 'full' ? first.items.map((item) => [item.code, item.range.start.line]) : [],
        [['unknown-field', 8]],
      );
      const resultId = first.resultId!;
      assert.deepEqual(await pull(resultId), { kind: 'unchanged', resultId });
      // Without the previous id the client gets the same report in full.
      assert.equal((await pull()).kind, 'full');
      await session.change(uri, 2, [{ text: pod('ports') }]);
      const second = await pull(resultId);
      assert.equal(second.kind, 'full');
      assert.notEqual(second.resultId, resultId);
      assert.deepEqual(second.kind === 'full' ? second.items : undefined, []);
      // Nothing was pushed to a client that pulls.
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.deepEqual(session.published, []);
    } finally {
      assert.equal(await session.stop(), 0, session.stderr());
    }
  });

  it('publishes at most diagnostics.maxPerFile, the most severe first, and says how many are not shown', async () => {
    const published = async (maxPerFile: number): Promise<Diagnostic[]> => {
      const session = await ServerSession.start({ settings: { diagnostics: { maxPerFile } } });
      try {
        await session.open(uri, manyPods(20));
        return (await session.publication(uri, 1)).diagnostics;
      } finally {
        assert.equal(await session.stop(), 0, session.stderr());
      }
    };
    const all = await published(0);
    assert.ok(all.length > 40, `${all.length} diagnostics`);
    const limited = await published(10);
    assert.equal(limited.length, 10);
    assert.deepEqual(limited, limitDiagnostics(all, 10));
    assert.equal(limited[0]!.code, 'problems-limited');
    assert.equal(
      limited[0]!.message,
      `${all.length} problems in this file; not showing ${all.length - 9} of the least severe. Set podscope.diagnostics.maxPerFile to change the limit of 10 (VS Code shows at most 1,000 per file).`,
    );
  });
});
