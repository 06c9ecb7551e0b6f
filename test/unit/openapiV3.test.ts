import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { compareKubeAwareVersions, discoveryFromSwagger, startFakeApiServer } from '../support/fakeApiServer';
import {
  type OpenApiV3Document,
  type SwaggerDocument,
  comparableSchema,
  deriveOpenApiV3,
  groupVersionPaths,
  publishEnums,
} from '../support/openapiV3';
import { testCatalog } from '../support/catalog';
import { describeWithShared, sharedFile } from '../support/paths';

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

/** The keys present on one side only, anywhere in two JSON values, with how often. */
function keyDifferences(a: unknown, b: unknown, into = new Map<string, number>()): Map<string, number> {
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && !Array.isArray(a)) {
    const left = a as Record<string, unknown>;
    const right = b as Record<string, unknown>;
    for (const key of new Set([...Object.keys(left), ...Object.keys(right)])) {
      if (!(key in left) || !(key in right)) {
        into.set(key, (into.get(key) ?? 0) + 1);
      } else {
        keyDifferences(left[key], right[key], into);
      }
    }
  } else if (Array.isArray(a) && Array.isArray(b)) {
    a.forEach((item, index) => keyDifferences(item, b[index], into));
  }
  return into;
}

describeWithShared(
  'OpenAPI v3 derived from v2, checked against the real 1.35 v3 documents',
  'k8s-openapi/v1.35',
  (root) => {
    const swagger = readJson<SwaggerDocument>(path.join(root, 'swagger.json'));
    const realDocuments = [
      ['api/v1', 'api__v1_openapi.json'],
      ['apis/apps/v1', 'apis__apps__v1_openapi.json'],
      ['apis/batch/v1', 'apis__batch__v1_openapi.json'],
    ] as const;

    it('names the same group-versions as the index of a 1.35 server, the three real documents among them', () => {
      const paths = groupVersionPaths(swagger);
      for (const [groupVersion] of realDocuments) {
        assert.ok(paths.includes(groupVersion), groupVersion);
      }
      assert.ok(
        !paths.some(
          (groupVersion) => groupVersion.split('/').length !== (groupVersion.startsWith('api/') ? 2 : 3),
        ),
      );
    });

    for (const [groupVersion, file] of realDocuments) {
      describe(groupVersion, () => {
        const real = readJson<OpenApiV3Document>(path.join(root, 'v3', file));
        const derived = deriveOpenApiV3(swagger, groupVersion);

        it('holds exactly the real document’s schemas, equal but for the defaults v2 does not carry', () => {
          assert.deepEqual(
            Object.keys(derived.components.schemas).sort(),
            Object.keys(real.components.schemas).sort(),
          );
          const unequal = Object.keys(real.components.schemas).filter(
            (id) =>
              !isDeepStrictEqual(
                comparableSchema(derived.components.schemas[id]),
                comparableSchema(real.components.schemas[id]),
              ),
          );
          assert.deepEqual(unequal, []);
          // The only keys on one side alone are `default` (field defaults, absent from v2).
          assert.deepEqual(
            [...keyDifferences(derived.components.schemas, real.components.schemas).keys()],
            ['default'],
          );
        });

        it('has the real document’s paths, each operation with its GVK', () => {
          assert.deepEqual(Object.keys(derived.paths).sort(), Object.keys(real.paths).sort());
          for (const [pathName, item] of Object.entries(real.paths)) {
            for (const [method, operation] of Object.entries(item)) {
              if (method === 'parameters') {
                continue;
              }
              assert.deepEqual(
                derived.paths[pathName]?.[method]?.['x-kubernetes-group-version-kind'],
                operation['x-kubernetes-group-version-kind'],
                `${method} ${pathName}`,
              );
            }
          }
        });
      });
    }
  },
);

