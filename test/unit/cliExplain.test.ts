import * as assert from 'node:assert/strict';
import { runPodscope } from '../support/cliRunner';

describe('podscope explain (CLI)', () => {
  it('prints the explanation and exits 0', () => {
    const run = runPodscope('explain', 'pod.spec.restartPolicy');
    assert.equal(run.code, 0);
    assert.equal(run.stderr, '');
    assert.ok(
      run.stdout.startsWith(
        'KIND:       Pod\nVERSION:    v1\n\nFIELD: restartPolicy <string>\nENUM:\n    Always\n    Never\n    OnFailure\n',
      ),
    );
  });

  it('lists required fields in the field list', () => {
    const run = runPodscope('explain', 'pods.spec.containers');
    assert.equal(run.code, 0);
    assert.ok(run.stdout.includes('\n  name\t<string> -required-\n'));
  });

  it('honours --recursive and --api-version', () => {
    const recursive = runPodscope('explain', 'pod.spec.containers.ports', '--recursive');
    assert.equal(recursive.code, 0);
    assert.ok(
      recursive.stdout.endsWith(
        'FIELDS:\n  containerPort\t<integer> -required-\n  hostIP\t<string>\n  hostPort\t<integer>\n  name\t<string>\n  protocol\t<string>\n  enum: SCTP, TCP, UDP\n\n',
      ),
    );
    const versioned = runPodscope('explain', 'cronjob', '--api-version', 'batch/v1');
    assert.ok(versioned.stdout.startsWith('GROUP:      batch\nKIND:       CronJob\nVERSION:    v1\n'));
    // batch/v1beta1 CronJob was removed in 1.25: a 1.36 server, like kubectl against it, has none.
    assert.deepEqual(runPodscope('explain', 'cronjob', '--api-version', 'batch/v1beta1'), {
      code: 1,
      stdout: '',
      stderr: 'error: couldn\'t find resource for "batch/v1beta1, Resource=cronjobs"\n',
    });
  });

  it('answers as the API server of --kubernetes-version: its fields, enum values and descriptions', () => {
    // PodSpec.resources came in 1.32 (absent from the official 1.30 document, in 1.35's).
    assert.deepEqual(runPodscope('explain', 'pod.spec.resources', '--kubernetes-version', '1.31'), {
      code: 1,
      stdout: 'KIND:       Pod\nVERSION:    v1\n\n',
      stderr: 'error: field "resources" does not exist\n',
    });
    assert.equal(runPodscope('explain', 'pod.spec.resources', '--kubernetes-version', 'v1.32.4').code, 0);
    // Toleration's Gt and Lt operators are in the 1.35 text, not in 1.33's.
    const at33 = runPodscope('explain', 'pod.spec.tolerations.operator', '--kubernetes-version', '1.33');
    assert.ok(at33.stdout.includes('ENUM:\n    Equal\n    Exists\n\nDESCRIPTION:'), at33.stdout);
    assert.ok(at33.stdout.includes('Valid operators are\n    Exists and Equal.'), at33.stdout);
    assert.ok(!at33.stdout.includes('Gt'), at33.stdout);
    const at36 = runPodscope('explain', 'pod.spec.tolerations.operator');
    assert.ok(at36.stdout.includes('ENUM:\n    Equal\n    Exists\n    Gt\n    Lt\n'), at36.stdout);
    // policy/v1beta1 PodDisruptionBudget is served until 1.24 (removed in 1.25).
    assert.equal(
      runPodscope('explain', 'pdb', '--api-version', 'policy/v1beta1', '--kubernetes-version', '1.30').code,
      1,
    );
  });

  it('rejects a --kubernetes-version that is none or that the catalog does not cover, naming the range', () => {
    assert.deepEqual(runPodscope('explain', 'pod', '--kubernetes-version', '1.29'), {
      code: 1,
      stdout: '',
      stderr: 'error: --kubernetes-version 1.29: Podscope covers Kubernetes 1.30 to 1.36\n',
    });
    assert.deepEqual(runPodscope('explain', 'pod', '--kubernetes-version', 'banana'), {
      code: 1,
      stdout: '',
      stderr:
        'error: --kubernetes-version "banana" is not a Kubernetes version such as 1.36; Podscope covers Kubernetes 1.30 to 1.36\n',
    });
  });

  it('exits 1 with kubectl’s wording for an unknown resource or field', () => {
    assert.deepEqual(runPodscope('explain', 'foo'), {
      code: 1,
      stdout: '',
      stderr: 'the server doesn\'t have a resource type "foo"\n',
    });
    // kubectl prints the header on stdout before it finds that the field does not exist.
    assert.deepEqual(runPodscope('explain', 'pod.spec.foo'), {
      code: 1,
      stdout: 'KIND:       Pod\nVERSION:    v1\n\n',
      stderr: 'error: field "foo" does not exist\n',
    });
    assert.deepEqual(runPodscope('explain', 'deploy', '--api-version', 'apps/v2'), {
      code: 1,
      stdout: '',
      stderr: 'error: couldn\'t find resource for "apps/v2, Resource=deployments"\n',
    });
  });

  it('prints a short name’s warning on stderr, as kubectl does', () => {
    const run = runPodscope('explain', 'ev.series');
    assert.equal(run.code, 0);
    assert.equal(
      run.stderr,
      'Warning: short name "ev" could also match lower priority resource events.events.k8s.io\n',
    );
    assert.ok(run.stdout.startsWith('KIND:       Event\nVERSION:    v1\n\nFIELD: series <EventSeries>\n'));
  });

  it('rejects a missing resource and unknown options', () => {
    const missing = runPodscope('explain');
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^error: You must specify the type of resource to explain\./);
    const unknown = runPodscope('explain', 'pod', '--colour');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /^error: Unknown option '--colour'/);
  });
});
