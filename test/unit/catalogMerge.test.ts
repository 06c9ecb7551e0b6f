import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { type FullSource, type MergeInput, mergeCatalog, spanOf } from '../../server/scripts/catalogMerge';
import type { FullSnapshot, WeakDefinition } from '../../server/scripts/catalogSources';
import { Catalog, fieldOf } from '../../server/src/catalog/catalog';
import type { DefinitionData, KindData } from '../../server/src/catalog/catalogData';
import { testCatalog } from '../support/catalog';
import { describeWithShared } from '../support/paths';

function full(minor: number, definitions: Record<string, DefinitionData>, mergedHistory = false): FullSource {
  const kinds: FullSnapshot['kinds'] = Object.keys(definitions)
    .filter((id) => id.endsWith('Thing') || id.endsWith('Old'))
    .map((id) => ({ group: 'g', version: id.split('.')[1]!, kind: id.split('.')[2]!, definition: id }));
  return {
    minor,
    name: `source ${minor}`,
    snapshot: { definitions: new Map(Object.entries(definitions)), kinds },
    mergedHistory,
  };
}

function weak(
  fields: string[],
  required: string[] = [],
  descriptions: Record<string, string> = {},
): WeakDefinition {
  return {
    fields: new Set(fields),
    required: new Set(required),
    descriptions: new Map(Object.entries(descriptions)),
  };
}

/** A definition `g.v1.Thing` across 1.30–1.36, with each kind of difference the sources show. */
function input(): MergeInput {
  const thing = (extra: Partial<DefinitionData> = {}, fields: string[] = []): DefinitionData => ({
    description: 'A thing.',
    properties: {
      name: { type: 'string', description: 'The name.' },
      mode: {
        type: 'string',
        description: 'The mode: Fast or Slow, or Lazy.',
        enum: ['Fast', 'Lazy', 'Slow'],
        enumParagraph: '\n\nPossible enum values:\n - `"Fast"`\n - `"Lazy"`\n - `"Slow"`',
      },
      status: { type: 'string' },
      ...Object.fromEntries(fields.map((name) => [name, { type: 'string', description: `The ${name}.` }])),
    },
    required: ['name'],
    ...extra,
  });
  const base = full(
    36,
    {
      'g.v1.Thing': thing({ required: ['name', 'token'] }, ['late', 'token']),
      // kubernetes-models keeps definitions of APIs removed long ago (merged older specs).
      'g.v1beta1.Old': { properties: { x: { type: 'string' } } },
    },
    true,
  );
  const at33 = thing({}, ['late', 'token']);
  const older = thing({ description: 'A thing (1.30).', required: ['name', 'gone'] }, ['gone']);
  older.properties!.mode = { type: 'string', description: 'The mode: Fast or Slow.' };
  at33.properties!.mode = { type: 'string', description: 'The mode: Fast or Slow.', enum: ['Fast', 'Slow'] };
  return {
    oldest: 30,
    newest: 36,
    base,
    full: [
      full(30, { 'g.v1.Thing': older }),
      full(33, { 'g.v1.Thing': at33, 'g.v1beta1.Old': { properties: { x: { type: 'string' } } } }, true),
      full(35, { 'g.v1.Thing': thing({}, ['late', 'token']) }),
      base,
    ],
    weak: [
      // cdk8s (1.31): no status, and `late` is not there yet; client-node (1.32, 1.34) has all.
      {
        minor: 31,
        name: 'cdk8s',
        snapshot: new Map([['g.v1.Thing', weak(['name', 'mode', 'gone'], ['name', 'gone'])]]),
        complete: false,
      },
      {
        minor: 32,
        name: 'cn32',
        snapshot: new Map([['g.v1.Thing', weak(['name', 'mode', 'status', 'late'], ['name'])]]),
        complete: true,
      },
      {
        minor: 34,
        name: 'cn34',
        snapshot: new Map([
          [
            'g.v1.Thing',
            weak(['name', 'mode', 'status', 'late', 'token'], ['name'], { mode: 'The mode: Fast or Slow.' }),
          ],
        ]),
        complete: true,
      },
    ],
    lifecycle: new Map([['g/v1beta1/Old', { introduced: 9, removed: 16 }]]),
    makeKind: (entry) => ({ ...entry, resource: `${entry.kind.toLowerCase()}s` }),
    descriptionMinor: (minor) => ({ 31: 30, 32: 33, 34: 35 })[minor] ?? minor,
    source: 'test',
    sources: {},
  };
}

