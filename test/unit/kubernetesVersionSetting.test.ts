import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Catalog } from '../../server/src/catalog/catalog';
import { defaultCatalogPath } from '../../server/src/catalog/catalogLocation';
import { coveredRange } from '../../server/src/catalog/targetMinor';
import { lintFiles } from '../../server/src/cli/lintCommand';
import { takeKubernetesVersion } from '../../server/src/cli/kubernetesVersionOption';
import { rulesCommand } from '../../server/src/cli/rulesCommand';
import { targetWarnings } from '../../server/src/cli/simulateCommand';
import { parseConfig } from '../../server/src/config/configFile';
import { SettingsResolver } from '../../server/src/config/settingsResolver';
import { getLanguageService } from '../../server/src/service/languageService';
import { everyRule } from '../../server/src/service/ruleRegistry';
import { runPodscope } from '../support/cliRunner';
import { minorsCatalog } from '../support/minorsCatalog';
import { repoRoot } from '../support/paths';

const covered = { oldest: 31, newest: 36 };

describe('the target Kubernetes version in .podscope.yaml', () => {
  it('reads kubernetesVersion as users write it', () => {
    assert.deepEqual(parseConfig('kubernetesVersion: "1.31"\n', covered), {
      settings: { kubernetesVersion: 31 },
      problems: [],
    });
    // Unquoted, YAML reads 1.30 as the number 1.3.
    assert.deepEqual(parseConfig('kubernetesVersion: 1.30\n').settings, { kubernetesVersion: 30 });
    assert.deepEqual(parseConfig('kubernetesVersion: v1.33.2\n', covered).settings, {
      kubernetesVersion: 33,
    });
  });

  it('says what is wrong with a malformed or uncovered version', () => {
    assert.deepEqual(parseConfig('kubernetesVersion: latest\n', covered), {
      settings: {},
      problems: [
        'kubernetesVersion: "latest" is not a Kubernetes version such as "1.31" (Podscope covers 1.31 to 1.36); the newest covered is used',
      ],
    });
    assert.deepEqual(parseConfig('kubernetesVersion: "1.20"\n', covered), {
      settings: { kubernetesVersion: 20 },
      problems: ['kubernetesVersion: 1.20 is not covered (Podscope covers 1.31 to 1.36); judged for 1.31'],
    });
    assert.deepEqual(parseConfig('kubernetesVersion: [1]\n').problems, [
      'kubernetesVersion: [1] is not a Kubernetes version such as "1.31"; the newest covered is used',
    ]);
    assert.deepEqual(parseConfig('kubernetesVersions: "1.31"\n').problems, [
      'unknown setting "kubernetesVersions" (known: rules, exclude, podSecurityStandard, customResources, kubernetesVersion)',
    ]);
  });
});

