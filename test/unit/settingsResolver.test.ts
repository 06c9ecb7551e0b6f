import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { layerSettings, partialSettings } from '../../server/src/common/settings';
import { SettingsResolver } from '../../server/src/config/settingsResolver';
import { DocumentCache } from '../../server/src/service/documentCache';

describe('settings resolver', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'podscope-resolver-'));
    fs.mkdirSync(path.join(root, '.git'));
    fs.mkdirSync(path.join(root, 'deploy', 'gen'), { recursive: true });
    fs.writeFileSync(
      path.join(root, '.podscope.yaml'),
      'rules:\n  a: off\n  b: hint\nexclude: [deploy/gen/**]\npodSecurityStandard: restricted\nbogus: 1\n',
    );
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const uriOf = (...parts: string[]): string => pathToFileURL(path.join(root, ...parts)).href;

  it('layers the defaults, the project’s config file and the user’s settings, the user winning', () => {
    const problems: string[] = [];
    const resolver = new SettingsResolver({ onConfigProblem: (problem) => problems.push(problem) });
    const user = partialSettings({ rules: { b: 'error' }, hover: { enable: false } });
    const settings = resolver.resolve(uriOf('deploy', 'pod.yaml'), user);
    assert.deepEqual(settings.rules, { a: 'off', b: 'error' });
    assert.equal(settings.podSecurityStandard, 'restricted');
    assert.equal(settings.hover.enable, false);
    assert.equal(settings.validate.enable, true);
    // The user's own level wins, even when it is the default one.
    assert.equal(
      resolver.resolve(uriOf('deploy', 'pod.yaml'), partialSettings({ podSecurityStandard: 'baseline' }))
        .podSecurityStandard,
      'baseline',
    );
    // A problem in the file is reported once, however many documents use it.
    resolver.resolve(uriOf('deploy', 'gen', 'x.yaml'));
    assert.deepEqual(problems, [
      `${path.join(root, '.podscope.yaml')}: unknown setting "bogus" (known: rules, exclude, podSecurityStandard, customResources, kubernetesVersion)`,
    ]);
  });

  it('excludes by the config file’s globs, relative to its folder, and by the user’s', () => {
    const resolver = new SettingsResolver();
    const generated = uriOf('deploy', 'gen', 'x.yaml');
    assert.equal(resolver.isExcluded(generated, resolver.resolve(generated)), true);
    const mine = uriOf('deploy', 'pod.yaml');
    assert.equal(resolver.isExcluded(mine, resolver.resolve(mine)), false);
    assert.equal(
      resolver.isExcluded(mine, resolver.resolve(mine, partialSettings({ exclude: ['**/pod.yaml'] }))),
      true,
    );
  });

  it('documents that are not local files get the user’s settings and nothing from disk', () => {
    const searched: string[][] = [];
    const resolver = new SettingsResolver({ onFoldersSearched: (folders) => searched.push([...folders]) });
    for (const uri of [
      'untitled:Untitled-1',
      'file://host/share/pod.yaml',
      'file:///tmp/a%2Fb.yaml',
      'file:///x/%E0%A4%A',
    ]) {
      assert.deepEqual(
        resolver.resolve(uri, partialSettings({ rules: { c: 'off' } })),
        layerSettings([{ rules: { c: 'off' } }]),
      );
      assert.equal(resolver.kustomizeContext(uri), undefined);
    }
    assert.deepEqual(searched, []);
    resolver.resolve(uriOf('deploy', 'pod.yaml'));
    assert.deepEqual(searched, [[path.join(root, 'deploy'), root]]);
  });

  it('reads a changed config file after clear()', () => {
    const resolver = new SettingsResolver();
    const uri = uriOf('deploy', 'pod.yaml');
    assert.equal(resolver.resolve(uri).rules.a, 'off');
    fs.writeFileSync(path.join(root, '.podscope.yaml'), 'rules:\n  a: error\n');
    assert.equal(resolver.resolve(uri).rules.a, 'off');
    resolver.clear();
    assert.equal(resolver.resolve(uri).rules.a, 'error');
  });
});

describe('document cache', () => {
  it('keeps at most its capacity, dropping the least recently used', () => {
    const cache = new DocumentCache(3);
    const documents = ['a', 'b', 'c', 'd'].map((name) =>
      TextDocument.create(`file:///${name}.yaml`, 'yaml', 1, `kind: ${name}\n`),
    );
    const [a, b, c, d] = documents as [TextDocument, TextDocument, TextDocument, TextDocument];
    const first = cache.get(a);
    cache.get(b);
    cache.get(c);
    assert.equal(cache.get(a), first, 'a version is parsed once');
    cache.get(d);
    assert.equal(cache.size, 3);
    assert.equal(cache.get(a), first, 'a was used recently: kept');
    assert.equal(cache.size, 3, 'b, the least recently used, was dropped; getting a again evicted nothing');
  });
});
