/**
 * What a file contributes to the workspace: the objects it declares (kind, namespace, name,
 * labels) and the names of other objects it refers to, each with its place in the file. Read once
 * per document parse (a DocumentModel), so re-indexing an edited file re-reads only the document
 * that changed.
 *
 * The references are the fields that name another object, as the API reference documents them:
 * a pod spec's (core/v1 PodSpec, Container, Volume, EnvVarSource, EnvFromSource,
 * ProjectedVolumeSource; `priorityClassName`, `runtimeClassName`), a StatefulSet's volume mounts of
 * its `volumeClaimTemplates`, a claim's `storageClassName`, a RoleBinding's `roleRef` and
 * ServiceAccount `subjects` (rbac/v1), an Ingress's backends (networking/v1 IngressBackend) and an
 * HPA's `scaleTargetRef` (autoscaling/v2). Label selectors (a Service's `spec.selector`, a
 * PodDisruptionBudget's `spec.selector`, a NetworkPolicy's `spec.podSelector`) and the pod
 * templates they select are kept as data on the declarations: they are resolved by matching.
 */
import { isMap, isScalar, type Scalar } from 'yaml';
import type { Range } from 'vscode-languageserver-types';
import { listOf, numberOf, objectOf, stringOf, valueAt } from '../common/guards';
import type { PathSegment } from '../common/paths';
import type { CustomResourceType } from '../common/customResources';
import { customResourceDefinitionOf, customResourceTypesOf } from '../kubernetes/customResourceDefinition';
import { isKustomizationPath } from '../kubernetes/kustomization';
import { podViewOf } from '../kubernetes/podView';
import { podTemplateMetadataPath } from '../kubernetes/workloads';
import { nodeAtPath, rangeOf } from '../yaml/astPath';
import type { DocumentModel, ManifestDocument, ManifestFile } from '../yaml/manifestFile';

/** The kinds a field refers to by name. */
export type ReferencedKind =
  | 'ConfigMap'
  | 'Secret'
  | 'PersistentVolumeClaim'
  | 'ServiceAccount'
  | 'StorageClass'
  | 'PriorityClass'
  | 'RuntimeClass'
  | 'Role'
  | 'ClusterRole'
  | 'Service'
  | ScaleTargetKind
  /** A StatefulSet's claim template, named by its own volume mounts (scoped by `owner`). */
  | 'VolumeClaimTemplate';

/**
 * The kinds an HPA's `scaleTargetRef` is checked against: the built-in kinds with a `scale`
 * subresource (the apps storages in pkg/registry/apps, deployment, statefulset and replicaset, and
 * pkg/registry/core/replicationcontroller).
 */
export type ScaleTargetKind = 'Deployment' | 'StatefulSet' | 'ReplicaSet' | 'ReplicationController';
const scaleTargetKinds: ReadonlySet<string> = new Set<ScaleTargetKind>([
  'Deployment',
  'StatefulSet',
  'ReplicaSet',
  'ReplicationController',
]);

/** The kinds a field names by name, for navigation from their declarations. */
export const referencedKinds: ReadonlySet<string> = new Set<ReferencedKind>([
  'ConfigMap',
  'Secret',
  'PersistentVolumeClaim',
  'ServiceAccount',
  'StorageClass',
  'PriorityClass',
  'RuntimeClass',
  'Role',
  'ClusterRole',
  'Service',
  ...scaleTargetKinds,
  'VolumeClaimTemplate',
] as ReferencedKind[]);

/** A label selector as written: `matchLabels` and `matchExpressions` (a Service's map is matchLabels). */
export interface SelectorData<R = Range> {
  readonly matchLabels: Readonly<Record<string, string>>;
  readonly matchExpressions: readonly { key: string; operator: string; values: readonly string[] }[];
  /**
   * An empty selector: a Service's selects nothing (its endpoints are managed by hand,
   * pkg/controller/endpointslice reconciles only Services with a selector), a
   * PodDisruptionBudget's or NetworkPolicy's `{}` selects every pod of the namespace.
   */
  readonly empty: boolean;
  /** The selector's value in the text. */
  readonly range: R;
  /** Where each of `matchLabels` is written (a Service's map entries), for renaming a label. */
  readonly labelPlaces?: readonly LabelPlace<R>[];
}

/**
 * A label written in a map of labels (a selector's `matchLabels`, a template's `labels`): its
 * key and its value as scalars; a quoted scalar's range is inside its quotes.
 */
export interface LabelPlace<R = Range> {
  readonly key: string;
  readonly value: string;
  readonly keyRange: R;
  readonly valueRange: R;
  /** The key is written in quotes. */
  readonly keyQuoted: boolean;
  /** The value is written in quotes. */
  readonly quoted: boolean;
}

