import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  settingScope,
  statusText,
  statusTooltip,
  versionChoices,
} from '../../client/src/kubernetesVersionItems';
import { minorName } from '../../server/src/catalog/catalog';
import { coveredMinors } from '../../server/src/catalog/targetMinor';
import type { DocumentInfo } from '../../server/src/protocol/customMessages';
import { testCatalog } from '../support/catalog';
import { repoRoot } from '../support/paths';

const info = (overrides: Partial<DocumentInfo>): DocumentInfo => ({
  kubernetes: true,
  kubernetesVersion: '1.31',
  source: 'settings',
  coveredVersions: ['1.31', '1.32', '1.33'],
  ...overrides,
});

describe('the Kubernetes version in the status bar (client)', () => {
  it('names the version and where it is set', () => {
    assert.equal(statusText(info({})), 'Kubernetes 1.31');
    const display = (file: string): string => file.replace('/work/app/', '');
    assert.equal(
      statusTooltip(info({}), 'folder', display),
      'Podscope judges this file for Kubernetes 1.31: set in the folder settings (podscope.kubernetesVersion). Click to choose another version.',
    );
    assert.equal(
      statusTooltip(
        info({ source: '.podscope.yaml', configFile: '/work/app/deploy/.podscope.yaml' }),
        undefined,
        display,
      ),
      'Podscope judges this file for Kubernetes 1.31: set in deploy/.podscope.yaml (kubernetesVersion). Click to choose another version.',
    );
    assert.equal(
      statusTooltip(info({ source: 'default', kubernetesVersion: '1.33' }), undefined, display),
      'Podscope judges this file for Kubernetes 1.33: the newest Podscope covers (default). Click to choose another version.',
    );
  });

  it('finds the scope of the setting in force, the most specific first', () => {
    assert.equal(
      settingScope({ globalValue: '1.31', workspaceValue: '1.32', workspaceFolderValue: '1.33' }),
      'folder',
    );
    assert.equal(
      settingScope({ globalValue: '1.31', workspaceValue: '1.32', workspaceFolderValue: '' }),
      'workspace',
    );
    assert.equal(settingScope({ globalValue: '1.31' }), 'user');
    assert.equal(settingScope({ globalValue: '' }), undefined);
    assert.equal(settingScope(undefined), undefined);
  });

  it('offers the default and the covered versions, newest first, marking the one in use', () => {
    assert.deepEqual(versionChoices(info({})), [
      { label: 'Default', description: 'the newest covered, 1.33', value: undefined },
      { label: '1.33', value: '1.33' },
      { label: '1.32', value: '1.32' },
      { label: '1.31', description: 'in use', value: '1.31' },
    ]);
    assert.equal(
      versionChoices(info({ source: 'default', kubernetesVersion: '1.33' }))[0]?.description,
      'the newest covered, 1.33 (in use)',
    );
  });

  it('package.json offers exactly the minors the catalog covers', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      contributes: {
        configuration: {
          properties: Record<string, { enum?: string[]; enumItemLabels?: string[]; default?: unknown }>;
        };
        commands: { command: string; category?: string }[];
      };
    };
    const setting = manifest.contributes.configuration.properties['podscope.kubernetesVersion']!;
    const covered = coveredMinors(testCatalog()).map(minorName);
    assert.equal(setting.default, '');
    assert.deepEqual(
      setting.enum,
      ['', ...covered],
      "update podscope.kubernetesVersion in package.json to the catalog's minors",
    );
    assert.equal(setting.enumItemLabels?.[0], `Newest covered (${covered[covered.length - 1]!})`);
    assert.ok(
      manifest.contributes.commands.some(
        (command) =>
          command.command === 'podscope.selectKubernetesVersion' && command.category === 'Podscope',
      ),
    );
  });
});
