import * as assert from 'node:assert/strict';
import { withCursor } from '../support/cursor';
import { hover, textAt } from '../support/service';

const podHead = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n';

function markdown(fixture: string): string | undefined {
  const result = hover(fixture);
  return result ? (result.contents as { value: string }).value : undefined;
}

describe('hover', () => {
  it('shows the kubectl explain view of an object field, with its child fields and a link', () => {
    assert.equal(
      markdown(
        `${podHead}  containers:\n    - name: web\n      live|nessProbe:\n        exec: {command: [true]}\n`,
      ),
      [
        '**`pod.spec.containers.livenessProbe`** `<Probe>`',
        '',
        'Periodic probe of container liveness. Container will be restarted if the probe fails. Cannot be updated. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes',
        '',
        'Probe describes a health check to be performed against a container to determine whether it is alive or ready to receive traffic.',
        '',
        '```text',
        'exec                           <ExecAction>',
        'failureThreshold               <integer>',
        'grpc                           <GRPCAction>',
        'httpGet                        <HTTPGetAction>',
        'initialDelaySeconds            <integer>',
        'periodSeconds                  <integer>',
        'successThreshold               <integer>',
        'tcpSocket                      <TCPSocketAction>',
        'terminationGracePeriodSeconds  <integer>',
        'timeoutSeconds                 <integer>',
        '```',
        '',
        '[Kubernetes documentation](https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-probes)',
      ].join('\n'),
    );
  });

  it('names the type of a time field as kubectl does: <string>, the type of the schema it refers to', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  creation|Timestamp: "2026-01-01T00:00:00Z"\n';
    assert.equal(markdown(text)?.split('\n')[0], '**`pod.metadata.creationTimestamp`** `<string>`');
  });

  it('marks required fields and lists enum values', () => {
    assert.equal(
      markdown(`${podHead}  containers:\n    - na|me: web\n`)?.split('\n')[0],
      '**`pod.spec.containers.name`** `<string>` **required**',
    );
    assert.equal(
      markdown(`${podHead}  restart|Policy: Always\n`),
      [
        '**`pod.spec.restartPolicy`** `<string>`',
        '',
        'Allowed values: `Always`, `Never`, `OnFailure`',
        '',
        'Restart policy for all containers within the pod. One of Always, OnFailure, Never. In some contexts, only a subset of those values may be permitted. Default to Always. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#restart-policy',
        '',
        '[Kubernetes documentation](https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#restart-policy)',
      ].join('\n'),
    );
  });

  it('explains an enum value', () => {
    assert.equal(
      markdown(`${podHead}  dnsPolicy: No|ne\n`)?.split('\n\n---\n\n')[0],
      '`None`: indicates that the pod should use empty DNS settings. DNS parameters such as nameservers and search paths should be defined via DNSConfig.',
    );
  });

  it('follows pod templates: the path names the workload kind', () => {
    const text = `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: x\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPo|licy: OnFailure\n`;
    assert.equal(
      markdown(text)?.split('\n')[0],
      '**`cronjob.spec.jobTemplate.spec.template.spec.restartPolicy`** `<string>`',
    );
  });

  it('describes the kind on its value, with the API reference', () => {
    assert.equal(
      markdown('apiVersion: apps/v1\nkind: Deploy|ment\n'),
      [
        '**Deployment** `apps/v1`',
        '',
        'Deployment enables declarative updates for Pods and ReplicaSets.',
        '',
        '[Deployment apps/v1 API reference](https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/deployment-v1/)',
      ].join('\n'),
    );
  });

  it('shows nothing for unknown fields, custom resources and other YAML', () => {
    assert.equal(hover(`${podHead}  unkno|wn: 1\n`), null);
    assert.equal(hover('apiVersion: example.com/v1\nkind: Widget\nspec:\n  si|ze: 3\n'), null);
    assert.equal(hover('services:\n  we|b: {}\n'), null);
  });

  it('covers exactly the hovered key', () => {
    const fixture = `${podHead}  host|Network: true\n`;
    const result = hover(fixture);
    assert.ok(result?.range);
    assert.equal(textAt(withCursor(fixture).text, result.range), 'hostNetwork');
  });
});