describe('catalog merge: one catalog with spans from the sources of each minor', () => {
  it('spans run from the first to the last minor present, widened over unknown minors only', () => {
    const presence = (entries: [number, boolean | undefined][]) => new Map(entries);
    assert.deepEqual(
      spanOf(
        presence([
          [30, false],
          [31, undefined],
          [32, true],
          [33, false],
          [34, true],
          [35, undefined],
          [36, false],
        ]),
        30,
        36,
      ),
      [31, 35],
    );
    assert.deepEqual(
      spanOf(
        presence([
          [30, undefined],
          [31, true],
          [36, false],
        ]),
        30,
        36,
      ),
      [30, 35],
    );
    assert.equal(
      spanOf(
        presence([
          [30, false],
          [31, undefined],
        ]),
        30,
        36,
      ),
      undefined,
    );
  });

  const { catalog: data, report } = mergeCatalog(input());
  const catalog = Catalog.fromData(data);
  const thing = data.definitions['g.v1.Thing']!;

  it('gives each field the minors its sources have it in; a weak source without status makes no gap', () => {
    assert.equal(thing.minors, undefined);
    assert.equal(thing.properties!.name!.minors, undefined);
    // status: 1.30, (1.31 cdk8s has no status: unknown), 1.32–1.36.
    assert.equal(thing.properties!.status!.minors, undefined);
    // late: absent from 1.30 and from cdk8s's 1.31, which has the definition; first in 1.32.
    assert.deepEqual(thing.properties!.late!.minors, [32, 36]);
    // gone: in 1.30 and 1.31; client-node's 1.32 has the definition without it.
    assert.deepEqual(thing.properties!.gone!.minors, [30, 31]);
    assert.deepEqual(thing.properties!.token!.minors, [33, 36]);
    assert.equal(fieldOf(catalog.atMinor(31), 'g.v1.Thing', 'late'), undefined);
    assert.ok(fieldOf(catalog.atMinor(32), 'g.v1.Thing', 'late'));
  });

  it('keeps the newest source as it is, key for key, in its own minor', () => {
    assert.deepEqual(
      catalog.atMinor(36).getDefinition('g.v1.Thing')?.properties?.name,
      input().base.snapshot.definitions.get('g.v1.Thing')!.properties!.name,
    );
    assert.deepEqual(catalog.atMinor(36).getDefinition('g.v1.Thing')?.required, ['name', 'token']);
  });

  it('spans required fields that change: required where each minor says so', () => {
    assert.deepEqual(thing.requiredMinors, { gone: [30, 31], token: [36, 36] });
    assert.deepEqual(catalog.atMinor(30).getDefinition('g.v1.Thing')?.required, ['gone', 'name']);
    assert.deepEqual(catalog.atMinor(35).getDefinition('g.v1.Thing')?.required, ['name']);
  });

  it('places an enum value only the newer package has by the prose of each minor', () => {
    // "Lazy" is in the 1.35 and 1.36 texts only.
    assert.deepEqual(thing.properties!.mode!.enumMinors, { Lazy: [35, 36] });
    const at33 = catalog.atMinor(33).getDefinition('g.v1.Thing')!.properties!.mode!;
    assert.deepEqual(at33.enum, ['Fast', 'Slow']);
    assert.equal(at33.enumParagraph, '\n\nPossible enum values:\n - `"Fast"`\n - `"Slow"`');
  });

  it('takes descriptions from full sources only; a minor without one takes its nearest full neighbour', () => {
    assert.deepEqual(thing.descriptions, [{ minors: [30, 31], text: 'A thing (1.30).' }]);
    assert.equal(catalog.atMinor(31).getDefinition('g.v1.Thing')?.description, 'A thing (1.30).');
    assert.equal(catalog.atMinor(32).getDefinition('g.v1.Thing')?.description, 'A thing.');
  });

  it('ends a removed kind the minor before its removal; its definitions are in no covered minor', () => {
    const old = data.kinds.find((kind: KindData) => kind.kind === 'Old')!;
    assert.deepEqual(old.minors, [9, 15]);
    assert.deepEqual(report.definitionsWithoutMinor, ['g.v1beta1.Old']);
    assert.deepEqual(data.definitions['g.v1beta1.Old']!.minors, [9, 15]);
    assert.equal(catalog.atMinor(30).getDefinition('g.v1beta1.Old'), undefined);
    assert.equal(catalog.atMinor(30).getKind('g/v1beta1', 'Old'), undefined);
  });
});

