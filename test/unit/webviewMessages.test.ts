import * as assert from 'node:assert/strict';
import { webviewHtml } from '../../client/src/webview/html';
import { isFromWebview, isToWebview, isWebviewState } from '../../client/src/webview/messages';

describe('webview messages are checked before use', () => {
  it('accepts exactly the messages the webview may send', () => {
    for (const message of [
      { type: 'ready' },
      { type: 'exportScenario' },
      { type: 'scenarioChanged', scenario: { duration: 60 } },
      { type: 'revealContainer', name: 'web' },
    ]) {
      assert.ok(isFromWebview(message), JSON.stringify(message));
    }
    for (const message of [
      null,
      'ready',
      7,
      [],
      {},
      { type: 'openFile', path: '/etc/passwd' },
      { type: 'scenarioChanged' },
      { type: 'scenarioChanged', scenario: 'duration: 60' },
      { type: 'scenarioChanged', scenario: [1] },
      { type: 'revealContainer' },
      { type: 'revealContainer', name: { toString: 'web' } },
    ]) {
      assert.ok(!isFromWebview(message), JSON.stringify(message));
    }
  });

  it('accepts only well-formed simulations and errors in the webview', () => {
    const source = { uri: 'file:///p.yaml', fileName: 'p.yaml', documentIndex: 0, kind: 'Pod', name: 'p' };
    const result = { events: [], snapshots: [], duration: 60, pod: {} };
    assert.ok(isToWebview({ type: 'simulation', source, scenario: {}, result }));
    assert.ok(isToWebview({ type: 'error', message: 'no pod', scenario: {} }));
    assert.ok(
      !isToWebview({ type: 'simulation', source: { ...source, documentIndex: '0' }, scenario: {}, result }),
    );
    assert.ok(!isToWebview({ type: 'simulation', source, scenario: {}, result: { ...result, events: 'x' } }));
    assert.ok(!isToWebview({ type: 'error', message: 7, scenario: {} }));
    assert.ok(!isToWebview({ type: 'html', html: '<script></script>' }));
  });

  it('restores only a well-formed saved state', () => {
    assert.ok(isWebviewState({ uri: 'file:///p.yaml', documentIndex: 1, scenario: {}, cursor: 30 }));
    assert.ok(isWebviewState({}));
    assert.ok(!isWebviewState({ uri: 7 }));
    assert.ok(!isWebviewState({ cursor: '30' }));
    assert.ok(!isWebviewState(null));
  });
});

describe('the webview page', () => {
  const html = webviewHtml({
    cspSource: 'https://webview.example',
    nonce: 'abc123',
    scriptUri: 'https://webview.example/dist/webview.js',
    styleUri: 'https://webview.example/dist/webview.css',
  });

  it('allows nothing but its own script (by nonce) and stylesheet', () => {
    assert.match(
      html,
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src https:\/\/webview\.example; img-src https:\/\/webview\.example; script-src 'nonce-abc123'">/,
    );
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0]![1]!, /nonce="abc123"/);
    assert.match(scripts[0]![1]!, /src="https:\/\/webview\.example\/dist\/webview\.js"/);
    assert.equal(scripts[0]![2], '', 'no inline script');
  });

  it('has no inline event handlers, styles or remote resources', () => {
    assert.doesNotMatch(html, /\son[a-z]+=/i);
    assert.doesNotMatch(html, /<style\b|style="/);
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    assert.ok(
      urls.length > 0 && urls.every((url) => url.startsWith('https://webview.example/')),
      urls.join(' '),
    );
  });
});