/** What a workload's pods are: the labels of its pod template and its containers' named ports. */
export interface PodTemplateData<R = Range> {
  readonly labels: Readonly<Record<string, string>>;
  /** The template's `metadata.labels` value, or the workload's name when it has none written. */
  readonly labelsRange: R;
  /** Every `ports[]` entry with a name, of every container. */
  readonly ports: readonly {
    readonly name: string;
    readonly containerPort: number | undefined;
    readonly range: R;
  }[];
  /** The containers' images, for telling apart workloads that share labels. */
  readonly images: readonly string[];
  /** The template has containers written (a patch may not). */
  readonly hasContainers: boolean;
  /** Where each of `labels` is written. */
  readonly labelPlaces?: readonly LabelPlace<R>[];
  /**
   * The workload's own `spec.selector`, which must match the template's labels (apps/v1
   * DeploymentSpec and the other workloads' specs: ValidateDeploymentSpec and its siblings in
   * k8s.io/kubernetes pkg/apis/apps/validation reject a selector that does not match them).
   */
  readonly selector?: SelectorData<R>;
}

/** A Service's port: `port`, `name` and `targetPort` (core/v1 ServicePort). */
export interface ServicePortData<R = Range> {
  readonly name: string | undefined;
  readonly port: number | undefined;
  readonly targetPort: string | number | undefined;
  readonly targetPortRange: R | undefined;
}

/** An object a file declares. */
export interface Declaration {
  readonly kind: string;
  readonly apiVersion: string;
  readonly name: string;
  /** `metadata.namespace`, when written: else the namespace it is applied to decides. */
  readonly namespace: string | undefined;
  readonly labels: Readonly<Record<string, string>>;
  /**
   * A ConfigMap's or Secret's keys (`data`, `binaryData`, `stringData`); undefined where they
   * cannot be known (another kind, or a generator that reads an env file).
   */
  readonly keys?: readonly string[];
  /**
   * Other names Kustomize builds the object with (`namePrefix`, `nameSuffix` of the
   * kustomizations that use the file): a field may name it by those.
   */
  readonly builtNames?: readonly string[];
  /** The value of `metadata.name`. */
  readonly nameRange: Range;
  /** The whole document, for outline-like uses. */
  readonly range: Range;
  /** The object this one is part of (a claim template's StatefulSet: `StatefulSet db`). */
  readonly owner?: string;
  /** A workload's (or a Pod's) pods. */
  readonly template?: PodTemplateData;
  /** The selector of a Service, PodDisruptionBudget or NetworkPolicy. */
  readonly selector?: SelectorData;
  /** A Service's ports. */
  readonly ports?: readonly ServicePortData[];
  /** The document is a template (a Helm chart's, with `{{ … }}`): its text is not the object's. */
  readonly templated?: boolean;
}

/** A field that names another object. */
export interface Reference {
  readonly kind: ReferencedKind;
  readonly name: string;
  /** The namespace of the object that refers (a pod refers within its own namespace). */
  readonly namespace: string | undefined;
  /** The value naming the object. */
  readonly nameRange: Range;
  /** A key of the ConfigMap or Secret that the field names too (`configMapKeyRef.key`). */
  readonly key?: { readonly name: string; readonly range: Range };
  /** The field says `optional: true`: the pod starts without the object (or the key). */
  readonly optional: boolean;
  /** What the field is, for hovers and messages: `envFrom.configMapRef`. */
  readonly field: string;
  /** The referring object: `Deployment web`. */
  readonly from: string;
  /** For a claim template, the StatefulSet whose template it is (`StatefulSet db`). */
  readonly owner?: string;
  /** The Service port an Ingress backend names (`port.number` or `port.name`). */
  readonly port?: { readonly number?: number; readonly name?: string; readonly range: Range };
}

export interface FileResources {
  readonly declarations: readonly Declaration[];
  readonly references: readonly Reference[];
  /**
   * The custom resource types the file's CustomResourceDefinitions define (one per served
   * version), with the file and line as their source. Absent when it has none.
   */
  readonly customResources?: readonly CustomResourceType[];
}

type Span = [number, number];

type SpanDeclaration = Omit<Declaration, 'nameRange' | 'range' | 'template' | 'selector' | 'ports'> & {
  nameRange: Span;
  range: Span;
  template?: PodTemplateData<Span>;
  selector?: SelectorData<Span>;
  ports?: ServicePortData<Span>[];
};

type SpanReference = Omit<Reference, 'nameRange' | 'key' | 'port'> & {
  nameRange: Span;
  key?: { name: string; range: Span };
  port?: { number?: number; name?: string; range: Span };
};

interface SegmentOffsets {
  readonly declarations: readonly SpanDeclaration[];
  readonly references: readonly SpanReference[];
}

/**
 * The declarations and references of every document of a file, in the file's coordinates, and
 * the custom resource types its CRDs define (with `uri` as their source, when given).
 */
export function fileResources(file: ManifestFile, uri?: string): FileResources {
  const declarations: Declaration[] = [];
  const references: Reference[] = [];
  const customResources: CustomResourceType[] = [];
  for (const document of file.documents) {
    const placed = placedResources(document);
    declarations.push(...placed.declarations);
    references.push(...placed.references);
    if (uri !== undefined) {
      customResources.push(...documentCustomResources(document, uri));
    }
  }
  return { declarations, references, ...(customResources.length > 0 ? { customResources } : {}) };
}

/**
 * The declarations and references a position on this line can be on: those of the document that
 * covers the line (and of the other documents of its segment). Costs that document, not the file.
 */
