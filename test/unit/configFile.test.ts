import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findConfigFile, configLayer, parseConfig, readConfigFile } from '../../server/src/config/configFile';
import { layerSettings, partialSettings } from '../../server/src/common/settings';
import { runPodscope } from '../support/cliRunner';
import { quietContainerFields } from '../support/podRules';
import { validate, viewDiagnostics } from '../support/service';

describe('.podscope.yaml', () => {
  it('reads rule severities, excludes and the security level, and reports what it does not understand', () => {
    assert.deepEqual(
      parseConfig(
        'rules:\n  image-latest-tag: off\n  missing-resources: loud\npodSecurityStandard: restricted\nexclude: ["charts/**"]\ncolour: blue\n',
      ),
      {
        settings: {
          rules: { 'image-latest-tag': 'off' },
          exclude: ['charts/**'],
          podSecurityStandard: 'restricted',
        },
        problems: [
          'unknown setting "colour" (known: rules, exclude, podSecurityStandard, customResources, kubernetesVersion)',
          'rules.missing-resources: "loud" is not one of error, warning, information, hint, off',
        ],
      },
    );
    assert.deepEqual(parseConfig('rules: [\n').settings, {});
    assert.equal(parseConfig('rules: [\n').problems.length, 1);
  });

  it('is found in the folder of a file or above it, up to the repository root', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'podscope-config-'));
    fs.mkdirSync(path.join(root, 'repo', '.git'), { recursive: true });
    fs.mkdirSync(path.join(root, 'repo', 'deploy', 'prod'), { recursive: true });
    fs.writeFileSync(path.join(root, '.podscope.yaml'), 'rules: {}\n');
    assert.equal(findConfigFile(path.join(root, 'repo', 'deploy', 'prod')), undefined);
    fs.writeFileSync(path.join(root, 'repo', '.podscope.yaml'), 'rules: {}\n');
    assert.equal(
      findConfigFile(path.join(root, 'repo', 'deploy', 'prod')),
      path.join(root, 'repo', '.podscope.yaml'),
    );
    fs.rmSync(root, { recursive: true });
  });

  it('lets the user’s settings win over the project’s, rule by rule', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'podscope-config-'));
    const file = path.join(root, '.podscope.yaml');
    fs.writeFileSync(
      file,
      'rules:\n  a: off\n  b: hint\nexclude: [gen/**]\npodSecurityStandard: restricted\n',
    );
    const config = readConfigFile(file);
    const merged = layerSettings([configLayer(config), partialSettings({ rules: { b: 'error' } })]);
    assert.deepEqual(merged.rules, { a: 'off', b: 'error' });
    assert.deepEqual(merged.exclude, [`${root.split(path.sep).join('/')}/gen/**`]);
    assert.equal(merged.podSecurityStandard, 'restricted');
    assert.equal(
      layerSettings([configLayer(config), partialSettings({ podSecurityStandard: 'baseline' })])
        .podSecurityStandard,
      'baseline',
    );
    fs.rmSync(root, { recursive: true });
  });

  it('is honoured by podscope lint', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'podscope-config-'));
    fs.mkdirSync(path.join(root, '.git'));
    fs.mkdirSync(path.join(root, 'generated'));
    const manifest = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  debug: on\n';
    fs.writeFileSync(path.join(root, 'app.yaml'), manifest);
    fs.writeFileSync(path.join(root, 'generated', 'bad.yaml'), manifest.replace('data:', 'dta:'));
    assert.equal(runPodscope('lint', root).code, 1);
    fs.writeFileSync(
      path.join(root, '.podscope.yaml'),
      'rules:\n  yaml11-boolean-string: off\nexclude:\n  - generated/**\n',
    );
    const run = runPodscope('lint', root);
    assert.deepEqual(
      [run.code, run.stdout],
      [0, '✔ 0 problems (0 errors, 0 warnings, 0 other) in 0 of 1 file\n'],
    );
    fs.writeFileSync(path.join(root, '.podscope.yaml'), 'rules:\n  yaml11-boolean-string: sometimes\n');
    const broken = runPodscope('lint', root);
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /\.podscope\.yaml: rules\.yaml11-boolean-string: "sometimes" is not one of/);
    fs.rmSync(root, { recursive: true });
  });
});

describe('# podscope-disable-next-line', () => {
  const pod = (comment: string): string =>
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels:\n${comment}    debug: on\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n${comment.replace(/^ {4}/, '      ')}      poarts: []\n${quietContainerFields(6)}`;

  it('silences the named rules on the next line only', () => {
    assert.deepEqual(
      viewDiagnostics(pod(''), validate(pod(''))).map((diagnostic) => diagnostic.code),
      ['yaml11-boolean-string', 'unknown-field'],
    );
    const text = pod('    # podscope-disable-next-line yaml11-boolean-string\n');
    assert.deepEqual(
      viewDiagnostics(text, validate(text)).map((diagnostic) => diagnostic.code),
      ['unknown-field'],
    );
  });

  it('silences everything on the next line without ids, and lists several ids', () => {
    const all = pod('    # podscope-disable-next-line\n');
    assert.deepEqual(validate(all), []);
    const list = pod('    # podscope-disable-next-line unknown-field, yaml11-boolean-string -- reviewed\n');
    assert.deepEqual(validate(list), []);
  });
});
