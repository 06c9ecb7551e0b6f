import * as assert from 'node:assert/strict';
import { applyCodeAction, codeActions, validate } from '../support/service';

/** Applies the quick fix with this title, offered for a diagnostic with this code. */
function fix(text: string, code: string, title: string): string {
  const diagnostics = validate(text).filter((diagnostic) => diagnostic.code === code);
  assert.ok(diagnostics.length > 0, `no ${code} diagnostic`);
  const actions = diagnostics.flatMap((diagnostic) => codeActions(text, [diagnostic]));
  const action = actions.find((candidate) => candidate.title === title);
  assert.ok(
    action,
    `no quick fix "${title}" among ${actions.map((candidate) => candidate.title).join(', ')}`,
  );
  assert.equal(action.kind, 'quickfix');
  return applyCodeAction(text, action);
}

const pod = `apiVersion: v1
kind: Pod
metadata:
  name: web # the web pod
spec:
  restartPolicy: Sometimes
  containers:
    - name: web
      image: nginx:1.27
      poarts:
        - containerPort: 80
`;

describe('quick fixes', () => {
  it('renames an unknown field to the suggestion', () => {
    const fixed = fix(pod, 'unknown-field', 'Rename to "ports"');
    assert.equal(fixed, pod.replace('poarts:', 'ports:'));
  });

  it('replaces a bad enum value with each allowed value', () => {
    const diagnostic = validate(pod).find((candidate) => candidate.code === 'invalid-value')!;
    assert.deepEqual(
      codeActions(pod, [diagnostic]).map((action) => action.title),
      ['Change to Always', 'Change to Never', 'Change to OnFailure'],
    );
    assert.equal(fix(pod, 'invalid-value', 'Change to Never'), pod.replace('Sometimes', 'Never'));
  });

  it('adds missing required fields at the object’s indentation, touching nothing else', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2 # two
  template:
    spec:
      containers:
        - image: nginx:1.27
          command: ["nginx"]
`;
    assert.equal(
      fix(text, 'missing-required', 'Add missing required field: selector'),
      // Appended after the object's last field, at the object's indentation.
      `${text}  selector: {}\n`,
    );
    assert.equal(
      fix(text, 'missing-required', 'Add missing required field: name'),
      text.replace('          command: ["nginx"]\n', '          command: ["nginx"]\n          name: ""\n'),
    );
  });

  it('adds several missing fields in one edit', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n    - stdin: true\n';
    assert.equal(
      fix(text, 'missing-required', 'Add missing required fields: name, image'),
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n    - stdin: true\n      name: ""\n      image: ""\n',
    );
  });

  it('fixes the apiVersion for the kind', () => {
    const text = pod.replace('apiVersion: v1', 'apiVersion: apps/v1');
    assert.equal(fix(text, 'apiversion-mismatch', 'Change apiVersion to v1'), pod);
  });

  it('replaces a removed apiVersion with the current one', () => {
    const text = 'apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: x\n';
    assert.equal(
      fix(text, 'removed-api', 'Change apiVersion to apps/v1'),
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n',
    );
  });

  it('fixes a misspelled kind', () => {
    const text = 'apiVersion: apps/v1\nkind: Deploymnet\nmetadata:\n  name: x\n';
    assert.equal(
      fix(text, 'unknown-kind', 'Change kind to Deployment'),
      text.replace('Deploymnet', 'Deployment'),
    );
  });

  it('quotes a YAML 1.1 boolean', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  debug: on\n';
    assert.equal(fix(text, 'yaml11-boolean-string', 'Quote "on"'), text.replace('debug: on', 'debug: "on"'));
  });

  it('replaces a removed field with its successor', () => {
    const text =
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: x\nspec:\n  ipFamily: IPv6\n  ports:\n    - port: 80\n';
    assert.equal(
      fix(text, 'removed-field', 'Replace with ipFamilies'),
      text.replace('ipFamily: IPv6', 'ipFamilies: [IPv6]'),
    );
  });

  it('works on the right lines of a later document in the file', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: first\n---\n${pod}`;
    assert.equal(fix(text, 'unknown-field', 'Rename to "ports"'), text.replace('poarts:', 'ports:'));
  });

  it('offers nothing for diagnostics from other tools', () => {
    const [diagnostic] = validate(pod);
    assert.deepEqual(codeActions(pod, [{ ...diagnostic!, source: 'yaml' }]), []);
  });
});