export function resourcesAtLine(file: ManifestFile, line: number): FileResources {
  const at = file.documentAtLine(line);
  if (!at) {
    return { declarations: [], references: [] };
  }
  const declarations: Declaration[] = [];
  const references: Reference[] = [];
  for (const document of file.documents.slice(Math.max(0, at.index - 1), at.index + 2)) {
    const placed = placedResources(document);
    declarations.push(...placed.declarations);
    references.push(...placed.references);
  }
  return { declarations, references };
}

/**
 * The types a document's CRD defines, its source the line of the CRD's `apiVersion` (or the
 * document's first line). Plain data: each type's schema is the CRD model's object, read once per
 * parse of the document.
 */
function documentCustomResources(document: ManifestDocument, uri: string): CustomResourceType[] {
  const crd = customResourceDefinitionOf(document);
  if (!crd) {
    return [];
  }
  const apiVersionRange = rangeOf(document.identity.apiVersionNode);
  const line = apiVersionRange
    ? document.rangeOf(apiVersionRange[0], apiVersionRange[1]).start.line
    : document.startLine;
  return customResourceTypesOf(crd, { kind: 'workspace', uri, line });
}

/**
 * A document's resources in the file's coordinates, made once per parse of the document and kept
 * with its segment's model. An edit that moves the document to another line moves these same
 * objects there (`moveLines`): the entries keep their identity, so the index sees that nothing
 * but their lines changed without comparing them, and an edit costs the documents it changed,
 * not new entries for every document below it (in a file of 1,700 documents, 6 MB a keystroke
 * that lived until the next one). Whoever keeps a range of an entry past the request that read
 * it copies it (checkWorkspace does for its diagnostics).
 */
const placedByModel = new WeakMap<SegmentOffsets, { startLine: number } & FileResources>();

function placedResources(document: ManifestDocument): FileResources {
  const found = document.model(documentResources);
  const cached = placedByModel.get(found);
  if (cached) {
    if (cached.startLine !== document.startLine) {
      moveLines(cached, document.startLine - cached.startLine);
      cached.startLine = document.startLine;
    }
    return cached;
  }
  const declarations: Declaration[] = [];
  const references: Reference[] = [];
  const range = ([start, end]: Span): Range => document.rangeOf(start, end);
  for (const declaration of found.declarations) {
    const { nameRange, range: whole, template, selector, ports, ...rest } = declaration;
    declarations.push({
      ...rest,
      nameRange: range(nameRange),
      range: range(whole),
      ...(template
        ? {
            template: templateIn(template, range),
          }
        : {}),
      ...(selector ? { selector: selectorIn(selector, range) } : {}),
      ...(ports
        ? {
            ports: ports.map(({ targetPortRange, ...port }) => ({
              ...port,
              targetPortRange: targetPortRange && range(targetPortRange),
            })),
          }
        : {}),
    });
  }
  for (const reference of found.references) {
    const { key, port, nameRange, ...rest } = reference;
    references.push({
      ...rest,
      nameRange: range(nameRange),
      ...(key ? { key: { name: key.name, range: range(key.range) } } : {}),
      ...(port ? { port: { ...port, range: range(port.range) } } : {}),
    });
  }
  const placed = {
    startLine: document.startLine,
    declarations,
    references,
  };
  placedByModel.set(found, placed);
  return placed;
}

/**
 * Moves every range of a document's placed resources `delta` lines, in place. Each range is the
 * entry's own (a placement makes a new one for every span), so none is moved twice. A range field
 * added to the entries must be moved here too: the test that compares moved entries with a fresh
 * parse's (workspaceIndexUpdate.test.ts) holds one of each.
 */
function moveLines(placed: FileResources, delta: number): void {
  // Functions of the module, not closures: this runs for every document below an edit, at every
  // keystroke of a large file.
  for (const declaration of placed.declarations) {
    moveRange(declaration.nameRange, delta);
    moveRange(declaration.range, delta);
    const template = declaration.template;
    if (template) {
      moveRange(template.labelsRange, delta);
      for (const port of template.ports) {
        moveRange(port.range, delta);
      }
      movePlaces(template.labelPlaces, delta);
      moveSelector(template.selector, delta);
    }
    moveSelector(declaration.selector, delta);
    if (declaration.ports) {
      for (const port of declaration.ports) {
        moveRange(port.targetPortRange, delta);
      }
    }
  }
  for (const reference of placed.references) {
    moveRange(reference.nameRange, delta);
    moveRange(reference.key?.range, delta);
    moveRange(reference.port?.range, delta);
  }
}

function moveRange(range: Range | undefined, delta: number): void {
  if (range) {
    range.start.line += delta;
    range.end.line += delta;
  }
}

function movePlaces(places: readonly LabelPlace[] | undefined, delta: number): void {
  if (places) {
    for (const place of places) {
      moveRange(place.keyRange, delta);
      moveRange(place.valueRange, delta);
    }
  }
}

function moveSelector(selector: SelectorData | undefined, delta: number): void {
  if (selector) {
    moveRange(selector.range, delta);
    movePlaces(selector.labelPlaces, delta);
  }
}

