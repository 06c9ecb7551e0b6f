import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Catalog, CatalogError, compareVersionPriority, fieldOf } from '../../server/src/catalog/catalog';
import { generateCatalog, renderCatalog } from '../../server/scripts/generateCatalog';
import { testCatalog } from '../support/catalog';
import { repoRoot, sharedFile } from '../support/paths';

describe('catalog', () => {
  const catalog = testCatalog();

  // The generator reads the official 1.30, 1.35 and 1.36 documents in ../shared besides the
  // npm packages: without them the check is pending (the committed file is what builds use).
  const official = sharedFile('k8s-openapi/v1.30/swagger.json');
  const itWithShared = 'missing' in official ? it.skip : it;
  itWithShared('is up to date with its sources (staleness)', function () {
    this.timeout(60_000);
    const committed = fs.readFileSync(path.join(repoRoot, 'server/generated/catalog.json'), 'utf8');
    const regenerated = renderCatalog(generateCatalog().catalog);
    assert.ok(committed === regenerated, 'server/generated/catalog.json is stale: run npm run build:catalog');
    const bundled = path.join(repoRoot, 'dist/catalog.json');
    if (fs.existsSync(bundled)) {
      assert.ok(
        fs.readFileSync(bundled, 'utf8') === regenerated,
        'dist/catalog.json is stale: run npm run build',
      );
    }
  });

  it('holds every built-in kind with its group, version and definition', () => {
    const apiVersions = (kind: string): string[] =>
      catalog
        .findKinds(kind)
        .map((entry) => (entry.group ? `${entry.group}/${entry.version}` : entry.version));
    assert.deepEqual(apiVersions('Pod'), ['v1']);
    assert.deepEqual(apiVersions('CronJob'), ['batch/v1', 'batch/v1beta1']);
    assert.equal(apiVersions('Deployment')[0], 'apps/v1');
    assert.deepEqual(catalog.getKind('apps/v1', 'Deployment'), {
      group: 'apps',
      version: 'v1',
      kind: 'Deployment',
      definition: 'io.k8s.api.apps.v1.Deployment',
      resource: 'deployments',
      shortNames: ['deploy'],
    });
    assert.equal(catalog.getKind('extensions/v1beta1', 'Deployment')?.deprecated, true);
    assert.equal(catalog.getKind('v1', 'Deployment'), undefined);
    assert.ok(catalog.kinds.length > 200);
  });

  it('records types, required flags, enums and their per-value documentation', () => {
    const dnsPolicy = fieldOf(catalog, 'io.k8s.api.core.v1.PodSpec', 'dnsPolicy')!;
    assert.equal(dnsPolicy.field.type, 'string');
    assert.deepEqual(dnsPolicy.field.enum, ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None']);
    assert.equal(
      dnsPolicy.field.enumDescriptions?.[3],
      'indicates that the pod should use empty DNS settings. DNS parameters such as nameservers and search paths should be defined via DNSConfig.',
    );
    assert.ok(!dnsPolicy.field.description?.includes('Possible enum values'));
    // The paragraph itself is kept apart, exactly as the Go comment (and a live server) has it.
    const restartPolicy = fieldOf(catalog, 'io.k8s.api.core.v1.PodSpec', 'restartPolicy')!;
    assert.equal(
      restartPolicy.field.enumParagraph,
      '\n\nPossible enum values:\n - `"Always"`\n - `"Never"`\n - `"OnFailure"`',
    );
    assert.ok(
      dnsPolicy.field.enumParagraph?.startsWith('\n\nPossible enum values:\n - `"ClusterFirst"` indicates'),
    );
    assert.equal(fieldOf(catalog, 'io.k8s.api.core.v1.Container', 'image')?.field.enumParagraph, undefined);
    assert.equal(fieldOf(catalog, 'io.k8s.api.core.v1.Container', 'name')?.required, true);
    assert.equal(fieldOf(catalog, 'io.k8s.api.core.v1.Container', 'image')?.required, false);
    assert.equal(
      fieldOf(catalog, 'io.k8s.api.core.v1.PodSpec', 'containers')?.field.type,
      '[]#io.k8s.api.core.v1.Container',
    );
    assert.equal(
      fieldOf(catalog, 'io.k8s.api.core.v1.ContainerPort', 'containerPort')?.field.type,
      'integer',
    );
    assert.equal(
      fieldOf(catalog, 'io.k8s.api.core.v1.ResourceRequirements', 'limits')?.field.type,
      'map[string]#io.k8s.apimachinery.pkg.api.resource.Quantity',
    );
    assert.equal(
      catalog.getDefinition('io.k8s.apimachinery.pkg.util.intstr.IntOrString')?.type,
      'integer|string',
    );
    assert.equal(catalog.getDefinition('io.k8s.apimachinery.pkg.runtime.RawExtension')?.type, 'any');
  });

  it('keeps OpenAPI numbers apart from integers', () => {
    const props = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps';
    assert.equal(fieldOf(catalog, props, 'maximum')?.field.type, 'number');
    assert.equal(fieldOf(catalog, props, 'maxLength')?.field.type, 'integer');
  });

  it('matches inline kinds back to their definition', () => {
    assert.equal(
      fieldOf(catalog, 'io.k8s.api.apps.v1.StatefulSetSpec', 'volumeClaimTemplates')?.field.type,
      '[]#io.k8s.api.core.v1.PersistentVolumeClaim',
    );
  });

  it('orders versions GA, then beta, then alpha, higher first', () => {
    assert.deepEqual(['v1beta1', 'v1', 'v2', 'v1alpha1', 'v2beta2', 'v1beta2'].sort(compareVersionPriority), [
      'v2',
      'v1',
      'v2beta2',
      'v1beta2',
      'v1beta1',
      'v1alpha1',
    ]);
  });

  it('fails to load a missing or corrupted file with one readable error', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podscope-catalog-'));
    const corrupted = path.join(dir, 'catalog.json');
    fs.writeFileSync(corrupted, '{"formatVersion": 1, "kinds": [');
    assert.throws(
      () => Catalog.load(corrupted),
      (error: Error) => {
        assert.ok(error instanceof CatalogError);
        assert.match(error.message, /^The Kubernetes catalog .*catalog\.json is corrupted: /);
        return true;
      },
    );
    assert.throws(
      () => Catalog.load(path.join(dir, 'absent.json')),
      /^CatalogError: Cannot read the Kubernetes catalog/,
    );
    fs.writeFileSync(corrupted, '{"formatVersion": 7}');
    assert.throws(() => Catalog.load(corrupted), /unknown format/);
    fs.rmSync(dir, { recursive: true });
  });
});
