/**
 * A fake Kubernetes API server that serves exactly what `kubectl explain` reads: `/version`,
 * discovery (aggregated for the clients that take it, else legacy) and the OpenAPI v3 documents (`/openapi/v3` and
 * `/openapi/v3/<path>?hash=…`). Node's standard library only, bound to 127.0.0.1 on a free
 * port; `close()` stops it.
 */
import * as crypto from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OpenApiV3Document, SwaggerDocument } from './openapiV3';

/** One resource of the discovery documents (apidiscovery.k8s.io/v2 APIResourceDiscovery). */
export interface DiscoveredResource {
  resource: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
  shortNames?: string[];
}

export interface DiscoveredGroup {
  /** Empty for the core group. */
  group: string;
  /** Most preferred first, as aggregated discovery lists them. */
  versions: { version: string; resources: DiscoveredResource[] }[];
}

/**
 * Short names are registered by each resource's REST storage (`ShortNames()` in
 * kubernetes/kubernetes pkg/registry/<group>/<resource>/storage/storage.go, and
 * apiextensions-apiserver's customresourcedefinition/etcd.go); the OpenAPI document does not
 * carry them.
 */
export const registryShortNames: Record<string, string[]> = {
  '/pods': ['po'],
  '/services': ['svc'],
  '/replicationcontrollers': ['rc'],
  '/nodes': ['no'],
  '/namespaces': ['ns'],
  '/persistentvolumes': ['pv'],
  '/persistentvolumeclaims': ['pvc'],
  '/serviceaccounts': ['sa'],
  '/configmaps': ['cm'],
  '/endpoints': ['ep'],
  '/events': ['ev'],
  '/limitranges': ['limits'],
  '/resourcequotas': ['quota'],
  '/componentstatuses': ['cs'],
  'apps/deployments': ['deploy'],
  'apps/daemonsets': ['ds'],
  'apps/replicasets': ['rs'],
  'apps/statefulsets': ['sts'],
  'batch/cronjobs': ['cj'],
  'autoscaling/horizontalpodautoscalers': ['hpa'],
  'networking.k8s.io/ingresses': ['ing'],
  'networking.k8s.io/networkpolicies': ['netpol'],
  'policy/poddisruptionbudgets': ['pdb'],
  'scheduling.k8s.io/priorityclasses': ['pc'],
  'storage.k8s.io/storageclasses': ['sc'],
  'apiextensions.k8s.io/customresourcedefinitions': ['crd', 'crds'],
  'certificates.k8s.io/certificatesigningrequests': ['csr'],
  'events.k8s.io/events': ['ev'],
};

/** x-kubernetes-action → discovery verb. */
const actionVerbs: Record<string, string> = {
  get: 'get',
  list: 'list',
  post: 'create',
  put: 'update',
  patch: 'patch',
  delete: 'delete',
  deletecollection: 'deletecollection',
  watch: 'watch',
  watchlist: 'watch',
};

/**
 * The version order of aggregated discovery: GA before beta before alpha, higher first
 * (k8s.io/apimachinery/pkg/version/helpers.go, CompareKubeAwareVersionStrings).
 */