function placesIn(places: readonly LabelPlace<Span>[], range: (span: Span) => Range): LabelPlace[] {
  return places.map((place) => ({
    ...place,
    keyRange: range(place.keyRange),
    valueRange: range(place.valueRange),
  }));
}

function templateIn(template: PodTemplateData<Span>, range: (span: Span) => Range): PodTemplateData {
  const { labelPlaces, selector, ...rest } = template;
  return {
    ...rest,
    labelsRange: range(template.labelsRange),
    ports: template.ports.map((port) => ({ ...port, range: range(port.range) })),
    ...(labelPlaces ? { labelPlaces: placesIn(labelPlaces, range) } : {}),
    ...(selector ? { selector: selectorIn(selector, range) } : {}),
  };
}

function selectorIn(selector: SelectorData<Span>, range: (span: Span) => Range): SelectorData {
  const { labelPlaces, ...rest } = selector;
  return {
    ...rest,
    range: range(selector.range),
    ...(labelPlaces ? { labelPlaces: placesIn(labelPlaces, range) } : {}),
  };
}

/** Read with the document at the top of its segment: offsets are segment-relative. */
const documentResources: DocumentModel<SegmentOffsets> = {
  read(document) {
    const { apiVersion, kind } = document.identity;
    const data = objectOf(document.toJS());
    if (apiVersion === undefined || kind === undefined || !data) {
      return { declarations: [], references: [] };
    }
    const metadata = objectOf(data.metadata);
    const name = stringOf(metadata?.name);
    const namespace = stringOf(metadata?.namespace);
    const nameRange = name === undefined ? undefined : rangeAt(document, ['metadata', 'name']);
    const from = `${kind} ${name ?? '(unnamed)'}`;
    const declarations: SpanDeclaration[] = [];
    if (name !== undefined && nameRange) {
      const template = podTemplate(document, kind, nameRange);
      const selector = selectorOf(document, kind, data);
      const ports = kind === 'Service' ? servicePorts(document, data) : undefined;
      declarations.push({
        kind,
        apiVersion,
        name,
        namespace,
        labels: stringRecord(metadata?.labels),
        ...(kind === 'ConfigMap' || kind === 'Secret' ? { keys: dataKeys(data) } : {}),
        nameRange,
        range: document.span,
        ...(template ? { template } : {}),
        ...(selector ? { selector } : {}),
        ...(ports ? { ports } : {}),
        ...(document.segment.templateLines ? { templated: true } : {}),
      });
      if (kind === 'StatefulSet') {
        declarations.push(...claimTemplates(document, data, apiVersion, namespace, from));
      }
    }
    return {
      declarations,
      references: [
        ...podReferences(document, namespace, from),
        ...objectReferences(document, kind, data, namespace, from),
      ],
    };
  },
};

/** The keys a ConfigMap or Secret holds: `data`, `binaryData` and a Secret's `stringData`. */
function dataKeys(data: Record<string, unknown>): string[] {
  return [data.data, data.binaryData, data.stringData].flatMap((map) => Object.keys(objectOf(map) ?? {}));
}

function stringRecord(value: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, entry] of Object.entries(objectOf(value) ?? {})) {
    if (typeof entry === 'string') {
      result[key] = entry;
    }
  }
  return result;
}

function rangeAt(document: ManifestDocument, path: readonly PathSegment[]): [number, number] | undefined {
  return rangeOf(nodeAtPath(document.yaml, path));
}

/** A reference whose name is the string at `path`, if it is a non-empty string there. */
function named(
  document: ManifestDocument,
  path: readonly PathSegment[],
  reference: Omit<SpanReference, 'name' | 'nameRange' | 'optional'> & { optional?: boolean },
): SpanReference[] {
  const name = stringOf(valueAt(document.toJS(), path));
  const nameRange = name === undefined || name === '' ? undefined : rangeAt(document, path);
  return name === undefined || !nameRange ? [] : [{ optional: false, ...reference, name, nameRange }];
}

/**
 * The pods of a workload, a Pod's own: the labels the pods get (a workload's
 * `spec.template.metadata.labels`, a Pod's `metadata.labels`) and its containers' named ports
 * (core/v1 ContainerPort `name`, which a Service's `targetPort` may name).
 */
function podTemplate(
  document: ManifestDocument,
  kind: string,
  nameRange: Span,
): PodTemplateData<Span> | undefined {
  const pod = podViewOf(document);
  const metadataPath = kind === 'Pod' ? ['metadata'] : podTemplateMetadataPath(kind);
  if (!pod || !metadataPath || kind === 'PodTemplate') {
    return undefined;
  }
  const labelsPath = [...metadataPath, 'labels'];
  const ports: PodTemplateData<Span>['ports'][number][] = [];
  const images: string[] = [];
  for (const container of pod.containers) {
    const image = stringOf(container.data.image);
    if (image !== undefined) {
      images.push(image);
    }
    listOf(container.data.ports).forEach((entry, index) => {
      const port = objectOf(entry);
      const portName = stringOf(port?.name);
      const range =
        portName === undefined ? undefined : rangeAt(document, [...container.path, 'ports', index, 'name']);
      if (port && portName !== undefined && portName !== '' && range) {
        ports.push({ name: portName, containerPort: numberOf(port.containerPort), range });
      }
    });
  }
  const ownSelector = kind === 'Pod' ? undefined : workloadSelector(document, kind, metadataPath);
  return {
    labels: stringRecord(valueAt(document.toJS(), labelsPath)),
    labelsRange: rangeAt(document, labelsPath) ?? nameRange,
    ports,
    images,
    hasContainers: pod.containers.some((container) => container.role === 'app'),
    labelPlaces: labelPlacesAt(document, labelsPath),
    ...(ownSelector ? { selector: ownSelector } : {}),
  };
}