describe('--kubernetes-version (CLI)', () => {
  it('takes the option out of the arguments, in both spellings', () => {
    assert.deepEqual(
      takeKubernetesVersion(['a.yaml', '--kubernetes-version', '1.33', '--format', 'json'], minorsCatalog),
      {
        ok: true,
        rest: ['a.yaml', '--format', 'json'],
        minor: 33,
      },
    );
    assert.deepEqual(takeKubernetesVersion(['--kubernetes-version=v1.31.4'], minorsCatalog), {
      ok: true,
      rest: [],
      minor: 31,
    });
    assert.deepEqual(takeKubernetesVersion(['a.yaml'], minorsCatalog), { ok: true, rest: ['a.yaml'] });
  });

  it('names the covered range for a version it cannot judge for', () => {
    const error = (args: string[]): string | undefined => {
      const result = takeKubernetesVersion(args, minorsCatalog);
      return result.ok ? undefined : result.error;
    };
    assert.equal(
      error(['--kubernetes-version', '1.30']),
      '--kubernetes-version 1.30: Podscope covers Kubernetes 1.31 to 1.36',
    );
    assert.equal(
      error(['--kubernetes-version', 'banana']),
      '--kubernetes-version "banana" is not a Kubernetes version such as 1.31 (Podscope covers Kubernetes 1.31 to 1.36)',
    );
    assert.equal(
      error(['a.yaml', '--kubernetes-version']),
      '--kubernetes-version takes a version such as 1.31 (Podscope covers Kubernetes 1.31 to 1.36)',
    );
    assert.equal(
      error(['--kubernetes-version', '1.31', '--kubernetes-version=1.32']),
      '--kubernetes-version is given twice with different versions',
    );
  });

  it('lint, simulate and rules exit 2 for an invalid or uncovered version', () => {
    const range = coveredRange(Catalog.load(defaultCatalogPath()));
    const file = path.join(repoRoot, 'test/fixtures/simulator/crashloop.yaml');
    for (const command of [['lint', file], ['simulate', file], ['rules']]) {
      const run = runPodscope(...command, '--kubernetes-version', '1.20');
      assert.equal(run.code, 2, command[0]);
      assert.equal(run.stdout, '');
      assert.equal(run.stderr, `error: --kubernetes-version 1.20: Podscope covers Kubernetes ${range}\n`);
      assert.equal(runPodscope(...command, '--kubernetes-version=x').code, 2);
    }
  });

  it('lint and simulate take the newest covered version as their default would', () => {
    const newest = Catalog.load(defaultCatalogPath()).minors.newest;
    const file = path.join(repoRoot, 'test/fixtures/simulator/crashloop.yaml');
    for (const command of [
      ['lint', file, '--format', 'json'],
      ['simulate', file],
    ]) {
      assert.deepEqual(
        runPodscope(...command, '--kubernetes-version', `1.${newest}`),
        runPodscope(...command),
      );
    }
  });

  it('rules says which minor the fields and values are judged for', () => {
    let stdout = '';
    let stderr = '';
    const code = rulesCommand(
      ['--kubernetes-version', '1.31'],
      { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) },
      everyRule,
      minorsCatalog,
    );
    assert.equal(code, 0);
    assert.equal(stderr, '');
    assert.equal(
      stdout.split('\n').at(-2),
      'Target Kubernetes 1.31: besides these rules, fields and enum values it does not have are errors (field-not-in-target, value-not-in-target).',
    );
  });
});

describe('the target in lint: the command line over .podscope.yaml', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podscope-target-'));
    fs.writeFileSync(
      path.join(dir, '.podscope.yaml'),
      'kubernetesVersion: "1.31"\nrules:\n  missing-resources: off\n',
    );
    fs.writeFileSync(
      path.join(dir, 'pod.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n      lifecycle:\n        stopSignal: SIGTERM\n',
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const versionFindings = (overrides: { kubernetesVersion?: number }): string[] => {
    const service = getLanguageService({ catalog: minorsCatalog() });
    const resolver = new SettingsResolver({ coveredMinors: () => minorsCatalog().minors });
    return lintFiles(service, [path.join(dir, 'pod.yaml')], resolver, overrides)
      .findings.filter((finding) => finding.code === 'field-not-in-target')
      .map((finding) => finding.message);
  };

  it("simulate warns about what the target lacks: the project file's, or the command line's", () => {
    const file = path.join(dir, 'pod.yaml');
    const text = fs.readFileSync(file, 'utf8');
    const warning = (minor: number): string =>
      `warning: ${file}:10:9: "stopSignal" in Lifecycle requires Kubernetes 1.33 or later (target 1.${minor}).`;
    assert.deepEqual(targetWarnings(file, text, undefined, minorsCatalog), [warning(31)]);
    assert.deepEqual(targetWarnings(file, text, 32, minorsCatalog), [warning(32)]);
    assert.deepEqual(targetWarnings(file, text, 36, minorsCatalog), []);
    // Without a target anywhere, nothing is checked.
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'podscope-no-target-'));
    fs.mkdirSync(path.join(elsewhere, '.git'));
    try {
      assert.deepEqual(targetWarnings(path.join(elsewhere, 'pod.yaml'), text, undefined, minorsCatalog), []);
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it("judges for the project file's version, unless the command line names another", () => {
    assert.deepEqual(versionFindings({}), [
      '"stopSignal" in Lifecycle requires Kubernetes 1.33 or later (target 1.31).',
    ]);
    assert.deepEqual(versionFindings({ kubernetesVersion: 32 }), [
      '"stopSignal" in Lifecycle requires Kubernetes 1.33 or later (target 1.32).',
    ]);
    assert.deepEqual(versionFindings({ kubernetesVersion: 33 }), []);
  });
});
