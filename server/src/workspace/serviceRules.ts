/**
 * Rules across files about Services, Ingresses and HPAs: a Service whose selector matches no pod
 * template, one that selects the pods of unrelated workloads, a `targetPort` name no selected
 * container declares, an Ingress backend whose Service or port the workspace does not have, an
 * HPA whose target it does not have.
 *
 * Quiet by design, and quieter than the rules of workspaceRules.ts: a folder of manifests is often
 * many applications (examples, test data, a docs site) whose Services and workloads share labels
 * like `app: nginx` without being deployed together, and whose Ingresses name Services of the
 * reader's cluster. So each rule speaks only of the application beside the object, in its own
 * directory (the layout of a Kustomize base or a chart's output), and only on evidence that it
 * is that application's mistake:
 * - a Service selects nothing only where its directory holds the workload it is evidently for (one
 *   whose name holds the Service's, or the reverse), and no operator's resource may make its pods;
 * - unrelated workloads are those of the Service's directory only;
 * - a `targetPort` name is checked against the selected workloads of its directory and the sibling
 *   directories, and looked for in every definition of them, patches too;
 * - an Ingress's missing Service only where another backend of the same Ingress is found, or a
 *   Service of its directory is a close match (a typo); a port only where the Service is found;
 * - an HPA's missing target only where a workload of that kind in its directory is a close match.
 * None speaks before the first indexing has finished, or on a templated name.
 */
import type { Declaration, Reference, ScaleTargetKind } from './fileResources';
import { distinctWorkloads, namesControllerLabel, selectedWorkloads } from './selectors';
import type { Located, WorkspaceIndex } from './workspaceIndex';
import { folderOf, sameNamespace } from './workspaceIndex';
import { declarationsByKind, type WorkspaceFinding, type WorkspaceRule } from './workspaceRule';
import { closestMatch } from '../util/suggest';