/**
 * A workload's own selector, beside its `template`: a metav1.LabelSelector (apps/v1, batch/v1),
 * or a ReplicationController's map (core/v1 ReplicationControllerSpec.selector).
 */
function workloadSelector(
  document: ManifestDocument,
  kind: string,
  metadataPath: readonly string[],
): SelectorData<Span> | undefined {
  const path = [...metadataPath.slice(0, -2), 'selector'];
  const value = objectOf(valueAt(document.toJS(), path));
  const range = rangeAt(document, path);
  return value && range
    ? selectorData(document, path, value, range, kind === 'ReplicationController')
    : undefined;
}

/** The string labels of the map at `path`, with the ranges of their key and value scalars. */
function labelPlacesAt(document: ManifestDocument, path: readonly PathSegment[]): LabelPlace<Span>[] {
  const map = nodeAtPath(document.yaml, path);
  if (!isMap(map)) {
    return [];
  }
  return map.items.flatMap((pair) => {
    const { key, value } = pair;
    if (
      !isScalar(key) ||
      !isScalar(value) ||
      typeof key.value !== 'string' ||
      typeof value.value !== 'string'
    ) {
      return [];
    }
    const keyRange = scalarSpan(key);
    const valueRange = scalarSpan(value);
    return keyRange && valueRange
      ? [
          {
            key: key.value,
            value: value.value,
            keyRange,
            valueRange,
            keyQuoted: isQuoted(key),
            quoted: isQuoted(value),
          },
        ]
      : [];
  });
}

function isQuoted(scalar: Scalar): boolean {
  return scalar.type === 'QUOTE_DOUBLE' || scalar.type === 'QUOTE_SINGLE';
}

/** A scalar's text: a quoted scalar's inside its quotes; a block scalar has none to rename. */
function scalarSpan(scalar: Scalar): Span | undefined {
  const range = scalar.range;
  if (!range || scalar.type === 'BLOCK_LITERAL' || scalar.type === 'BLOCK_FOLDED') {
    return undefined;
  }
  return isQuoted(scalar) ? [range[0] + 1, range[1] - 1] : [range[0], range[1]];
}

/**
 * The label selector of a Service (`spec.selector`, a map: core/v1 ServiceSpec), a
 * PodDisruptionBudget (`spec.selector`, policy/v1) or a NetworkPolicy (`spec.podSelector`,
 * networking/v1), both metav1.LabelSelector.
 */
function selectorOf(
  document: ManifestDocument,
  kind: string,
  data: Record<string, unknown>,
): SelectorData<Span> | undefined {
  const spec = objectOf(data.spec);
  const field =
    kind === 'Service' || kind === 'PodDisruptionBudget'
      ? 'selector'
      : kind === 'NetworkPolicy'
        ? 'podSelector'
        : undefined;
  const value = field === undefined ? undefined : objectOf(spec?.[field]);
  const range = field === undefined ? undefined : rangeAt(document, ['spec', field]);
  if (field === undefined || !value || !range) {
    return undefined;
  }
  return selectorData(document, ['spec', field], value, range, kind === 'Service');
}

/** A selector as written at `path`: a map of labels, or a metav1.LabelSelector. */
function selectorData(
  document: ManifestDocument,
  path: readonly PathSegment[],
  value: Record<string, unknown>,
  range: Span,
  isMapOfLabels: boolean,
): SelectorData<Span> {
  if (isMapOfLabels) {
    const matchLabels = stringRecord(value);
    return {
      matchLabels,
      matchExpressions: [],
      empty: Object.keys(matchLabels).length === 0,
      range,
      labelPlaces: labelPlacesAt(document, path),
    };
  }
  const matchLabels = stringRecord(value.matchLabels);
  const matchExpressions = listOf(value.matchExpressions).flatMap((entry) => {
    const requirement = objectOf(entry);
    const key = stringOf(requirement?.key);
    const operator = stringOf(requirement?.operator);
    return key !== undefined && operator !== undefined
      ? [
          {
            key,
            operator,
            values: listOf(requirement?.values).flatMap((v) => (typeof v === 'string' ? [v] : [])),
          },
        ]
      : [];
  });
  return {
    matchLabels,
    matchExpressions,
    empty: Object.keys(matchLabels).length === 0 && matchExpressions.length === 0,
    range,
    labelPlaces: labelPlacesAt(document, [...path, 'matchLabels']),
  };
}

