import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { explain, wrap } from '../../server/src/catalog/explain';
import { testCatalog } from '../support/catalog';
import { repoRoot } from '../support/paths';

function explainText(request: string, options: Parameters<typeof explain>[2] = {}): string {
  const result = explain(testCatalog(), request, options);
  assert.ok(result.ok, result.ok ? '' : result.error);
  return result.text;
}

function golden(name: string): string {
  return fs.readFileSync(path.join(repoRoot, 'test/fixtures/explain', `${name}.txt`), 'utf8');
}

describe('explain', () => {
  it('prints a kind with its header, description and sorted fields', () => {
    assert.equal(explainText('pod'), golden('pod'));
  });

  it('prints an enum field with ENUM and the description with its "Possible enum values" paragraph', () => {
    assert.equal(
      explainText('pod.spec.restartPolicy'),
      [
        'KIND:       Pod',
        'VERSION:    v1',
        '',
        'FIELD: restartPolicy <string>',
        'ENUM:',
        '    Always',
        '    Never',
        '    OnFailure',
        '',
        'DESCRIPTION:',
        '    Restart policy for all containers within the pod. One of Always, OnFailure,',
        '    Never. In some contexts, only a subset of those values may be permitted.',
        '    Default to Always. More info:',
        '    https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#restart-policy',
        '    ',
        '    Possible enum values:',
        '     - `"Always"`',
        '     - `"Never"`',
        '     - `"OnFailure"`',
        '    ',
        '',
        '',
      ].join('\n'),
    );
  });

  it('marks required fields and shows enums in a field list', () => {
    const text = explainText('pods.spec.containers');
    assert.equal(text, golden('pods.spec.containers'));
    assert.ok(text.includes('\n  name\t<string> -required-\n'));
    assert.ok(text.includes('\n  imagePullPolicy\t<string>\n  enum: Always, IfNotPresent, Never\n'));
  });

  it('follows a field to its type and lists that type’s fields', () => {
    assert.equal(
      explainText('pod.spec.containers.livenessProbe').split('FIELDS:\n')[0],
      [
        'KIND:       Pod',
        'VERSION:    v1',
        '',
        'FIELD: livenessProbe <Probe>',
        '',
        '',
        'DESCRIPTION:',
        '    Periodic probe of container liveness. Container will be restarted if the',
        '    probe fails. Cannot be updated. More info:',
        '    https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes',
        '    Probe describes a health check to be performed against a container to',
        '    determine whether it is alive or ready to receive traffic.',
        '    ',
        '',
      ].join('\n'),
    );
    const fieldNames = [
      ...explainText('pod.spec.containers.livenessProbe').matchAll(/^ {2}(\w+)\t<([^>]+)>/gm),
    ].map((match) => `${match[1]} ${match[2]}`);
    assert.deepEqual(fieldNames, [
      'exec ExecAction',
      'failureThreshold integer',
      'grpc GRPCAction',
      'httpGet HTTPGetAction',
      'initialDelaySeconds integer',
      'periodSeconds integer',
      'successThreshold integer',
      'tcpSocket TCPSocketAction',
      'terminationGracePeriodSeconds integer',
      'timeoutSeconds integer',
    ]);
  });

  it('walks into a pod template and prints GROUP for a named group', () => {
    assert.equal(explainText('deployment.spec.template.spec'), golden('deployment.spec.template.spec'));
  });

  it('explains a CronJob job template', () => {
    assert.equal(
      explainText('cronjob.spec.jobTemplate'),
      [
        'GROUP:      batch',
        'KIND:       CronJob',
        'VERSION:    v1',
        '',
        'FIELD: jobTemplate <JobTemplateSpec>',
        '',
        '',
        'DESCRIPTION:',
        '    Specifies the job that will be created when executing a CronJob.',
        '    JobTemplateSpec describes the data a Job should have when created from a',
        '    template',
        '    ',
        'FIELDS:',
        '  metadata\t<ObjectMeta>',
        "    Standard object's metadata of the jobs created from this template. More",
        '    info:',
        '    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
        '',
        '  spec\t<JobSpec>',
        '    Specification of the desired behavior of the job. More info:',
        '    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status',
        '',
        '',
        '',
      ].join('\n'),
    );
  });

  it('prints kubectl type notation for maps, quantities, int-or-string and times', () => {
    assert.match(explainText('pod.spec.containers.resources'), /\n {2}limits\t<map\[string\]Quantity>\n/);
    assert.match(
      explainText('pod.spec.containers.livenessProbe.httpGet'),
      /\n {2}port\t<IntOrString> -required-\n/,
    );
    assert.match(explainText('pod.metadata'), /\n {2}labels\t<map\[string\]string>\n/);
    // metav1.Time is `type: string` in the OpenAPI documents, and kubectl prints a reference to
    // a schema with a type as that type.
    assert.match(explainText('pod.metadata'), /\n {2}creationTimestamp\t<string>\n/);
    assert.match(explainText('event.eventTime'), /^FIELD: eventTime <string>\n/m);
  });

  it('follows a map of Quantity to the Quantity description', () => {
    const text = explainText('pod.spec.overhead');
    assert.match(text, /^FIELD: overhead <map\[string\]Quantity>\n/m);
    assert.match(
      text,
      /RuntimeClass, otherwise it will remain unset and treated as zero\. More info:\n.*\n {4}Quantity is a fixed-point representation of a number\./,
    );
  });

  it('prints the recursive field tree, indented two spaces per level', () => {
    const text = explainText('pod.spec.containers.livenessProbe', { recursive: true });
    assert.equal(
      text.split('FIELDS:\n')[1],
      [
        '  exec\t<ExecAction>',
        '    command\t<[]string>',
        '  failureThreshold\t<integer>',
        '  grpc\t<GRPCAction>',
        '    port\t<integer> -required-',
        '    service\t<string>',
        '  httpGet\t<HTTPGetAction>',
        '    host\t<string>',
        '    httpHeaders\t<[]HTTPHeader>',
        '      name\t<string> -required-',
        '      value\t<string> -required-',
        '    path\t<string>',
        '    port\t<IntOrString> -required-',
        '    scheme\t<string>',
        '    enum: HTTP, HTTPS',
        '  initialDelaySeconds\t<integer>',
        '  periodSeconds\t<integer>',
        '  successThreshold\t<integer>',
        '  tcpSocket\t<TCPSocketAction>',
        '    host\t<string>',
        '    port\t<IntOrString> -required-',
        '  terminationGracePeriodSeconds\t<integer>',
        '  timeoutSeconds\t<integer>',
        '',
        '',
      ].join('\n'),
    );
  });

  it('cuts cycles in the recursive tree', () => {
    const text = explainText('customresourcedefinition.spec.versions.schema.openAPIV3Schema', {
      recursive: true,
    });
    // JSONSchemaProps refers to itself: its fields are listed once, and `not` has no children.
    assert.match(text, /\n {2}not\t<JSONSchemaProps>\n {2}nullable\t<boolean>\n/);
  });

  it('resolves resource names the way kubectl does', () => {
    const headerOf = (request: string): string => explainText(request).split('\n\n')[0]!;
    for (const name of ['pod', 'pods', 'po', 'Pod']) {
      assert.equal(headerOf(name), 'KIND:       Pod\nVERSION:    v1', name);
    }
    for (const name of ['deploy', 'deployments', 'deployments.apps', 'Deployment']) {
      assert.equal(headerOf(name), 'GROUP:      apps\nKIND:       Deployment\nVERSION:    v1', name);
    }
    assert.equal(headerOf('sts'), 'GROUP:      apps\nKIND:       StatefulSet\nVERSION:    v1');
    assert.equal(headerOf('ds'), 'GROUP:      apps\nKIND:       DaemonSet\nVERSION:    v1');
    assert.equal(headerOf('rs'), 'GROUP:      apps\nKIND:       ReplicaSet\nVERSION:    v1');
    assert.equal(headerOf('job'), 'GROUP:      batch\nKIND:       Job\nVERSION:    v1');
    assert.equal(headerOf('cronjobs'), 'GROUP:      batch\nKIND:       CronJob\nVERSION:    v1');
    assert.equal(
      headerOf('hpa'),
      'GROUP:      autoscaling\nKIND:       HorizontalPodAutoscaler\nVERSION:    v2',
    );
    assert.equal(headerOf('ing'), 'GROUP:      networking.k8s.io\nKIND:       Ingress\nVERSION:    v1');
    assert.equal(headerOf('endpoints'), 'KIND:       Endpoints\nVERSION:    v1');
    assert.equal(
      headerOf('deployments.apps.spec.replicas'),
      'GROUP:      apps\nKIND:       Deployment\nVERSION:    v1',
    );
  });

  it('chooses the version given by --api-version', () => {
    const text = explainText('hpa', { apiVersion: 'autoscaling/v1' });
    assert.ok(
      text.startsWith('GROUP:      autoscaling\nKIND:       HorizontalPodAutoscaler\nVERSION:    v1\n'),
    );
  });

  it('reports unknown resources and fields in kubectl’s words', () => {
    // Unknown resource: the RESTMapper's error, which kubectl prints without `error: `.
    assert.deepEqual(explain(testCatalog(), 'foo'), {
      ok: false,
      error: 'the server doesn\'t have a resource type "foo"',
    });
    // Unknown field: the header is printed before the template fails.
    const podHeader = 'KIND:       Pod\nVERSION:    v1\n\n';
    assert.deepEqual(explain(testCatalog(), 'pod.spec.foo'), {
      ok: false,
      text: podHeader,
      error: 'error: field "foo" does not exist',
    });
    assert.deepEqual(explain(testCatalog(), 'pod.spec.foo.bar'), {
      ok: false,
      text: podHeader,
      error: 'error: field "bar" does not exist',
    });
  });

  it('reports a --api-version that does not serve the resource as kubectl does', () => {
    assert.deepEqual(explain(testCatalog(), 'hpa', { apiVersion: 'autoscaling/v9' }), {
      ok: false,
      error: 'error: couldn\'t find resource for "autoscaling/v9, Resource=horizontalpodautoscalers"',
    });
    assert.deepEqual(explain(testCatalog(), 'pods', { apiVersion: 'apps/v1' }), {
      ok: false,
      error: 'error: GVR (apps/v1, Resource=pods) not found in OpenAPI schema',
    });
    assert.deepEqual(explain(testCatalog(), 'nope', { apiVersion: 'apps/v1' }), {
      ok: false,
      error: 'the server doesn\'t have a resource type "nope"',
    });
    // The resource is the first segment; the rest is a field path, even a group's name.
    assert.deepEqual(explain(testCatalog(), 'deployments.apps', { apiVersion: 'apps/v1' }), {
      ok: false,
      text: 'GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\n',
      error: 'error: field "apps" does not exist',
    });
  });

  it('splits the resource from the field path by kubectl’s prefix rule', () => {
    const deploymentHeader = 'GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\n';
    assert.ok(
      explainText('deployments.apps.spec').startsWith(`${deploymentHeader}FIELD: spec <DeploymentSpec>\n`),
    );
    // Only `<resource>.<group>` as typed is a prefix: a short name or a singular before the
    // group leaves the group as the first field.
    for (const request of ['deploy.apps.spec', 'deployment.apps.spec']) {
      assert.deepEqual(explain(testCatalog(), request), {
        ok: false,
        text: deploymentHeader,
        error: 'error: field "spec" does not exist',
      });
    }
    // The core group's `events` is tried first and prefixes `events.events.k8s.io.note`.
    assert.deepEqual(explain(testCatalog(), 'events.events.k8s.io.note'), {
      ok: false,
      text: 'KIND:       Event\nVERSION:    v1\n\n',
      error: 'error: field "note" does not exist',
    });
    assert.deepEqual(explain(testCatalog(), 'events.events.k8s.io'), {
      ok: false,
      text: 'KIND:       Event\nVERSION:    v1\n\n',
      error: 'error: field "io" does not exist',
    });
    // That group's Event is reached with --api-version.
    assert.ok(
      explainText('events', { apiVersion: 'events.k8s.io/v1' }).startsWith(
        'GROUP:      events.k8s.io\nKIND:       Event\n',
      ),
    );
    // A trailing period is dropped.
    assert.equal(explainText('pod.spec.'), explainText('pod.spec'));
  });

  it('refuses a path with JSONPath nodes that are not fields, after an unknown resource', () => {
    const firstNode = { ok: false, error: 'error: invalid jsonpath syntax, first node must be field node' };
    assert.deepEqual(explain(testCatalog(), 'pod..spec'), firstNode);
    assert.deepEqual(explain(testCatalog(), 'pod.spec.containers[0]'), firstNode);
    assert.deepEqual(explain(testCatalog(), '.pod'), firstNode);
    assert.deepEqual(explain(testCatalog(), 'pod.*', { apiVersion: 'v1' }), {
      ok: false,
      error: 'error: invalid jsonpath syntax, all nodes must be field nodes',
    });
    // The resource is looked up before the rest of the path is read.
    assert.deepEqual(explain(testCatalog(), 'foo..spec'), {
      ok: false,
      error: 'the server doesn\'t have a resource type "foo"',
    });
  });

  it('treats list kinds and subresource kinds as kubectl’s RESTMapper does', () => {
    // A list kind maps to a guessed resource that no OpenAPI path serves.
    assert.deepEqual(explain(testCatalog(), 'podlist'), {
      ok: false,
      error: 'error: GVR (/v1, Resource=podlists) not found in OpenAPI schema',
    });
    assert.deepEqual(explain(testCatalog(), 'deploymentlist.items'), {
      ok: false,
      error: 'error: GVR (apps/v1, Resource=deploymentlists) not found in OpenAPI schema',
    });
    assert.deepEqual(explain(testCatalog(), 'podlist', { apiVersion: 'v1' }), {
      ok: false,
      error: 'error: GVR (/v1, Resource=podlists) not found in OpenAPI schema',
    });
    // Scale and Eviction travel only through subresources: discovery has no resource for them.
    assert.deepEqual(explain(testCatalog(), 'scale'), {
      ok: false,
      error: 'the server doesn\'t have a resource type "scale"',
    });
    assert.deepEqual(explain(testCatalog(), 'eviction'), {
      ok: false,
      error: 'the server doesn\'t have a resource type "eviction"',
    });
  });

  it('warns when a short name also names a resource of another group', () => {
    const result = explain(testCatalog(), 'ev');
    assert.ok(result.ok);
    assert.ok(result.text.startsWith('KIND:       Event\nVERSION:    v1\n'));
    assert.deepEqual(result.warnings, [
      'short name "ev" could also match lower priority resource events.events.k8s.io',
    ]);
    assert.equal(explain(testCatalog(), 'events').warnings, undefined);
    assert.equal(explain(testCatalog(), 'deploy').warnings, undefined);
  });
});

describe('wrap (go-wordwrap)', () => {
  it('breaks at the last space before the limit and keeps line breaks', () => {
    assert.equal(wrap(10, 'aaa bbb ccc ddd'), 'aaa bbb\nccc ddd');
    assert.equal(wrap(10, 'aaa\nbbb ccc ddd eee'), 'aaa\nbbb ccc\nddd eee');
  });

  it('leaves a word longer than the limit whole on its own line', () => {
    assert.equal(
      wrap(10, 'see https://example.com/a/long/path now'),
      'see\nhttps://example.com/a/long/path\nnow',
    );
  });

  it('keeps trailing spaces only when they fit', () => {
    assert.equal(wrap(10, 'abc  '), 'abc  ');
    assert.equal(wrap(4, 'abc  '), 'abc');
  });
});
