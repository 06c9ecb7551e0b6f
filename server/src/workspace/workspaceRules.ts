/**
 * Rules across files: a field that names an object the workspace does not hold, or a key its
 * ConfigMap or Secret does not have. They read the workspace index, so they run after the
 * per-document pipeline (whose results are cached with each document's parse) on every check of
 * a file: a lookup per reference.
 *
 * Quiet by design. Many objects a pod names are made elsewhere (by `kubectl create secret`, a
 * Helm chart, an operator, the cluster itself), so a missing object is reported only where the
 * workspace evidently holds the application's objects of that kind:
 * - the index is complete (the first indexing has finished);
 * - the application's objects of that kind are kept beside the reference: the same file
 *   declares another object of the kind, or a kustomization builds the file and a file of its
 *   folder declares one (in a namespace the reference can be in). A folder of unrelated examples
 *   (the Kubernetes documentation's, whose readers create the ConfigMaps) gives no such evidence;
 * - the field is not `optional: true` and the name is not templated (`$(VAR)`, `{{ }}`);
 * - the kind is a ConfigMap, PersistentVolumeClaim or ServiceAccount. Secrets are left out: they
 *   are kept out of repositories by design (created by hand, by sealed-secrets, external-secrets
 *   or cert-manager), so their absence says nothing. A Secret that is found is still checked for
 *   the key a field names.
 */
import type { CreateObjectFixData } from '../common/fixData';
import { dns1123SubdomainError } from '../kubernetes/names';
import { closestMatch } from '../util/suggest';
import type { Declaration, Reference } from './fileResources';
import { serviceRules } from './serviceRules';
import { declarationsByKind, type WorkspaceFinding, type WorkspaceRule } from './workspaceRule';
import { sameNamespace } from './workspaceIndex';

export type { WorkspaceFinding, WorkspaceRule, WorkspaceRuleContext } from './workspaceRule';

/**
 * Objects the cluster makes in every namespace: `kube-root-ca.crt` (the root CA publisher,
 * kubernetes pkg/controller/certificates/rootcacertpublisher/publisher.go), the `default`
 * ServiceAccount (pkg/controller/serviceaccount/serviceaccounts_controller.go), and the CA
 * bundles that Istio (istiod's namespace controller, `istio-ca-root-cert`) and OpenShift
 * (`openshift-service-ca.crt`) publish the same way.
 */
const madeByTheCluster: ReadonlySet<string> = new Set([
  'ConfigMap/kube-root-ca.crt',
  'ConfigMap/istio-ca-root-cert',
  'ConfigMap/openshift-service-ca.crt',
  'ServiceAccount/default',
]);

const checkedForExistence: ReadonlySet<string> = new Set([
  'ConfigMap',
  'PersistentVolumeClaim',
  'ServiceAccount',
]);