/** A Service's ports (core/v1 ServicePort: `name`, `port`, `targetPort` a number or a port name). */
function servicePorts(document: ManifestDocument, data: Record<string, unknown>): ServicePortData<Span>[] {
  return listOf(objectOf(data.spec)?.ports).flatMap((entry, index) => {
    const port = objectOf(entry);
    if (!port) {
      return [];
    }
    const targetPort =
      typeof port.targetPort === 'string' || typeof port.targetPort === 'number'
        ? port.targetPort
        : undefined;
    return [
      {
        name: stringOf(port.name),
        port: numberOf(port.port),
        targetPort,
        targetPortRange:
          targetPort === undefined ? undefined : rangeAt(document, ['spec', 'ports', index, 'targetPort']),
      },
    ];
  });
}

/**
 * A StatefulSet's `volumeClaimTemplates`: each is a volume of its pods, mounted by its name
 * (apps/v1 StatefulSetSpec: "every claim in this list must have at least one matching (by name)
 * volumeMount in one container in the template"); the controller makes claims named
 * `<template>-<statefulset>-<ordinal>` (pkg/controller/statefulset/stateful_set_utils.go,
 * getPersistentVolumeClaimName).
 */
function claimTemplates(
  document: ManifestDocument,
  data: Record<string, unknown>,
  apiVersion: string,
  namespace: string | undefined,
  owner: string,
): SpanDeclaration[] {
  return listOf(objectOf(data.spec)?.volumeClaimTemplates).flatMap((entry, index) => {
    const path = ['spec', 'volumeClaimTemplates', index];
    const name = stringOf(objectOf(objectOf(entry)?.metadata)?.name);
    const nameRange = name === undefined ? undefined : rangeAt(document, [...path, 'metadata', 'name']);
    const range = rangeAt(document, path);
    return name === undefined || name === '' || !nameRange || !range
      ? []
      : [{ kind: 'VolumeClaimTemplate', apiVersion, name, namespace, labels: {}, nameRange, range, owner }];
  });
}

/** The names of the claim templates of a StatefulSet's document, for its volume mounts. */
function claimTemplateNames(data: unknown): Set<string> {
  const templates = listOf(objectOf(objectOf(data)?.spec)?.volumeClaimTemplates);
  return new Set(templates.flatMap((entry) => stringOf(objectOf(objectOf(entry)?.metadata)?.name) ?? []));
}

/** The names that objects other than pods give: classes, roles, subjects, backends, scale targets. */
function objectReferences(
  document: ManifestDocument,
  kind: string,
  data: Record<string, unknown>,
  namespace: string | undefined,
  from: string,
): SpanReference[] {
  const spec = objectOf(data.spec);
  const references: SpanReference[] = [];
  // core/v1 PersistentVolumeClaimSpec.storageClassName; a StatefulSet's claim templates too.
  if (kind === 'PersistentVolumeClaim') {
    references.push(
      ...named(document, ['spec', 'storageClassName'], {
        kind: 'StorageClass',
        namespace: undefined,
        field: 'storageClassName',
        from,
      }),
    );
  }
  if (kind === 'StatefulSet') {
    listOf(spec?.volumeClaimTemplates).forEach((_, index) =>
      references.push(
        ...named(document, ['spec', 'volumeClaimTemplates', index, 'spec', 'storageClassName'], {
          kind: 'StorageClass',
          namespace: undefined,
          field: 'volumeClaimTemplates.spec.storageClassName',
          from,
        }),
      ),
    );
  }
  // rbac/v1 RoleRef: a RoleBinding names a Role of its namespace or a ClusterRole; a
  // ClusterRoleBinding a ClusterRole (pkg/apis/rbac/validation ValidateRoleBinding).
  if (kind === 'RoleBinding' || kind === 'ClusterRoleBinding') {
    const roleKind = stringOf(objectOf(data.roleRef)?.kind);
    if (roleKind === 'Role' || roleKind === 'ClusterRole') {
      references.push(
        ...named(document, ['roleRef', 'name'], {
          kind: roleKind,
          namespace: roleKind === 'Role' ? namespace : undefined,
          field: 'roleRef',
          from,
        }),
      );
    }
    // A ServiceAccount subject is in its `namespace`, else the RoleBinding's
    // (pkg/registry/rbac/validation/rule.go, appliesToUser).
    listOf(data.subjects).forEach((entry, index) => {
      const subject = objectOf(entry);
      if (stringOf(subject?.kind) !== 'ServiceAccount') {
        return;
      }
      const subjectNamespace =
        stringOf(subject?.namespace) ?? (kind === 'RoleBinding' ? namespace : undefined);
      if (kind === 'ClusterRoleBinding' && subjectNamespace === undefined) {
        return; // Invalid: the API server requires the namespace; nothing to resolve.
      }
      references.push(
        ...named(document, ['subjects', index, 'name'], {
          kind: 'ServiceAccount',
          namespace: subjectNamespace,
          field: 'subjects',
          from,
        }),
      );
    });
  }
  // networking/v1 IngressBackend: `service.name` and `service.port` (`number` or `name`), in the
  // Ingress's namespace; `defaultBackend` and every rule's paths.
  if (kind === 'Ingress') {
    const backends: (readonly PathSegment[])[] = [];
    if (objectOf(spec?.defaultBackend)) {
      backends.push(['spec', 'defaultBackend']);
    }
    listOf(spec?.rules).forEach((rule, ruleIndex) =>
      listOf(objectOf(objectOf(rule)?.http)?.paths).forEach((_, pathIndex) =>
        backends.push(['spec', 'rules', ruleIndex, 'http', 'paths', pathIndex, 'backend']),
      ),
    );
    for (const backend of backends) {
      const service = objectOf(valueAt(data, [...backend, 'service']));
      const port = objectOf(service?.port);
      const portNumber = numberOf(port?.number);
      const portName = stringOf(port?.name);
      const portPath = [...backend, 'service', 'port', portNumber !== undefined ? 'number' : 'name'];
      const portRange =
        portNumber !== undefined || portName !== undefined ? rangeAt(document, portPath) : undefined;
      references.push(
        ...named(document, [...backend, 'service', 'name'], {
          kind: 'Service',
          namespace,
          field: backend[1] === 'defaultBackend' ? 'defaultBackend.service' : 'backend.service',
          from,
          ...(portRange
            ? {
                port: {
                  ...(portNumber !== undefined ? { number: portNumber } : { name: portName! }),
                  range: portRange,
                },
              }
            : {}),
        }),
      );
    }
  }
  // autoscaling/v2 CrossVersionObjectReference: kind and name, in the HPA's namespace.
  if (kind === 'HorizontalPodAutoscaler') {
    const targetKind = stringOf(objectOf(spec?.scaleTargetRef)?.kind);
    if (targetKind !== undefined && scaleTargetKinds.has(targetKind)) {
      references.push(
        ...named(document, ['spec', 'scaleTargetRef', 'name'], {
          kind: targetKind as ScaleTargetKind,
          namespace,
          field: 'scaleTargetRef',
          from,
        }),
      );
    }
  }
  return references;
}

