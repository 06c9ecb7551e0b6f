/**
 * The fields of a kustomization file, written by hand from sigs.k8s.io/kustomize
 * `api/types/kustomization.go` (`Kustomization`) and the types it uses (`api/types/patch.go`,
 * `selector.go`, `labels.go`, `image.go`, `replica.go`, `generatorargs.go`, `kvpairsources.go`,
 * `secretargs.go`, `generatoroptions.go`, `helmchartargs.go`, `sortoptions.go`,
 * `replacement.go`, `replacementfield.go`, `var.go`, `objectmeta.go`, `fieldspec.go`): the JSON
 * names, the Go types and the doc comments. Deprecated fields carry what replaces them, in the
 * words of `Kustomization.CheckDeprecatedFields`, whose warnings `kustomize build` prints and
 * which `kustomize edit fix` rewrites (`FixKustomization`, `FixKustomizationPreMarshalling`).
 *
 * An object whose fields are not all written down here is `open`: its keys are not checked.
 */

export type KustomizationType =
  | { readonly type: 'string'; readonly values?: readonly string[] }
  | { readonly type: 'boolean' }
  | { readonly type: 'integer' }
  /** `map[string]string`. */
  | { readonly type: 'stringMap' }
  /** Any YAML (`map[string]interface{}`). */
  | { readonly type: 'any' }
  | { readonly type: 'list'; readonly items: KustomizationType }
  | {
      readonly type: 'object';
      readonly name: string;
      readonly fields: Readonly<Record<string, KustomizationField>>;
      readonly open?: boolean;
    };

export interface KustomizationField {
  readonly schema: KustomizationType;
  readonly description: string;
  /** What replaces a deprecated field. */
  readonly deprecated?: string;
  /** The field names a file or folder relative to the kustomization (see kustomizationPaths.ts). */
  readonly path?: 'file' | 'fileOrFolder' | 'keyedFile';
}

const string: KustomizationType = { type: 'string' };
const boolean: KustomizationType = { type: 'boolean' };
const integer: KustomizationType = { type: 'integer' };
const stringMap: KustomizationType = { type: 'stringMap' };
const strings: KustomizationType = { type: 'list', items: string };

function field(
  schema: KustomizationType,
  description: string,
  extra: Partial<KustomizationField> = {},
): KustomizationField {
  return { schema, description, ...extra };
}

function object(name: string, fields: Record<string, KustomizationField>, open = false): KustomizationType {
  return { type: 'object', name, fields, ...(open ? { open } : {}) };
}

/** `api/resid/gvk.go` Gvk and `api/resid/resid.go` ResId, inlined into `Selector` and `Target`. */
const resIdFields = {
  group: field(string, 'The API group of the resources.'),
  version: field(string, 'The API version of the resources.'),
  kind: field(string, 'The kind of the resources.'),
  name: field(string, 'The name of the resources (a regular expression in a patch target).'),
  namespace: field(string, 'The namespace of the resources.'),
};

/** `api/types/selector.go` Selector. */
const selector = object('Selector', {
  ...resIdFields,
  annotationSelector: field(
    string,
    'A label selection expression (https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#api) matched against the resource annotations.',
  ),
  labelSelector: field(
    string,
    'A label selection expression (https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#api) matched against the resource labels.',
  ),
});

/** `api/types/patch.go` Patch and `api/types/patchargs.go`-style options (left open). */
const patch = object('Patch', {
  path: field(string, 'A relative file path to the patch file.', { path: 'file' }),
  patch: field(string, 'The content of a patch.'),
  target: field(selector, 'The resources that the patch is applied to.'),
  options: field(object('PatchArgs', {}, true), 'Options for the patch (allowNameChange, allowKindChange).'),
});

/** `api/types/fieldspec.go` FieldSpec. */
const fieldSpec = object(
  'FieldSpec',
  {
    ...resIdFields,
    path: field(string, 'The path of the field in the resources, such as spec/selector/matchLabels.'),
    create: field(boolean, 'Whether to create the field when the resource lacks it.'),
  },
  true,
);