function templated(name: string): boolean {
  return /\$\(|\{\{|\$\{/.test(name);
}

/**
 * A ConfigMap key the API server accepts: IsConfigMapKey in k8s.io/apimachinery
 * pkg/util/validation (`[-._a-zA-Z0-9]+`, at most 253 characters, not `.` or `..`), as
 * ValidateConfigMap in k8s.io/kubernetes pkg/apis/core/validation/validation.go checks its keys.
 */
function isConfigMapKey(key: string): boolean {
  return key.length <= 253 && /^[-._a-zA-Z0-9]+$/.test(key) && key !== '.' && key !== '..';
}

/**
 * The fixes of a missing object: create it (when its name is one the API server accepts: a
 * DNS-1123 subdomain, NameIsDNSSubdomain for ConfigMaps, PersistentVolumeClaims and
 * ServiceAccounts in k8s.io/kubernetes pkg/apis/core/validation/validation.go), with the keys
 * that the workspace's references to it take, or take the close name.
 */
function createObjectFix(
  reference: Reference,
  keys: readonly string[],
  suggestion: string | undefined,
): CreateObjectFixData | undefined {
  const creatable =
    dns1123SubdomainError(reference.name) === undefined &&
    (reference.kind === 'ConfigMap' ||
      reference.kind === 'PersistentVolumeClaim' ||
      reference.kind === 'ServiceAccount');
  if (!creatable && suggestion === undefined) {
    return undefined;
  }
  return {
    kind: 'createObject',
    ...(creatable
      ? {
          object: {
            kind: reference.kind,
            name: reference.name,
            ...(reference.namespace === undefined ? {} : { namespace: reference.namespace }),
            keys: [...new Set(keys)].filter(isConfigMapKey),
          },
        }
      : {}),
    replacements:
      suggestion === undefined
        ? []
        : [{ title: `Change to "${suggestion}"`, newText: yamlString(suggestion) }],
  };
}

/** A string as a YAML scalar that stays a string: plain where YAML reads it as one, else quoted. */
export function yamlString(value: string): string {
  const plain =
    /^[A-Za-z_][-._A-Za-z0-9]*$/.test(value) && !/^(?:true|false|yes|no|on|off|null|y|n)$/i.test(value);
  return plain ? value : JSON.stringify(value);
}

function where(declaration: Declaration): string {
  return declaration.namespace === undefined ? '' : ` in namespace "${declaration.namespace}"`;
}

export const referenceNotFound: WorkspaceRule = {
  id: 'reference-not-found',
  defaultSeverity: 'warning',
  summary:
    'A pod names a ConfigMap, PersistentVolumeClaim or ServiceAccount that the workspace does not define.',
  validate({ uri, resources, index, kustomized }) {
    if (!index.complete) {
      return [];
    }
    const findings: WorkspaceFinding[] = [];
    const besideOfKind = declarationsByKind(
      () => [
        ...resources.declarations,
        ...(kustomized ? index.declarationsBeside(uri).map(({ item }) => item) : []),
      ],
      (item) => item.kind,
    );
    for (const reference of resources.references) {
      if (
        reference.optional ||
        // A binding's subject may be made anywhere (by a chart, an operator, another team).
        reference.field === 'subjects' ||
        templated(reference.name) ||
        !checkedForExistence.has(reference.kind) ||
        madeByTheCluster.has(`${reference.kind}/${reference.name}`)
      ) {
        continue;
      }
      const target = { kind: reference.kind, name: reference.name, namespace: reference.namespace };
      if (index.declarationsOf(target).length > 0) {
        continue;
      }
      // The application's objects of this kind are evidently kept here: the same file declares
      // one, or a kustomization builds the file and its folder holds one. A folder of unrelated
      // examples, or objects made elsewhere, give no such evidence.
      const beside = besideOfKind(reference.kind).filter((item) =>
        sameNamespace(item.namespace, reference.namespace),
      );
      if (beside.length === 0) {
        continue;
      }
      const suggestion = closestMatch(
        reference.name,
        beside.flatMap((item) => [item.name, ...(item.builtNames ?? [])]),
      );
      const keys = index
        .referencesTo(target)
        .flatMap(({ item }) => (item.key === undefined ? [] : [item.key.name]));
      const data = createObjectFix(reference, keys, suggestion);
      findings.push({
        ...(data ? { data } : {}),
        range: reference.nameRange,
        message:
          `${reference.from} names ${reference.kind} "${reference.name}" (${reference.field}), which no file of the workspace defines` +
          `${reference.namespace === undefined ? '' : ` in namespace "${reference.namespace}"`}` +
          (suggestion ? `; did you mean "${suggestion}"?` : '.') +
          (reference.kind === 'ServiceAccount' ? '' : ' The pod does not start until it exists.'),
      });
    }
    return findings;
  },
};

export const keyNotFound: WorkspaceRule = {
  id: 'key-not-found',
  defaultSeverity: 'warning',
  summary: 'An env var takes a key that its ConfigMap or Secret, as the workspace defines it, does not have.',
  validate({ resources, index }) {
    const findings: WorkspaceFinding[] = [];
    for (const reference of resources.references) {
      if (!reference.key || reference.optional || templated(reference.name)) {
        continue;
      }
      const found = index
        .declarationsOf({ kind: reference.kind, name: reference.name, namespace: reference.namespace })
        .map(({ item }) => item);
      // Every candidate must lack the key, and have keys that can be known.
      if (found.length === 0 || found.some((declaration) => declaration.keys === undefined)) {
        continue;
      }
      const key = reference.key.name;
      if (found.some((declaration) => declaration.keys!.includes(key))) {
        continue;
      }
      const keys = [...new Set(found.flatMap((declaration) => declaration.keys!))];
      const suggestion = closestMatch(key, keys);
      findings.push({
        range: reference.key.range,
        message:
          `${reference.kind} "${reference.name}"${where(found[0]!)} has no key "${key}"` +
          (keys.length > 0
            ? ` (it has ${keys.map((name) => `"${name}"`).join(', ')})`
            : ' (it has no keys)') +
          (suggestion ? `; did you mean "${suggestion}"?` : '.') +
          ' The container does not start until the key exists.',
      });
    }
    return findings;
  },
};

export const workspaceRules: readonly WorkspaceRule[] = [referenceNotFound, keyNotFound, ...serviceRules];