/** The names a pod spec gives of other objects. */
function podReferences(
  document: ManifestDocument,
  namespace: string | undefined,
  from: string,
): SpanReference[] {
  const pod = podViewOf(document);
  if (!pod) {
    return [];
  }
  const references: SpanReference[] = [];
  /**
   * A reference written as an object (`source`) at `path`: its name under `nameField`, whether it
   * is `optional`, and for a key reference its `key`.
   */
  const add = (
    kind: ReferencedKind,
    field: string,
    path: readonly PathSegment[],
    source: unknown,
    nameField = 'name',
  ): void => {
    const fields = objectOf(source);
    const name = stringOf(fields?.[nameField]);
    const nameRange = name === undefined || name === '' ? undefined : rangeAt(document, [...path, nameField]);
    if (!fields || !nameRange || name === undefined) {
      return;
    }
    const key = stringOf(fields.key);
    const keyRange = key === undefined ? undefined : rangeAt(document, [...path, 'key']);
    references.push({
      kind,
      name,
      namespace,
      nameRange,
      optional: fields.optional === true,
      field,
      from,
      ...(key !== undefined && keyRange ? { key: { name: key, range: keyRange } } : {}),
    });
  };
  const spec = pod.spec;
  add('ServiceAccount', 'serviceAccountName', pod.path, spec, 'serviceAccountName');
  // core/v1 PodSpec: cluster-scoped classes, named in any namespace.
  for (const [kind, field] of [
    ['PriorityClass', 'priorityClassName'],
    ['RuntimeClass', 'runtimeClassName'],
  ] as const) {
    references.push(...named(document, [...pod.path, field], { kind, namespace: undefined, field, from }));
  }
  const templates = pod.kind === 'StatefulSet' ? claimTemplateNames(document.toJS()) : new Set<string>();
  const volumes = new Set(pod.volumes.map((volume) => volume.name));
  listOf(spec.imagePullSecrets).forEach((entry, index) =>
    add('Secret', 'imagePullSecrets', [...pod.path, 'imagePullSecrets', index], entry),
  );
  for (const container of pod.containers) {
    // A mount of a claim template (no volume of that name): the StatefulSet's own template.
    listOf(container.data.volumeMounts).forEach((entry, index) => {
      const mount = stringOf(objectOf(entry)?.name);
      if (mount !== undefined && templates.has(mount) && !volumes.has(mount)) {
        references.push(
          ...named(document, [...container.path, 'volumeMounts', index, 'name'], {
            kind: 'VolumeClaimTemplate',
            namespace,
            field: 'volumeMounts',
            from,
            owner: from,
          }),
        );
      }
    });
    listOf(container.data.envFrom).forEach((entry, index) => {
      const source = objectOf(entry);
      const at = [...container.path, 'envFrom', index];
      add('ConfigMap', 'envFrom.configMapRef', [...at, 'configMapRef'], source?.configMapRef);
      add('Secret', 'envFrom.secretRef', [...at, 'secretRef'], source?.secretRef);
    });
    listOf(container.data.env).forEach((entry, index) => {
      const valueFrom = objectOf(objectOf(entry)?.valueFrom);
      const at = [...container.path, 'env', index, 'valueFrom'];
      add(
        'ConfigMap',
        'env.valueFrom.configMapKeyRef',
        [...at, 'configMapKeyRef'],
        valueFrom?.configMapKeyRef,
      );
      add('Secret', 'env.valueFrom.secretKeyRef', [...at, 'secretKeyRef'], valueFrom?.secretKeyRef);
    });
  }
  for (const volume of pod.volumes) {
    const at = volume.path;
    add('ConfigMap', 'volumes.configMap', [...at, 'configMap'], volume.data.configMap);
    add('Secret', 'volumes.secret', [...at, 'secret'], volume.data.secret, 'secretName');
    add(
      'PersistentVolumeClaim',
      'volumes.persistentVolumeClaim',
      [...at, 'persistentVolumeClaim'],
      volume.data.persistentVolumeClaim,
      'claimName',
    );
    listOf(objectOf(volume.data.projected)?.sources).forEach((source, index) => {
      const sourceAt = [...at, 'projected', 'sources', index];
      add(
        'ConfigMap',
        'volumes.projected.configMap',
        [...sourceAt, 'configMap'],
        objectOf(source)?.configMap,
      );
      add('Secret', 'volumes.projected.secret', [...sourceAt, 'secret'], objectOf(source)?.secret);
    });
  }
  return references;
}