/** `api/types/generatoroptions.go` GeneratorOptions. */
const generatorOptions = object('GeneratorOptions', {
  labels: field(stringMap, 'Labels to add to all generated resources.'),
  annotations: field(stringMap, 'Annotations to add to all generated resources.'),
  disableNameSuffixHash: field(
    boolean,
    'If true, disables the default behavior of adding a suffix to the names of generated resources that is a hash of the resource contents.',
  ),
  immutable: field(boolean, 'If true, adds immutable: true to all generated resources.'),
});

/** `api/types/generatorargs.go` GeneratorArgs with `kvpairsources.go` KvPairSources inlined. */
const generatorArgsFields = {
  name: field(
    string,
    'Name - actually the partial name - of the generated resource. The full name ends up being something like NamePrefix + this.Name + hash(content of generated resource).',
  ),
  namespace: field(string, 'Namespace for the resource, optional.'),
  behavior: field(
    { type: 'string', values: ['create', 'replace', 'merge'] },
    "Behavior of generated resource, must be one of: 'create': create a new one; 'replace': replace the existing one; 'merge': merge with the existing one.",
  ),
  literals: field(
    strings,
    'A list of literal pair sources. Each literal source should be a key and literal value, e.g. `key=value`.',
  ),
  files: field(
    strings,
    'A list of file sources of the form `[{key}=]{path}`. If the "key=" part is missing, the key is the path\'s basename; the value is the file contents. A directory gives each named file in it whose basename is a valid key.',
    { path: 'keyedFile' },
  ),
  envs: field(
    strings,
    'A list of file paths. The contents of each file should be one key=value pair per line, e.g. a Docker or npm ".env" file or a ".ini" file.',
    { path: 'file' },
  ),
  env: field(string, 'Older, singular form of envs.', {
    path: 'file',
    deprecated: '`envs` (`kustomize edit fix` merges it into `envs`)',
  }),
  options: field(generatorOptions, 'Local overrides to the global generatorOptions field.'),
};

const configMapArgs = object('ConfigMapArgs', generatorArgsFields);
const secretArgs = object('SecretArgs', {
  ...generatorArgsFields,
  type: field(
    string,
    'Type of the secret, the same field as the type of a v1 Secret: "Opaque" (default), or "kubernetes.io/tls" (then literals or files must have exactly the keys tls.key and tls.crt).',
  ),
});

/** `api/types/image.go` Image. */
const image = object('Image', {
  name: field(string, 'A tag-less image name.'),
  newName: field(string, 'The value used to replace the original name.'),
  newTag: field(string, 'The value used to replace the original tag.'),
  digest: field(
    string,
    'The value used to replace the original image tag. If digest is present, newTag is ignored.',
  ),
  tagSuffix: field(
    string,
    'The value used to suffix the original tag. An error if digest or newTag is present.',
  ),
});

/** `api/types/labels.go` Label. */
const label = object('Label', {
  pairs: field(stringMap, 'The key-value pairs for labels to add.'),
  includeSelectors: field(
    boolean,
    'Whether the transformer should include the fieldSpecs for selectors. Custom fieldSpecs specified by fields are merged with the builtin fieldSpecs if this is true.',
  ),
  includeTemplates: field(
    boolean,
    'Whether the transformer should include the spec/template/metadata fieldSpec. Not needed if includeSelectors is true.',
  ),
  includeVolumeClaimTemplates: field(
    boolean,
    'Whether the transformer should include the spec/volumeClaimTemplates[]/metadata fieldSpec. Not needed if includeSelectors is true.',
  ),
  fields: field({ type: 'list', items: fieldSpec }, 'Custom fieldSpecs: the fields the labels are added to.'),
});

/** `api/types/replica.go` Replica. */
const replica = object('Replica', {
  name: field(string, 'The name of the resource to change the replica count.'),
  count: field(integer, 'The number of replicas required.'),
});