function templated(name: string): boolean {
  return /\$\(|\{\{|\$\{/.test(name);
}

function inNamespace(namespace: string | undefined): string {
  return namespace === undefined ? '' : ` in namespace "${namespace}"`;
}

/**
 * Whether an apiVersion is of a group Kubernetes serves itself: the core group, the `*.k8s.io`
 * groups and the unsuffixed ones (apps, batch, policy, autoscaling, extensions).
 */
function builtInApiVersion(apiVersion: string): boolean {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  return group === '' || group.endsWith('.k8s.io') || !group.includes('.');
}

/**
 * Whether an object the workspace shows only as a custom resource may make the selected pods:
 * an operator's resource (a Prometheus, an Argo Rollout) in the namespace whose labels the
 * selector matches, or whose name a selector value is.
 */
function mayBeMadeByAnOperator(index: WorkspaceIndex, service: Declaration): boolean {
  const selector = service.selector!;
  const values = new Set(Object.values(selector.matchLabels));
  for (const { item } of index.declarations()) {
    if (builtInApiVersion(item.apiVersion) || !sameNamespace(item.namespace, service.namespace)) {
      continue;
    }
    const labelled = Object.entries(selector.matchLabels).every(([key, value]) => item.labels[key] === value);
    if (labelled || values.has(item.name)) {
      return true;
    }
  }
  return false;
}

/** The Services of a file with a selector that names only what the templates write. */
function servicesWithSelector(declarations: readonly Declaration[]): Declaration[] {
  return declarations.filter(
    (declaration) =>
      declaration.kind === 'Service' &&
      declaration.selector !== undefined &&
      !declaration.selector.empty &&
      !namesControllerLabel(declaration.selector) &&
      ![
        ...Object.keys(declaration.selector.matchLabels),
        ...Object.values(declaration.selector.matchLabels),
      ].some(templated),
  );
}

/**
 * Whether two files are of one application's layout: the same directory, or sibling directories
 * (a Kustomize base's `manager/` and `rbac/`).
 */
function neighbours(a: string, b: string): boolean {
  const parent = (directory: string): string =>
    directory.slice(0, directory.lastIndexOf('/', directory.length - 2) + 1);
  const [first, second] = [folderOf(a), folderOf(b)];
  return first === second || parent(first) === parent(second);
}

function labelsText(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}

/**
 * A Service whose selector matches no pod template of the workspace: its endpoints stay empty
 * (pkg/controller/endpointslice reconciles the pods that match `spec.selector`), so every
 * connection to it fails. Only where the workspace declares workloads in the Service's namespace.
 */
export const serviceSelectsNothing: WorkspaceRule = {
  id: 'service-selects-nothing',
  defaultSeverity: 'warning',
  summary: 'A Service selects no pod, not even those of the workload beside it that it is named for.',
  validate({ uri, resources, index }) {
    if (!index.complete) {
      return [];
    }
    const findings: WorkspaceFinding[] = [];
    for (const service of servicesWithSelector(resources.declarations)) {
      if (selectedWorkloads(index, service).length > 0 || mayBeMadeByAnOperator(index, service)) {
        continue;
      }
      // The workload the Service is evidently for: beside it, named like it.
      const workload = index
        .declarationsBeside(uri)
        .find(
          ({ item }) =>
            item.template !== undefined &&
            sameNamespace(item.namespace, service.namespace) &&
            (item.name.includes(service.name) || service.name.includes(item.name)),
        )?.item;
      if (!workload) {
        continue;
      }
      const labels = labelsText(workload.template!.labels);
      findings.push({
        range: service.selector!.range,
        message:
          `Service "${service.name}" selects no pod: its selector ${labelsText(service.selector!.matchLabels)} ` +
          `matches no workload of the workspace${inNamespace(service.namespace)}, not ${workload.kind} "${workload.name}" ` +
          `beside it (${labels === '' ? 'its pod template has no labels' : `its pods are labelled ${labels}`}). Its endpoints stay empty.`,
      });
    }
    return findings;
  },
};

/** An image's repository, without its tag or digest: `nginx:1.27` and `nginx@sha256:…` are `nginx`. */
function repository(image: string): string {
  const withoutDigest = image.split('@')[0]!;
  const colon = withoutDigest.lastIndexOf(':');
  return colon > withoutDigest.lastIndexOf('/') ? withoutDigest.slice(0, colon) : withoutDigest;
}

/**
 * A Service whose selector matches the pod templates of two workloads that run different
 * software: its traffic is spread over both (kube-proxy balances over every ready endpoint).
 * Workloads that share an image repository (a canary beside the stable release, the same
 * Deployment in two overlays) are related and not reported; nor are workloads without images,
 * nor workloads of other directories (often other applications that share a label).
 */
export const serviceSelectsUnrelatedWorkloads: WorkspaceRule = {
  id: 'service-selects-unrelated',
  defaultSeverity: 'warning',
  summary: 'A Service selects the pods of two workloads that share no container image.',
  validate({ uri, resources, index }) {
    const findings: WorkspaceFinding[] = [];
    const directory = folderOf(uri);
    for (const service of servicesWithSelector(resources.declarations)) {
      const selected = selectedWorkloads(index, service).filter(
        (located) => folderOf(located.uri) === directory,
      );
      // A workload declared in several files (a base and its overlays) is one, with all their images.
      const images = new Map<string, Set<string>>();
      for (const { item } of selected) {
        const key = `${item.kind} ${item.name}`;
        const set = images.get(key) ?? new Set<string>();
        item.template!.images.forEach((image) => set.add(repository(image)));
        images.set(key, set);
      }
      const known = [...images].filter(([, set]) => set.size > 0);
      const pair = known.flatMap(([a, first], i) =>
        known
          .slice(i + 1)
          .flatMap(([b, second]) => ([...first].some((image) => second.has(image)) ? [] : [[a, b]])),
      )[0];
      if (!pair) {
        continue;
      }
      findings.push({
        range: service.selector!.range,
        message:
          `Service "${service.name}" selects the pods of ${distinctWorkloads(selected).length} workloads, ` +
          `among them ${pair[0]} and ${pair[1]}, which run different images: its connections go to either. ` +
          'Give each workload a label of its own and select it.',
      });
    }
    return findings;
  },
};

/**
 * A Service port whose `targetPort` is a name that no container of the selected pods declares
 * (core/v1 ServicePort: "Name ... to access on the pods targeted by the service"; an endpoint is
 * made only for a pod with a container port of that name: pkg/api/v1/pod/util.go
 * FindPort). Only the selected workloads of the Service's directory and its siblings count (a
 * base's `manager/` beside its `rbac/`), and only where each has its containers written (not a
 * patch); the port is looked for in every definition of them, patches included.
 */
export const targetPortNotFound: WorkspaceRule = {
  id: 'target-port-not-found',
  defaultSeverity: 'warning',
  summary: "A Service's targetPort names a port that no container of the selected pods declares.",
  validate({ uri, resources, index }) {
    const findings: WorkspaceFinding[] = [];
    for (const service of servicesWithSelector(resources.declarations)) {
      const selected = selectedWorkloads(index, service)
        .filter((located) => neighbours(located.uri, uri))
        .map(({ item }) => item);
      if (selected.length === 0 || selected.some((workload) => !workload.template!.hasContainers)) {
        // A template without containers is a patch's: what it selects is not all written here.
        continue;
      }
      // Every definition of a selected workload: a patch may add the container with the port.
      const definitions = selected.flatMap((workload) =>
        index.declarationsOf({
          kind: workload.kind as ScaleTargetKind,
          name: workload.name,
          namespace: workload.namespace,
        }),
      );
      const names = new Set(
        [...selected, ...definitions.map(({ item }) => item)].flatMap((workload) =>
          (workload.template?.ports ?? []).map((port) => port.name),
        ),
      );
      for (const port of service.ports ?? []) {
        if (typeof port.targetPort !== 'string' || !port.targetPortRange || names.has(port.targetPort)) {
          continue;
        }
        if (/^[0-9]+$/.test(port.targetPort) || templated(port.targetPort)) {
          continue; // A number written as a string is intOrString's number.
        }
        const suggestion = closestMatch(port.targetPort, names);
        const workloads = distinctWorkloads(selected.map((item) => ({ uri: '', item })));
        findings.push({
          range: port.targetPortRange,
          message:
            `No container of the pods Service "${service.name}" selects (${workloads.map(({ item }) => `${item.kind} ${item.name}`).join(', ')}) ` +
            `declares a port named "${port.targetPort}"` +
            (names.size > 0 ? ` (they declare ${[...names].map((name) => `"${name}"`).join(', ')})` : '') +
            (suggestion ? `; did you mean "${suggestion}"?` : '.') +
            ' The Service gets no endpoint for this port.',
        });
      }
    }
    return findings;
  },
};

/** Whether the workspace holds objects of a kind where a reference could find them. */
function holdsKind(index: WorkspaceIndex, reference: Reference): Located<Declaration>[] {
  return index.declarationsOfKind(reference.kind, reference.namespace);
}

/**
 * An Ingress backend (networking/v1 IngressServiceBackend: `name`, and `port.number` or
 * `port.name` of the Service's ports) whose Service, or whose port, the workspace does not have.
 * A missing Service only where another backend of the Ingress is found, or a Service beside it
 * has almost that name; a missing port only where the Service is found and its every definition
 * lacks the port.
 */
export const ingressBackendNotFound: WorkspaceRule = {
  id: 'ingress-backend-not-found',
  defaultSeverity: 'warning',
  summary: 'An Ingress backend names a Service, or a port of it, that the workspace does not define.',
  validate({ uri, resources, index }) {
    const findings: WorkspaceFinding[] = [];
    const backends = resources.references.filter(({ kind }) => kind === 'Service');
    const besideOfKind = declarationsByKind(
      () => index.declarationsBeside(uri),
      ({ item }) => item.kind,
    );
    const definitionsOf = (reference: Reference): Declaration[] =>
      index
        .declarationsOf({ kind: reference.kind, name: reference.name, namespace: reference.namespace })
        .map(({ item }) => item);
    for (const reference of backends) {
      if (templated(reference.name)) {
        continue;
      }
      const services = definitionsOf(reference);
      if (services.length === 0) {
        if (!index.complete) {
          continue;
        }
        // The Ingress's application is here: another backend of it is found.
        const siblingFound = backends.some(
          (other) =>
            other.from === reference.from && other.name !== reference.name && definitionsOf(other).length > 0,
        );
        const nearby = besideOfKind('Service').filter(({ item }) =>
          sameNamespace(item.namespace, reference.namespace),
        );
        const suggestion = closestMatch(
          reference.name,
          (siblingFound ? holdsKind(index, reference) : nearby).flatMap(({ item }) => [
            item.name,
            ...(item.builtNames ?? []),
          ]),
        );
        if (siblingFound || suggestion !== undefined) {
          findings.push({
            range: reference.nameRange,
            message:
              `${reference.from} sends traffic to Service "${reference.name}", which no file of the workspace defines${inNamespace(reference.namespace)}` +
              (suggestion ? `; did you mean "${suggestion}"?` : '.'),
          });
        }
        continue;
      }
      const port = reference.port;
      if (!port || (port.name !== undefined && templated(port.name))) {
        continue;
      }
      const has = (service: Declaration): boolean =>
        (service.ports ?? []).some((entry) =>
          port.number !== undefined ? entry.port === port.number : entry.name === port.name,
        );
      if (services.some(has)) {
        continue;
      }
      const ports = [
        ...new Set(
          services.flatMap((service) =>
            (service.ports ?? []).map((entry) => (port.number !== undefined ? entry.port : entry.name)),
          ),
        ),
      ].filter((entry) => entry !== undefined);
      findings.push({
        range: port.range,
        message:
          `Service "${reference.name}" has no port ${port.number !== undefined ? port.number : `named "${port.name}"`}` +
          (ports.length > 0
            ? ` (it has ${ports.map((entry) => (typeof entry === 'number' ? entry : `"${entry}"`)).join(', ')})`
            : '') +
          '. The Ingress controller has nowhere to send the traffic.',
      });
    }
    return findings;
  },
};

/**
 * An HPA whose `scaleTargetRef` names a Deployment, StatefulSet, ReplicaSet or
 * ReplicationController the workspace does not define (the HPA controller reports
 * FailedGetScale and does nothing: pkg/controller/podautoscaler/horizontal.go). Only where a
 * workload of that kind in the HPA's directory has almost that name.
 */
export const scaleTargetNotFound: WorkspaceRule = {
  id: 'scale-target-not-found',
  defaultSeverity: 'warning',
  summary:
    "An HPA's scaleTargetRef names a workload that the workspace does not define, beside one named almost so.",
  validate({ uri, resources, index }) {
    if (!index.complete) {
      return [];
    }
    const findings: WorkspaceFinding[] = [];
    const besideOfKind = declarationsByKind(
      () => index.declarationsBeside(uri),
      ({ item }) => item.kind,
    );
    for (const reference of resources.references) {
      if (reference.field !== 'scaleTargetRef' || templated(reference.name)) {
        continue;
      }
      const target = { kind: reference.kind, name: reference.name, namespace: reference.namespace };
      if (index.declarationsOf(target).length > 0) {
        continue;
      }
      // A workload of the kind beside the HPA, named almost as its target: a typo.
      const nearby = besideOfKind(reference.kind).filter(({ item }) =>
        sameNamespace(item.namespace, reference.namespace),
      );
      const suggestion = closestMatch(
        reference.name,
        nearby.flatMap(({ item }) => [item.name, ...(item.builtNames ?? [])]),
      );
      if (suggestion === undefined) {
        continue;
      }
      findings.push({
        range: reference.nameRange,
        message:
          `${reference.from} scales ${reference.kind} "${reference.name}", which no file of the workspace defines${inNamespace(reference.namespace)}` +
          `; did you mean "${suggestion}"? The autoscaler does nothing until it exists.`,
      });
    }
    return findings;
  },
};

export const serviceRules: readonly WorkspaceRule[] = [
  serviceSelectsNothing,
  serviceSelectsUnrelatedWorkloads,
  targetPortNotFound,
  ingressBackendNotFound,
  scaleTargetNotFound,
];