/**
 * What a kustomization file declares: the ConfigMaps and Secrets of its `configMapGenerator` and
 * `secretGenerator` (sigs.k8s.io/kustomize api/types/generatorargs.go). Fields that name a
 * generated object are written with the generator's name (the build adds the hash suffix and
 * rewrites them), so they resolve to the generator's entry.
 */
export function kustomizationResources(file: ManifestFile): FileResources {
  const declarations: Declaration[] = [];
  for (const document of file.documents) {
    const data = objectOf(document.toJS());
    if (!data) {
      continue;
    }
    const namespace = stringOf(data.namespace);
    for (const [field, kind] of [
      ['configMapGenerator', 'ConfigMap'],
      ['secretGenerator', 'Secret'],
    ] as const) {
      listOf(data[field]).forEach((entry, index) => {
        const generator = objectOf(entry);
        const name = stringOf(generator?.name);
        const nameRange =
          name === undefined ? undefined : rangeOf(nodeAtPath(document.yaml, [field, index, 'name']));
        const itemRange = rangeOf(nodeAtPath(document.yaml, [field, index]));
        if (!generator || name === undefined || !nameRange || !itemRange) {
          return;
        }
        const keys = generatedKeys(generator);
        declarations.push({
          kind,
          apiVersion: 'v1',
          name,
          namespace: stringOf(generator.namespace) ?? namespace,
          labels: {},
          ...(keys ? { keys } : {}),
          nameRange: document.rangeOf(nameRange[0], nameRange[1]),
          range: document.rangeOf(itemRange[0], itemRange[1]),
        });
      });
    }
  }
  return { declarations, references: [] };
}

/**
 * The keys a generator makes: a literal's text before `=`, a file's key (`key=path`) or file
 * name (api/kv/kv.go); unknown when it reads an env file, whose keys are in the file.
 */
function generatedKeys(generator: Record<string, unknown>): string[] | undefined {
  if (generator.envs !== undefined || generator.env !== undefined) {
    return undefined;
  }
  const literals = listOf(generator.literals).flatMap((literal) => {
    const text = stringOf(literal);
    const equals = text?.indexOf('=') ?? -1;
    return text !== undefined && equals > 0 ? [text.slice(0, equals).trim()] : [];
  });
  const files = listOf(generator.files).flatMap((entry) => {
    const text = stringOf(entry);
    if (text === undefined) {
      return [];
    }
    const equals = text.indexOf('=');
    return [equals > 0 ? text.slice(0, equals).trim() : (text.split('/').pop() ?? text)];
  });
  return [...literals, ...files];
}

/** The prefixes and suffixes Kustomize puts around names (KustomizeContext.nameAffixes). */
export type NameAffixes = readonly { readonly prefix: string; readonly suffix: string }[];

/**
 * What a file contributes to the workspace, by what it is (a kustomization, or manifests), its
 * objects also known by the names the builds give them.
 */
export function resourcesOf(uriOrPath: string, file: ManifestFile, affixes: NameAffixes = []): FileResources {
  // Once per parse and affixes: a check reads them to index the file, and again for the rules.
  const key = `${isKustomizationPath(uriOrPath)}:${JSON.stringify(affixes)}`;
  const cached = resourcesByFile.get(file);
  if (cached?.key === key) {
    return cached.resources;
  }
  const resources = affixed(
    isKustomizationPath(uriOrPath) ? kustomizationResources(file) : fileResources(file, uriOrPath),
    affixes,
  );
  resourcesByFile.set(file, { key, resources });
  return resources;
}

const resourcesByFile = new WeakMap<ManifestFile, { key: string; resources: FileResources }>();

function affixed(resources: FileResources, affixes: NameAffixes): FileResources {
  const renamed = affixes.filter(({ prefix, suffix }) => prefix !== '' || suffix !== '');
  if (renamed.length === 0) {
    return resources;
  }
  return {
    ...resources,
    references: resources.references,
    declarations: resources.declarations.map((declaration) => ({
      ...declaration,
      builtNames: renamed.map(({ prefix, suffix }) => `${prefix}${declaration.name}${suffix}`),
    })),
  };
}