/** `api/types/replacementfield.go` ReplacementField, with `replacement.go` Replacement inlined. */
const replacement = object(
  'ReplacementField',
  {
    path: field(string, 'A relative path to a file holding replacements.', { path: 'file' }),
    source: field(object('SourceSelector', {}, true), 'The source of the value.'),
    targets: field(
      { type: 'list', items: object('TargetSelector', {}, true) },
      'The N fields to write the value to.',
    ),
    sourceValue: field(string, 'A static value to use as the source.'),
  },
  false,
);

/** `api/types/var.go` Var. */
const variable = object('Var', {
  name: field(
    string,
    'Value of identifier name e.g. FOO used in container args, annotations. Appears in pod template as $(FOO).',
  ),
  objref: field(
    object('Target', { ...resIdFields, apiVersion: field(string, 'The apiVersion of the object.') }),
    'The Kubernetes resource, under the purview of this kustomization, whose field gives the value (its raw name, before namePrefix and nameSuffix).',
  ),
  fieldref: field(
    object('FieldSelector', { fieldPath: field(string, 'The path of the field (default metadata.name).') }),
    'The field of the object referred to by objref whose value replaces $(FOO).',
  ),
});

/** `api/types/helmchartargs.go` HelmChart. */
const helmChart = object('HelmChart', {
  name: field(string, "The name of the chart, e.g. 'minecraft'."),
  version: field(string, "The version of the chart, e.g. '3.1.3'."),
  repo: field(string, "A URL locating the chart on the internet: the argument to helm's `--repo` flag."),
  releaseName: field(string, 'Replaces RELEASE-NAME in chart template output.'),
  namespace: field(string, 'The target namespace for a release (.Release.Namespace in the helm template).'),
  additionalValuesFiles: field(
    strings,
    'Local file paths to values files used in addition to the default values file or valuesFile.',
  ),
  valuesFile: field(
    string,
    'A local file path to a values file to use instead of the default values of the chart.',
  ),
  valuesInline: field({ type: 'any' }, 'Values specified directly, rather than in a separate file.'),
  valuesMerge: field(
    { type: 'string', values: ['merge', 'override', 'replace'] },
    "How to treat valuesInline with respect to the values: 'merge', 'override' (default) or 'replace'.",
  ),
  includeCRDs: field(
    boolean,
    'Whether Helm should also generate CustomResourceDefinitions. Defaults to false.',
  ),
  skipHooks: field(boolean, 'Sets the --no-hooks flag when calling helm template.'),
  apiVersions: field(strings, 'The Kubernetes API versions used for Capabilities.APIVersions.'),
  kubeVersion: field(string, 'The Kubernetes version used by Helm for Capabilities.KubeVersion.'),
  nameTemplate: field(string, 'The name template used to name the release.'),
  skipTests: field(boolean, 'Skips tests from templated output.'),
  debug: field(boolean, 'Enables debug output from the Helm chart inflator generator.'),
  devel: field(boolean, 'Allows a devel release to be used.'),
});

/** `api/types/helmchartargs.go` HelmGlobals. */
const helmGlobals = object('HelmGlobals', {
  chartHome: field(
    string,
    'A file path, relative to the kustomization root, to a directory containing a subdirectory for each chart. Defaults to "charts".',
  ),
  configHome: field(
    string,
    'A value that kustomize passes to helm via the HELM_CONFIG_HOME environment variable.',
  ),
});

/** `api/types/sortoptions.go` SortOptions. */
const sortOptions = object('SortOptions', {
  order: field({ type: 'string', values: ['legacy', 'fifo'] }, 'The ordering strategy: legacy or fifo.'),
  legacySortOptions: field(
    object('LegacySortOptions', {
      orderFirst: field(strings, 'The resource kinds to order first.'),
      orderLast: field(strings, 'The resource kinds to order last.'),
    }),
    'Tweaks the sorting for the "legacy" ordering strategy.',
  ),
});

