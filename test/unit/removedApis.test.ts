import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { apiVersionOf } from '../../server/src/catalog/catalog';
import {
  defaultKubernetesMinor,
  findRemovedApi,
  removedApis,
} from '../../server/src/kubernetes/apiLifecycle';
import { testCatalog } from '../support/catalog';
import { repoRoot } from '../support/paths';
import { applyCodeAction, codeActions, validate, viewDiagnostics } from '../support/service';

const error = DiagnosticSeverity.Error;
const warning = DiagnosticSeverity.Warning;

/** The identity findings of a document (removed, deprecated, mismatched apiVersions). */
function identity(text: string): ReturnType<typeof viewDiagnostics> {
  const codes = new Set(['removed-api', 'deprecated-api-version', 'apiversion-mismatch', 'unknown-kind']);
  return viewDiagnostics(
    text,
    validate(text).filter((diagnostic) => codes.has(String(diagnostic.code))),
  );
}

/** The quick fix titles offered for the removed-api finding, and the text after the first. */
function removedApiFix(text: string): { titles: string[]; fixed: string } {
  const diagnostics = validate(text).filter((diagnostic) => diagnostic.code === 'removed-api');
  assert.equal(diagnostics.length, 1, 'one removed-api diagnostic');
  const actions = codeActions(text, diagnostics);
  assert.ok(actions[0], 'a quick fix');
  return { titles: actions.map((action) => action.title), fixed: applyCodeAction(text, actions[0]) };
}

const pdb = `apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  minAvailable: 1
  selector:
    matchLabels:
      app: web
`;