export function compareKubeAwareVersions(a: string, b: string): number {
  const rank = (version: string): [number, number, number] => {
    const match = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(version);
    if (!match) {
      return [-1, 0, 0];
    }
    const level = match[2] === undefined ? 2 : match[2] === 'beta' ? 1 : 0;
    return [level, Number(match[1]), Number(match[3] ?? 0)];
  };
  const [left, right] = [rank(a), rank(b)];
  for (let index = 0; index < 3; index++) {
    if (left[index] !== right[index]) {
      return right[index]! - left[index]!;
    }
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Discovery as the API server would publish it for the resources of a swagger document: each
 * path `/api/v1/[namespaces/{namespace}/]<resource>[/{name}]` (subresources left out) with the
 * GVK and actions of its operations.
 */
export function discoveryFromSwagger(swagger: SwaggerDocument): DiscoveredGroup[] {
  const groups = new Map<string, Map<string, Map<string, DiscoveredResource>>>();
  const pattern =
    /^\/(?:api|apis\/([^/]+))\/([^/]+)\/(?:(namespaces\/\{namespace\})\/)?([^/{]+)(?:\/\{name\})?$/;
  for (const [path, item] of Object.entries(swagger.paths)) {
    // A deprecated watch path (`/api/v1/watch/namespaces/{namespace}/pods`) adds the watch verb
    // to the resource it names.
    const match = pattern.exec(path.replace(/^(\/(?:api|apis\/[^/]+)\/[^/]+)\/watch\//, '$1/'));
    if (!match) {
      continue;
    }
    const [, group = '', version = '', namespaced, resource = ''] = match;
    for (const operation of Object.values(item)) {
      const gvk = (operation as { 'x-kubernetes-group-version-kind'?: { kind: string } })[
        'x-kubernetes-group-version-kind'
      ];
      const action = (operation as { 'x-kubernetes-action'?: string })['x-kubernetes-action'];
      if (!gvk || !action) {
        continue;
      }
      const versions = groups.get(group) ?? new Map<string, Map<string, DiscoveredResource>>();
      groups.set(group, versions);
      const resources = versions.get(version) ?? new Map<string, DiscoveredResource>();
      versions.set(version, resources);
      const shortNames = registryShortNames[`${group}/${resource}`];
      const entry = resources.get(resource) ?? {
        resource,
        kind: gvk.kind,
        namespaced: namespaced !== undefined,
        verbs: [],
        ...(shortNames ? { shortNames } : {}),
      };
      entry.namespaced ||= namespaced !== undefined;
      const verb = actionVerbs[action];
      if (verb && !entry.verbs.includes(verb)) {
        entry.verbs.push(verb);
      }
      resources.set(resource, entry);
    }
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([group, versions]) => ({
      group,
      versions: [...versions.entries()]
        .sort(([a], [b]) => compareKubeAwareVersions(a, b))
        .map(([version, resources]) => ({
          version,
          resources: [...resources.values()].sort((a, b) => (a.resource < b.resource ? -1 : 1)),
        })),
    }));
}

const aggregatedDiscoveryType = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** apidiscovery.k8s.io/v2 APIGroupDiscoveryList (k8s.io/api/apidiscovery/v2/types.go). */
function groupDiscoveryList(groups: DiscoveredGroup[]): unknown {
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: groups.map(({ group, versions }) => ({
      metadata: { name: group, creationTimestamp: null },
      versions: versions.map(({ version, resources }) => ({
        version,
        freshness: 'Current',
        resources: resources.map((resource) => ({
          resource: resource.resource,
          responseKind: { group, version, kind: resource.kind },
          scope: resource.namespaced ? 'Namespaced' : 'Cluster',
          singularResource: resource.kind.toLowerCase(),
          verbs: resource.verbs,
          ...(resource.shortNames ? { shortNames: resource.shortNames } : {}),
        })),
      })),
    })),
  };
}

/**
 * Whether the client takes aggregated discovery v2 (kubectl 1.30+; older clients ask for
 * v2beta1 or the legacy documents, which are served to them instead).
 */
function acceptsAggregated(request: http.IncomingMessage): boolean {
  return (request.headers.accept ?? '').includes('g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
}

/** Legacy discovery's APIGroupList (k8s.io/apimachinery/pkg/apis/meta/v1/types.go). */
function legacyGroupList(groups: DiscoveredGroup[]): unknown {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groups
      .filter(({ group }) => group !== '')
      .map(({ group, versions }) => {
        const entries = versions.map(({ version }) => ({ groupVersion: `${group}/${version}`, version }));
        return { name: group, versions: entries, preferredVersion: entries[0] };
      }),
  };
}

/** Legacy discovery's APIResourceList of each group-version, by its path. */
function legacyResourceListsOf(groups: DiscoveredGroup[]): Map<string, unknown> {
  const lists = new Map<string, unknown>();
  for (const { group, versions } of groups) {
    for (const { version, resources } of versions) {
      const groupVersion = group ? `${group}/${version}` : version;
      lists.set(group ? `/apis/${groupVersion}` : `/api/${version}`, {
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion,
        resources: resources.map((resource) => ({
          name: resource.resource,
          singularName: resource.kind.toLowerCase(),
          namespaced: resource.namespaced,
          kind: resource.kind,
          verbs: resource.verbs,
          ...(resource.shortNames ? { shortNames: resource.shortNames } : {}),
        })),
      });
    }
  }
  return lists;
}

export interface FakeApiServer {
  url: string;
  /** Every request path received, in order (for diagnosing what a client asked for). */
  requests: string[];
  close(): Promise<void>;
}

export interface FakeApiServerContent {
  gitVersion: string;
  groups: DiscoveredGroup[];
  /** The OpenAPI v3 document of each group-version path (`api/v1`, `apis/apps/v1`). */
  documents: Map<string, OpenApiV3Document>;
}

export async function startFakeApiServer(content: FakeApiServerContent): Promise<FakeApiServer> {
  const bodies = new Map<string, { hash: string; body: string }>();
  for (const [path, document] of content.documents) {
    const body = JSON.stringify(document);
    bodies.set(path, { hash: crypto.createHash('sha512').update(body).digest('hex').toUpperCase(), body });
  }
  const legacyResourceLists = legacyResourceListsOf(content.groups);
  const [major, minor] = /^v(\d+)\.(\d+)/.exec(content.gitVersion)?.slice(1) ?? ['1', '0'];
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requests.push(url.pathname + url.search);
    const send = (status: number, type: string, body: string): void => {
      response.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
      response.end(body);
    };
    const json = (value: unknown, type = 'application/json'): void => send(200, type, JSON.stringify(value));
    if (url.pathname === '/version') {
      json({ major, minor, gitVersion: content.gitVersion, platform: 'linux/amd64' });
    } else if ((url.pathname === '/api' || url.pathname === '/apis') && acceptsAggregated(request)) {
      const core = url.pathname === '/api';
      json(
        groupDiscoveryList(content.groups.filter((group) => (group.group === '') === core)),
        aggregatedDiscoveryType,
      );
    } else if (url.pathname === '/api') {
      json({ kind: 'APIVersions', versions: ['v1'] });
    } else if (url.pathname === '/apis') {
      json(legacyGroupList(content.groups));
    } else if (legacyResourceLists.has(url.pathname)) {
      json(legacyResourceLists.get(url.pathname));
    } else if (url.pathname === '/openapi/v3') {
      json({
        paths: Object.fromEntries(
          [...bodies].map(([path, { hash }]) => [
            path,
            { serverRelativeURL: `/openapi/v3/${path}?hash=${hash}` },
          ]),
        ),
      });
    } else if (
      url.pathname.startsWith('/openapi/v3/') &&
      bodies.has(url.pathname.slice('/openapi/v3/'.length))
    ) {
      send(200, 'application/json', bodies.get(url.pathname.slice('/openapi/v3/'.length))!.body);
    } else {
      send(
        404,
        'application/json',
        JSON.stringify({
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: 'the server could not find the requested resource',
          reason: 'NotFound',
          code: 404,
        }),
      );
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