/** `api/types/kustomization.go` Kustomization, in the order of its fields. */
export const kustomizationSchema = object('Kustomization', {
  apiVersion: field(
    { type: 'string', values: ['kustomize.config.k8s.io/v1beta1', 'kustomize.config.k8s.io/v1alpha1'] },
    'kustomize.config.k8s.io/v1beta1 for a Kustomization, kustomize.config.k8s.io/v1alpha1 for a Component.',
  ),
  kind: field({ type: 'string', values: ['Kustomization', 'Component'] }, 'Kustomization, or Component.'),
  metadata: field(
    object(
      'ObjectMeta',
      {
        name: field(string, 'The name of the kustomization.'),
        namespace: field(string, 'The namespace of the kustomization.'),
        labels: field(stringMap, 'Labels of the kustomization.'),
        annotations: field(stringMap, 'Annotations of the kustomization.'),
      },
      true,
    ),
    'Metadata of the kustomization itself.',
  ),
  openapi: field(stringMap, 'Information about what Kubernetes schema to use.'),
  namePrefix: field(
    string,
    'Will prefix the names of all resources mentioned in the kustomization file including generated configmaps and secrets.',
  ),
  nameSuffix: field(
    string,
    'Will suffix the names of all resources mentioned in the kustomization file including generated configmaps and secrets.',
  ),
  namespace: field(string, 'Namespace to add to all objects.'),
  commonLabels: field(stringMap, 'Labels to add to all objects and selectors.', {
    deprecated:
      '`labels`, which provides a superset of the functionality of commonLabels (`kustomize edit fix` rewrites it)',
  }),
  labels: field({ type: 'list', items: label }, 'Labels to add to all objects but not selectors.'),
  commonAnnotations: field(stringMap, 'Annotations to add to all objects.'),
  patchesStrategicMerge: field(
    strings,
    'The relative paths to files containing a strategic merge patch (or inline patches). URLs and globs are not supported.',
    {
      path: 'file',
      deprecated:
        '`patches`, which provides a superset of the functionality of patchesStrategicMerge (`kustomize edit fix` rewrites it)',
    },
  ),
  patchesJson6902: field(
    { type: 'list', items: patch },
    'A list of JSON patches (RFC 6902) and their targets.',
    {
      deprecated:
        '`patches`, which provides a superset of the functionality of patchesJson6902 (`kustomize edit fix` rewrites it)',
    },
  ),
  patches: field(
    { type: 'list', items: patch },
    'A list of patches, where each one can be either a Strategic Merge Patch or a JSON patch. Each patch can be applied to multiple target objects.',
  ),
  images: field(
    { type: 'list', items: image },
    'A list of (image name, new name, new tag or digest) for changing image names, tags or digests.',
  ),
  imageTags: field({ type: 'list', items: image }, 'A list of image changes.', {
    deprecated: '`images` (`kustomize edit fix` rewrites it)',
  }),
  replacements: field(
    { type: 'list', items: replacement },
    'A list of replacements, which copy nodes from a specified source to N specified targets.',
  ),
  replicas: field(
    { type: 'list', items: replica },
    'A list of {name, count} that sets the replicas of the named resources.',
  ),
  vars: field(
    { type: 'list', items: variable },
    'Vars inject values of fields into other objects: any appearance of "$(FOO)" is replaced at build time.',
    { deprecated: '`replacements` (`kustomize edit fix` rewrites it, as an experiment)' },
  ),
  sortOptions: field(sortOptions, 'The order that kustomize outputs resources in.'),
  resources: field(
    strings,
    'Relative paths to files holding YAML representations of Kubernetes API objects, or to other kustomizations (relative paths, absolute paths, or URLs).',
    { path: 'fileOrFolder' },
  ),
  components: field(strings, 'Relative paths to Components (relative paths, absolute paths, or URLs).', {
    path: 'fileOrFolder',
  }),
  crds: field(
    strings,
    'Relative paths to Custom Resource Definition files, so that custom resources are recognized as operands. The CRDs themselves are not modified.',
    { path: 'file' },
  ),
  bases: field(strings, 'Other kustomizations built into this one.', {
    path: 'fileOrFolder',
    deprecated: '`resources` (`kustomize edit fix` moves its entries there)',
  }),
  configMapGenerator: field(
    { type: 'list', items: configMapArgs },
    'A list of ConfigMaps to generate from local data (one per list item). By default, the name of the map has a suffix hash generated from its contents.',
  ),
  secretGenerator: field(
    { type: 'list', items: secretArgs },
    'A list of Secrets to generate from local data (one per list item). By default, the name of the secret has a suffix hash generated from its contents.',
  ),
  helmGlobals: field(helmGlobals, 'Helm configuration that is not chart specific.'),
  helmCharts: field({ type: 'list', items: helmChart }, 'A list of Helm chart configuration instances.'),
  helmChartInflationGenerator: field(
    { type: 'list', items: object('HelmChartArgs', {}, true) },
    'A list of Helm chart configurations.',
    {
      deprecated: '`helmGlobals` and `helmCharts` (`kustomize edit fix` converts it)',
    },
  ),
  generatorOptions: field(generatorOptions, 'Modify behavior of all ConfigMap and Secret generators.'),
  configurations: field(strings, 'A list of transformer configuration files.', { path: 'file' }),
  generators: field(strings, 'A list of files containing custom generators.'),
  transformers: field(strings, 'A list of files containing transformers.'),
  validators: field(strings, 'A list of files containing validators.'),
  buildMetadata: field(
    {
      type: 'list',
      items: { type: 'string', values: ['originAnnotations', 'transformerAnnotations', 'managedByLabel'] },
    },
    'A list of strings used to toggle different build options.',
  ),
});

