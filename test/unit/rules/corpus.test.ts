import * as assert from 'node:assert/strict';
import { describeWithShared } from '../../support/paths';
import { countByRule, corpusRuleFindings } from './corpusFindings';

describeWithShared(
  'the pod rules on the Kubernetes documentation examples',
  'corpus/k8s-website-examples',
  (root) => {
    let findings: ReturnType<typeof corpusRuleFindings> = [];
    before(function () {
      this.timeout(120_000);
      findings = corpusRuleFindings(root);
    });

    it('find no error: the examples are accepted by the API server', () => {
      assert.deepEqual(
        findings.filter((finding) => finding.severity === 'error'),
        [],
      );
    });

    it('find what the examples show on purpose', () => {
      const at = (file: string, code: string): string[] =>
        findings
          .filter((finding) => finding.file === file && finding.code === code)
          .map((finding) => finding.severity);
      // A preStop hook that outlasts the grace period, to show the forced termination.
      assert.deepEqual(at('service/pod-with-graceful-termination.yaml', 'prestop-exceeds-grace'), [
        'warning',
      ]);
      // A DaemonSet that reads the node's logs.
      assert.deepEqual(at('controllers/fluentd-daemonset.yaml', 'pss-host-path'), ['warning', 'warning']);
      // The seccomp example that sets Unconfined on the pod and overrides it in every container.
      assert.deepEqual(at('pods/security/seccomp/fields.yaml', 'pss-seccomp'), ['warning']);
    });

    it('leave alone what was a false positive once', () => {
      const at = (file: string, code: string): number =>
        findings.filter((finding) => finding.file === file && finding.code === code).length;
      // `process-item-$ITEM` is filled in by sed before it is applied.
      assert.equal(at('application/job/job-tmpl.yaml', 'invalid-name'), 0);
      // MYSQL_ALLOW_EMPTY_PASSWORD is a switch, not a password.
      assert.equal(at('application/mysql/mysql-statefulset.yaml', 'env-secret-literal'), 0);
      // Restart rules on a sidecar are feature-gated, not rejected.
      assert.deepEqual(
        findings
          .filter((finding) => finding.file === 'pods/restart-policy/restart-all-containers.yaml')
          .filter((finding) => finding.code === 'container-restart-policy')
          .map((finding) => finding.severity),
        ['information'],
      );
    });

    it('count findings for every rule', () => {
      const counts = countByRule(findings);
      assert.equal(counts.size, 49);
      // No example puts a deadline on a long-running workload's pods.
      assert.deepEqual(counts.get('workload-active-deadline'), {
        error: 0,
        warning: 0,
        information: 0,
        hint: 0,
      });
      assert.ok((counts.get('missing-resources')?.warning ?? 0) > 100);
    });
  },
);