describe('removed APIs (deprecation guide)', () => {
  it('is an error on the apiVersion, with the release that removed it and the replacement', () => {
    assert.deepEqual(identity(pdb), [
      {
        code: 'removed-api',
        severity: error,
        line: 'apiVersion: policy/v1beta1',
        text: 'policy/v1beta1',
        message:
          'policy/v1beta1 PodDisruptionBudget was removed in Kubernetes 1.25; use policy/v1 (an empty spec.selector selects every pod of the namespace, none in v1beta1).',
      },
    ]);
  });

  it('rewrites the apiVersion to the replacement', () => {
    const { titles, fixed } = removedApiFix(pdb);
    assert.deepEqual(titles, ['Change apiVersion to policy/v1']);
    assert.equal(fixed, pdb.replace('policy/v1beta1', 'policy/v1'));
    assert.deepEqual(identity(fixed), []);
  });

  it('reports a removed version that the catalog still describes (StorageClass storage.k8s.io/v1beta1)', () => {
    const text =
      'apiVersion: storage.k8s.io/v1beta1\nkind: StorageClass\nmetadata:\n  name: fast\nprovisioner: x\n';
    assert.deepEqual(identity(text), [
      {
        code: 'removed-api',
        severity: error,
        line: 'apiVersion: storage.k8s.io/v1beta1',
        text: 'storage.k8s.io/v1beta1',
        message: 'storage.k8s.io/v1beta1 StorageClass was removed in Kubernetes 1.22; use storage.k8s.io/v1.',
      },
    ]);
  });

  it('turns the catalog-deprecated beta kinds no 1.36 server serves into errors (extensions/v1beta1 DaemonSet)', () => {
    const text = 'apiVersion: extensions/v1beta1\nkind: DaemonSet\nmetadata:\n  name: x\n';
    const [finding] = identity(text);
    assert.equal(finding?.code, 'removed-api');
    assert.equal(finding.severity, error);
    assert.equal(
      finding.message,
      'extensions/v1beta1 DaemonSet was removed in Kubernetes 1.16; use apps/v1 (spec.selector is required and immutable: use the template labels).',
    );
  });

  it('says there is no replacement for PodSecurityPolicy, and offers no fix', () => {
    const text = 'apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata:\n  name: restricted\n';
    assert.deepEqual(identity(text), [
      {
        code: 'removed-api',
        severity: error,
        line: 'apiVersion: policy/v1beta1',
        text: 'policy/v1beta1',
        message:
          'policy/v1beta1 PodSecurityPolicy was removed in Kubernetes 1.25, with no replacement: use Pod Security Admission or a third-party admission webhook.',
      },
    ]);
    const diagnostics = validate(text).filter((diagnostic) => diagnostic.code === 'removed-api');
    assert.deepEqual(codeActions(text, diagnostics), []);
  });

  it('never suggests a removed apiVersion for a kind that no version serves (policy/v1 PodSecurityPolicy)', () => {
    const text = 'apiVersion: policy/v1\nkind: PodSecurityPolicy\nmetadata:\n  name: restricted\n';
    assert.deepEqual(identity(text), [
      {
        code: 'removed-api',
        severity: error,
        line: 'apiVersion: policy/v1',
        text: 'policy/v1',
        message:
          'PodSecurityPolicy is not served by policy/v1, and its last apiVersion, policy/v1beta1, was removed in Kubernetes 1.25, with no replacement: use Pod Security Admission or a third-party admission webhook.',
      },
    ]);
  });

  it('migrates an Ingress of extensions/v1beta1 to networking.k8s.io/v1: backends and pathType too', () => {
    const text = `apiVersion: extensions/v1beta1
kind: Ingress
metadata:
  name: web
spec:
  backend:
    serviceName: default-http
    servicePort: 8080
  rules:
    - host: example.com
      http:
        paths:
          - path: /
            backend:
              serviceName: web
              servicePort: 80
          - path: /api
            pathType: Prefix
            backend:
              servicePort: http
              serviceName: api
`;
    const [finding] = identity(text);
    assert.equal(
      finding?.message,
      'extensions/v1beta1 Ingress was removed in Kubernetes 1.22; use networking.k8s.io/v1 (spec.backend is renamed spec.defaultBackend).',
    );
    const { titles, fixed } = removedApiFix(text);
    assert.deepEqual(titles, [
      'Migrate to networking.k8s.io/v1 (backends, pathType)',
      'Change apiVersion to networking.k8s.io/v1',
    ]);
    assert.equal(
      fixed,
      `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  defaultBackend:
    service:
      name: default-http
      port:
        number: 8080
  rules:
    - host: example.com
      http:
        paths:
          - path: /
            pathType: ImplementationSpecific
            backend:
              service:
                name: web
                port:
                  number: 80
          - path: /api
            pathType: Prefix
            backend:
              service:
                name: api
                port:
                  name: http
`,
    );
    // The migrated Ingress is valid networking.k8s.io/v1: no finding of any kind is left.
    assert.deepEqual(
      validate(fixed).map((diagnostic) => diagnostic.code),
      [],
    );
  });

  it('offers only the apiVersion for an Ingress whose layout it cannot rewrite exactly (a flow backend)', () => {
    const text = `apiVersion: networking.k8s.io/v1beta1
kind: Ingress
metadata:
  name: web
spec:
  backend: { serviceName: web, servicePort: 80 }
`;
    const { titles, fixed } = removedApiFix(text);
    assert.deepEqual(titles, ['Change apiVersion to networking.k8s.io/v1']);
    assert.equal(fixed, text.replace('networking.k8s.io/v1beta1', 'networking.k8s.io/v1'));
  });

  it('reports a removal only from the release that made it: a target before 1.25 still serves policy/v1beta1', () => {
    assert.equal(findRemovedApi('policy/v1beta1', 'PodDisruptionBudget', 24), undefined);
    assert.equal(findRemovedApi('policy/v1beta1', 'PodDisruptionBudget', 25)?.replacement, 'policy/v1');
    assert.equal(findRemovedApi('policy/v1', 'PodDisruptionBudget'), undefined);
    assert.equal(defaultKubernetesMinor, 36);
  });

  it('keeps the warning for a kind that is deprecated but still served (v1 ComponentStatus)', () => {
    const text = 'apiVersion: v1\nkind: ComponentStatus\nmetadata:\n  name: etcd-0\n';
    assert.deepEqual(identity(text), [
      {
        code: 'deprecated-api-version',
        severity: warning,
        line: 'apiVersion: v1',
        text: 'v1',
        message: 'v1 ComponentStatus is deprecated or removed.',
      },
    ]);
  });

  it('says nothing about the served versions of the same kinds', () => {
    const text = pdb.replace('policy/v1beta1', 'policy/v1');
    assert.deepEqual(identity(text), []);
    assert.deepEqual(identity('apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: x\n'), []);
  });

  describe('the table', () => {
    const catalog = testCatalog();

    it('is the table of docs/rules.md, row for row', () => {
      const docs = fs.readFileSync(path.join(repoRoot, 'docs/rules.md'), 'utf8');
      const section = docs.slice(docs.indexOf('\n# Removed APIs\n'));
      const rows = section
        .split('\n')
        .filter((line) => line.startsWith('| `'))
        .map((line) => line.split(' | ').map((cell) => cell.replace(/^\|/, '').replace(/\|$/, '').trim()));
      const expected = removedApis.flatMap((entry) =>
        entry.kinds.map((kind) => [
          `\`${entry.apiVersion}\``,
          kind,
          `1.${entry.removedIn}`,
          entry.replacement ? `\`${entry.replacement}\`` : `none: ${entry.alternative}`,
          entry.notes.length > 0 ? entry.notes.join('; ') : 'No notable changes',
        ]),
      );
      assert.deepEqual(rows, expected);
    });
    for (const entry of removedApis) {
      it(`${entry.apiVersion} ${entry.kinds.join(', ')}: a source, and a replacement the catalog serves`, () => {
        assert.match(
          entry.source,
          /^https:\/\/kubernetes\.io\/(docs\/reference\/using-api\/deprecation-guide\/#|blog\/)/,
        );
        assert.ok(entry.removedIn >= 16 && entry.removedIn <= defaultKubernetesMinor);
        assert.ok(
          (entry.replacement === undefined) !== (entry.alternative === undefined),
          'a replacement or an alternative',
        );
        for (const kind of entry.kinds) {
          if (entry.replacement) {
            const replacement = catalog.getKind(entry.replacement, kind);
            assert.ok(replacement, `${entry.replacement} ${kind} in the catalog`);
            assert.equal(
              findRemovedApi(apiVersionOf(replacement), kind),
              undefined,
              'the replacement is served',
            );
          }
        }
      });
    }
  });
});