/** Spans of the committed catalog, each confirmed by the official documents where they exist. */
describe('the committed catalog: Kubernetes 1.30 to 1.36 with spans', () => {
  const catalog = testCatalog();
  const span = (id: string, field: string) => catalog.getDefinition(id)?.properties?.[field]?.minors;

  it('covers 1.30 to 1.36, with the source of each minor', () => {
    assert.equal(catalog.minors.oldest, 30);
    assert.equal(catalog.minors.newest, 36);
    assert.deepEqual(Object.keys(catalog.minors.sources), [
      '1.30',
      '1.31',
      '1.32',
      '1.33',
      '1.34',
      '1.35',
      '1.36',
    ]);
  });

  it('dates fields added in the span (PodSpec.resources 1.32, Lifecycle.stopSignal 1.33, hostnameOverride 1.34)', () => {
    assert.deepEqual(span('io.k8s.api.core.v1.Volume', 'image'), [31, 36]);
    assert.deepEqual(span('io.k8s.api.core.v1.PodSpec', 'resources'), [32, 36]);
    assert.deepEqual(span('io.k8s.api.core.v1.Lifecycle', 'stopSignal'), [33, 36]);
    assert.deepEqual(span('io.k8s.api.core.v1.PodSpec', 'hostnameOverride'), [34, 36]);
    // The 1.35 alpha workloadRef is gone from the 1.36 document; PodResourceClaim.source left after 1.30.
    assert.deepEqual(span('io.k8s.api.core.v1.PodSpec', 'workloadRef'), [35, 35]);
    assert.deepEqual(span('io.k8s.api.core.v1.PodResourceClaim', 'source'), [30, 30]);
    assert.deepEqual(span('io.k8s.api.core.v1.Toleration', 'operator'), undefined);
    assert.deepEqual(
      catalog.getDefinition('io.k8s.api.core.v1.Toleration')?.properties?.operator?.enumMinors,
      {
        Gt: [35, 36],
        Lt: [35, 36],
      },
    );
    assert.deepEqual(catalog.getDefinition('io.k8s.api.apps.v1.StatefulSetSpec')?.requiredMinors, {
      serviceName: [30, 32],
    });
  });

  it('serves each kind in the minors the lifecycle table and the deprecation guide give', () => {
    const kind = (apiVersion: string, name: string) => catalog.getKind(apiVersion, name)?.minors;
    assert.deepEqual(kind('policy/v1beta1', 'PodDisruptionBudget'), [5, 24]);
    assert.deepEqual(kind('policy/v1beta1', 'PodSecurityPolicy'), [10, 24]);
    assert.deepEqual(kind('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema'), [26, 31]);
    assert.deepEqual(kind('admissionregistration.k8s.io/v1beta1', 'ValidatingAdmissionPolicy'), [28, 33]);
    assert.deepEqual(kind('networking.k8s.io/v1', 'IPAddress'), [33, 36]);
    // Off by default, but served once enabled: in.
    assert.deepEqual(kind('resource.k8s.io/v1beta1', 'ResourceClaim'), [32, 36]);
    assert.equal(kind('apps/v1', 'Deployment'), undefined);
    assert.ok(catalog.kinds.every((entry) => !/alpha/.test(entry.version)));
  });

  for (const minor of [30, 35]) {
    describeWithShared(
      `confirmed by the official 1.${minor} document`,
      `k8s-openapi/v1.${minor}/swagger.json`,
      (file) => {
        const definitions = (
          JSON.parse(fs.readFileSync(file, 'utf8')) as {
            definitions: Record<string, { properties?: Record<string, unknown> }>;
          }
        ).definitions;
        it('has exactly the fields the spans put in that minor, for the pod and its containers', () => {
          for (const id of [
            'io.k8s.api.core.v1.PodSpec',
            'io.k8s.api.core.v1.Container',
            'io.k8s.api.core.v1.Lifecycle',
          ]) {
            assert.deepEqual(
              Object.keys(catalog.atMinor(minor).getDefinition(id)?.properties ?? {}).sort(),
              Object.keys(definitions[id]?.properties ?? {}).sort(),
              id,
            );
          }
        });
      },
    );
  }
});