describe('fake API server content', () => {
  const swaggerFile = sharedFile('k8s-openapi/v1.36/swagger.json');
  if ('missing' in swaggerFile) {
    it.skip(`skipped: ${swaggerFile.missing}`, () => undefined);
    return;
  }
  const swagger = readJson<SwaggerDocument>(swaggerFile.path);

  it('orders versions as aggregated discovery does: GA, beta, alpha, newest first', () => {
    assert.deepEqual(
      ['v1alpha1', 'v1', 'v2beta1', 'v1beta2', 'v2', 'v1beta1'].sort(compareKubeAwareVersions),
      ['v2', 'v1', 'v2beta1', 'v1beta2', 'v1beta1', 'v1alpha1'],
    );
  });

  it('discovers resources from the paths, with scope, verbs and the registry’s short names', () => {
    const groups = discoveryFromSwagger(swagger);
    const core = groups.find((group) => group.group === '')!;
    assert.deepEqual(
      core.versions.map((version) => version.version),
      ['v1'],
    );
    const pods = core.versions[0]!.resources.find((resource) => resource.resource === 'pods')!;
    assert.deepEqual(
      { ...pods, verbs: [...pods.verbs].sort() },
      {
        resource: 'pods',
        kind: 'Pod',
        namespaced: true,
        verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
        shortNames: ['po'],
      },
    );
    const nodes = core.versions[0]!.resources.find((resource) => resource.resource === 'nodes')!;
    assert.equal(nodes.namespaced, false);
    // Subresources are not resources of their own.
    assert.ok(!core.versions[0]!.resources.some((resource) => resource.resource === 'status'));
    const autoscaling = groups.find((group) => group.group === 'autoscaling')!;
    assert.deepEqual(
      autoscaling.versions.map((version) => version.version),
      ['v2', 'v1'],
    );
  });

  it('serves aggregated discovery to the clients that take it and legacy discovery to the others', async () => {
    const server = await startFakeApiServer({
      gitVersion: 'v1.36.0',
      groups: discoveryFromSwagger(swagger),
      documents: new Map([['apis/apps/v1', deriveOpenApiV3(swagger, 'apis/apps/v1')]]),
    });
    try {
      const aggregated = await fetch(`${server.url}/apis`, {
        headers: {
          Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json',
        },
      });
      assert.equal(
        aggregated.headers.get('content-type'),
        'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
      );
      const list = (await aggregated.json()) as {
        items: { metadata: { name: string }; versions: { version: string }[] }[];
      };
      assert.deepEqual(
        list.items
          .find((item) => item.metadata.name === 'autoscaling')
          ?.versions.map((version) => version.version),
        ['v2', 'v1'],
      );
      const legacy = (await (await fetch(`${server.url}/apis`)).json()) as {
        groups: { name: string; preferredVersion: { groupVersion: string } }[];
      };
      assert.equal(
        legacy.groups.find((group) => group.name === 'autoscaling')?.preferredVersion.groupVersion,
        'autoscaling/v2',
      );
      const apps = (await (await fetch(`${server.url}/apis/apps/v1`)).json()) as {
        resources: { name: string; shortNames?: string[] }[];
      };
      assert.deepEqual(apps.resources.find((resource) => resource.name === 'deployments')?.shortNames, [
        'deploy',
      ]);
      const index = (await (await fetch(`${server.url}/openapi/v3`)).json()) as {
        paths: Record<string, { serverRelativeURL: string }>;
      };
      const document = (await (
        await fetch(`${server.url}${index.paths['apis/apps/v1']!.serverRelativeURL}`)
      ).json()) as OpenApiV3Document;
      assert.ok(document.components.schemas['io.k8s.api.apps.v1.Deployment']);
      assert.equal((await fetch(`${server.url}/apis/nope/v1`)).status, 404);
    } finally {
      await server.close();
    }
  });

  it('publishes enums as a live server does: the values and the "Possible enum values" paragraph', () => {
    const derived = deriveOpenApiV3(swagger, 'api/v1');
    const published = publishEnums(derived, testCatalog());
    const podSpec = published.components.schemas['io.k8s.api.core.v1.PodSpec'] as {
      properties: Record<string, { description: string; enum?: string[] }>;
    };
    assert.deepEqual(podSpec.properties.restartPolicy, {
      description:
        'Restart policy for all containers within the pod. One of Always, OnFailure, Never. In some contexts, only a subset of those values may be permitted. Default to Always. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#restart-policy\n\nPossible enum values:\n - `"Always"`\n - `"Never"`\n - `"OnFailure"`',
      type: 'string',
      enum: ['Always', 'Never', 'OnFailure'],
    });
    assert.equal(podSpec.properties.nodeName?.enum, undefined);
    // The derived document itself is left as it was.
    const original = derived.components.schemas['io.k8s.api.core.v1.PodSpec'] as typeof podSpec;
    assert.equal(original.properties.restartPolicy?.enum, undefined);
    let count = 0;
    for (const groupVersion of groupVersionPaths(swagger)) {
      const document = publishEnums(deriveOpenApiV3(swagger, groupVersion), testCatalog());
      for (const schema of Object.values(document.components.schemas)) {
        for (const property of Object.values(
          (schema.properties ?? {}) as Record<string, { enum?: unknown }>,
        )) {
          count += property.enum ? 1 : 0;
        }
      }
    }
    // 87 enum fields of the catalog, some served by several group-versions' documents.
    assert.ok(count >= 87, `${count} enum fields published`);
  });
});
