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
    const versioned = runPodscope('explain', 'cronjob', '--api-version', 'batch/v1beta1');
    assert.ok(versioned.stdout.startsWith('GROUP:      batch\nKIND:       CronJob\nVERSION:    v1beta1\n'));
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
