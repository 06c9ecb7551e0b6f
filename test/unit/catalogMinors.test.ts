import { strict as assert } from 'node:assert';
import { Catalog, fieldOf, inMinor } from '../../server/src/catalog/catalog';
import type { CatalogData } from '../../server/src/catalog/catalogData';
import { parseKubernetesMinor, partialSettings } from '../../server/src/common/settings';

/** A two-kind catalog covering 1.31–1.36, with spans on each kind of entry. */
const data: CatalogData = {
  formatVersion: 1,
  source: 'test',
  minors: { oldest: 31, newest: 36, sources: { '1.36': 'test' } },
  kinds: [
    { group: '', version: 'v1', kind: 'Pod', definition: 'pod', resource: 'pods' },
    {
      group: 'policy',
      version: 'v1beta1',
      kind: 'PodSecurityPolicy',
      definition: 'psp',
      resource: 'podsecuritypolicies',
      minors: [31, 31],
    },
  ],
  definitions: {
    pod: {
      description: 'A pod (1.36).',
      descriptions: [{ minors: [31, 34], text: 'A pod (old).' }],
      required: ['containers', 'token'],
      requiredMinors: { token: [36, 36], serviceName: [31, 33] },
      properties: {
        containers: { type: 'string' },
        serviceName: { type: 'string' },
        token: { type: 'string' },
        stopSignal: { type: 'string', minors: [33, 36] },
        workloadRef: { type: 'string', minors: [35, 35] },
        operator: {
          type: 'string',
          enum: ['Equal', 'Exists', 'Gt'],
          enumDescriptions: ['eq', 'ex', 'gt'],
          enumMinors: { Gt: [35, 36] },
          description: 'new',
          descriptions: [{ minors: [31, 32], text: 'old' }],
        },
      },
    },
    psp: { minors: [31, 31], properties: { spec: { type: 'string' } } },
  },
};

describe('catalog minors (Catalog.atMinor)', () => {
  const catalog = Catalog.fromData(data);

  it('the catalog of every minor keeps every entry with its span', () => {
    assert.equal(catalog.minor, undefined);
    assert.deepEqual([catalog.minors.oldest, catalog.minors.newest], [31, 36]);
    assert.deepEqual(
      catalog.kinds.map((kind) => kind.kind),
      ['Pod', 'PodSecurityPolicy'],
    );
    assert.deepEqual(fieldOf(catalog, 'pod', 'stopSignal')?.field.minors, [33, 36]);
  });

  it('one minor has only its kinds, fields, enum values, required fields and descriptions', () => {
    const at31 = catalog.atMinor(31);
    assert.equal(at31.minor, 31);
    assert.ok(at31.getKind('policy/v1beta1', 'PodSecurityPolicy'));
    assert.deepEqual(Object.keys(at31.getDefinition('pod')?.properties ?? {}), [
      'containers',
      'serviceName',
      'token',
      'operator',
    ]);
    assert.deepEqual(at31.getDefinition('pod')?.required, ['containers', 'serviceName']);
    assert.equal(at31.getDefinition('pod')?.description, 'A pod (old).');
    assert.deepEqual(fieldOf(at31, 'pod', 'operator')?.field.enum, ['Equal', 'Exists']);
    assert.deepEqual(fieldOf(at31, 'pod', 'operator')?.field.enumDescriptions, ['eq', 'ex']);
    assert.equal(fieldOf(at31, 'pod', 'operator')?.field.description, 'old');

    const at35 = catalog.atMinor(35);
    assert.equal(at35.getKind('policy/v1beta1', 'PodSecurityPolicy'), undefined);
    assert.equal(at35.getDefinition('psp'), undefined);
    assert.deepEqual(at35.resolveResource('podsecuritypolicies'), []);
    assert.ok(fieldOf(at35, 'pod', 'workloadRef'));
    assert.deepEqual(at35.getDefinition('pod')?.required, ['containers']);
    assert.deepEqual(fieldOf(at35, 'pod', 'operator')?.field.enum, ['Equal', 'Exists', 'Gt']);

    const at36 = catalog.atMinor(36);
    assert.equal(fieldOf(at36, 'pod', 'workloadRef'), undefined);
    assert.equal(
      fieldOf(at36, 'pod', 'stopSignal')?.field.minors?.[0],
      33,
      'spans are kept for "since 1.33"',
    );
    assert.deepEqual(at36.getDefinition('pod')?.required, ['containers', 'token']);
    assert.equal(at36.getDefinition('pod')?.description, 'A pod (1.36).');
  });

  it('clamps a minor outside the covered range, and an extended catalog keeps its minor', () => {
    assert.equal(catalog.atMinor(20).minor, 31);
    assert.equal(catalog.atMinor(99).minor, 36);
    const extended = Catalog.extend(catalog.atMinor(31), { cr: { properties: { a: { type: 'string' } } } });
    assert.equal(extended.minor, 31);
    assert.ok(extended.getDefinition('cr'));
    assert.equal(fieldOf(extended, 'pod', 'stopSignal'), undefined);
  });

  it('a catalog without spans covers 1.36 only', () => {
    const single = Catalog.fromData({ ...data, minors: undefined });
    assert.deepEqual([single.minors.oldest, single.minors.newest], [36, 36]);
    assert.equal(single.atMinor(31).minor, 36);
    assert.equal(inMinor(undefined, 12), true);
  });
});

describe('the kubernetesVersion setting', () => {
  it('reads the versions users write, and ignores anything else', () => {
    assert.deepEqual(
      ['1.31', 'v1.31', '1.31.4', 'v1.31.4-gke.1', 1.3, 1.31, 'x', '2.1', '', null].map(parseKubernetesMinor),
      [31, 31, 31, 31, 30, 31, undefined, undefined, undefined, undefined],
    );
    assert.deepEqual(partialSettings({ kubernetesVersion: '1.33' }), { kubernetesVersion: 33 });
    assert.deepEqual(partialSettings({ kubernetesVersion: 'latest' }), {});
  });
});
