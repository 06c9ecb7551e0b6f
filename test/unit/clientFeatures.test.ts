import * as assert from 'node:assert/strict';
import {
  clientFeatures,
  markdownToPlainText,
  snippetToPlainText,
} from '../../server/src/service/clientFeatures';
import { expandSnippet } from '../support/service';

describe('client features', () => {
  it('a snippet without tab stops: the text it leaves, with escapes resolved', () => {
    assert.equal(snippetToPlainText('args:\n  - $0'), 'args:\n  - ');
    assert.equal(snippetToPlainText('name: ${1:web}\nimage: ${2}$0'), 'name: web\nimage: ');
    assert.equal(snippetToPlainText('policy: ${1|Always,Never|}'), 'policy: Always');
    assert.equal(snippetToPlainText('a: ${1:outer ${2:inner} end}'), 'a: outer inner end');
    assert.equal(snippetToPlainText('cost: \\$5 \\} \\\\ $TM_FILENAME ${TM_LINE:1}'), 'cost: $5 } \\  1');
    // What is not snippet syntax stays as it is.
    assert.equal(snippetToPlainText('lonely $ and ${'), 'lonely $ and ${');
  });

  it('matches what the tests’ snippet expansion leaves for every kind of tab stop', () => {
    for (const snippet of ['key:\n    $0', 'a: ${1:x}, b: ${2|p,q|}$0', 'run: ["${1:sh}"]']) {
      assert.equal(snippetToPlainText(snippet), expandSnippet(snippet).replace('|', ''));
    }
  });

  it('Markdown as plain text: marks dropped, links spelled out, fences gone, escapes resolved', () => {
    assert.equal(
      markdownToPlainText(
        '**`pod.spec.restartPolicy`** `<string>` **required**\n\n*Deprecated.*\n\nOne of \\*Always\\*.\n\n```text\nname   <string>\n```\n\n[Kubernetes documentation](https://kubernetes.io/docs/x)',
      ),
      'pod.spec.restartPolicy <string> required\n\nDeprecated.\n\nOne of *Always*.\n\nname   <string>\n\nKubernetes documentation (https://kubernetes.io/docs/x)',
    );
  });

  it('reads what a client can take from its capabilities; left out means not supported', () => {
    const bare = clientFeatures({});
    assert.deepEqual(
      { ...bare, clientCommands: [...bare.clientCommands] },
      {
        snippets: false,
        completionMarkdown: true,
        hoverMarkdown: true,
        clientCommands: [],
        pullsConfiguration: false,
        registersConfigurationChanges: false,
        watchesFiles: false,
        hierarchicalSymbols: false,
        codeActionLiterals: false,
        workDoneProgress: false,
        prepareRename: false,
        createsFiles: false,
        pullsDiagnostics: false,
        refreshesDiagnostics: false,
      },
    );
    const vscode = clientFeatures({
      textDocument: {
        completion: { completionItem: { snippetSupport: true, documentationFormat: ['plaintext'] } },
        hover: { contentFormat: ['plaintext', 'markdown'] },
        rename: { prepareSupport: true },
        diagnostic: { dynamicRegistration: false },
      },
      workspace: {
        configuration: true,
        didChangeWatchedFiles: { dynamicRegistration: true },
        diagnostics: { refreshSupport: true },
      },
      window: { workDoneProgress: true },
      experimental: { podscope: { commands: ['podscope.simulate', 7] } },
    });
    assert.equal(vscode.snippets, true);
    assert.equal(vscode.completionMarkdown, false);
    assert.equal(vscode.hoverMarkdown, true);
    assert.deepEqual([...vscode.clientCommands], ['podscope.simulate']);
    assert.equal(vscode.watchesFiles, true);
    assert.equal(vscode.workDoneProgress, true);
    assert.equal(vscode.prepareRename, true);
    assert.equal(vscode.createsFiles, false);
    assert.equal(vscode.pullsDiagnostics, true);
    assert.equal(vscode.refreshesDiagnostics, true);
  });

  it('creates files only with document changes whose resource operations include create', () => {
    const editing = (workspaceEdit: object) => clientFeatures({ workspace: { workspaceEdit } }).createsFiles;
    assert.equal(editing({ documentChanges: true, resourceOperations: ['create', 'rename'] }), true);
    assert.equal(editing({ documentChanges: true, resourceOperations: ['rename', 'delete'] }), false);
    assert.equal(editing({ documentChanges: true }), false);
    assert.equal(editing({ documentChanges: false, resourceOperations: ['create'] }), false);
    assert.equal(editing({ resourceOperations: ['create'] }), false);
  });
});