/**
 * The field a key names in an object type. Kustomize decodes with Go's encoding/json
 * (`Kustomization.Unmarshal`), which matches keys case-insensitively, preferring an exact match.
 */
export function fieldOf(
  schema: KustomizationType,
  key: string,
): { name: string; field: KustomizationField } | undefined {
  if (schema.type !== 'object') {
    return undefined;
  }
  const exact = schema.fields[key];
  if (exact) {
    return { name: key, field: exact };
  }
  const lower = key.toLowerCase();
  const name = Object.keys(schema.fields).find((candidate) => candidate.toLowerCase() === lower);
  return name === undefined ? undefined : { name, field: schema.fields[name]! };
}

/** The type at a path of plain keys and list indexes, from the root of a kustomization. */
export function schemaAt(path: readonly (string | number)[]): KustomizationType | undefined {
  let current: KustomizationType | undefined = kustomizationSchema;
  for (const segment of path) {
    if (!current) {
      return undefined;
    }
    if (typeof segment === 'number') {
      current = current.type === 'list' ? current.items : undefined;
    } else {
      current = fieldOf(current, segment)?.field.schema;
    }
  }
  return current;
}

/** The field a path ends on, with the name of the object type holding it. */
export function fieldAt(
  path: readonly (string | number)[],
): { name: string; owner: string; field: KustomizationField } | undefined {
  const last = path[path.length - 1];
  if (typeof last !== 'string') {
    return undefined;
  }
  const owner = schemaAt(path.slice(0, -1));
  const found = owner ? fieldOf(owner, last) : undefined;
  return owner?.type === 'object' && found ? { ...found, owner: owner.name } : undefined;
}

/** How `kubectl explain` would write a type. */
export function typeName(schema: KustomizationType): string {
  switch (schema.type) {
    case 'list':
      return `[]${typeName(schema.items)}`;
    case 'object':
      return schema.name;
    case 'stringMap':
      return 'map[string]string';
    case 'any':
      return 'Object';
    default:
      return schema.type;
  }
}
