/**
 * Every quick fix the rules offer, applied to manifests that need many of them: each leaves
 * valid YAML that the schema still accepts, and removes the finding it was offered for. (The
 * exact text of each fix is asserted in the rule's own tests.)
 */
import * as assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import type { Diagnostic } from 'vscode-languageserver-types';
import { defaultSettings, type PodscopeSettings } from '../../../server/src/common/settings';
import { podRuleIds } from '../../support/podRules';
import { applyCodeAction, codeActions, testService, yamlDocument } from '../../support/service';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: Shop_Front
spec:
  selector:
    matchLabels:
      app: shop
      tier: web
  template:
    metadata:
      labels:
        app: shop
    spec:
      serviceAccount: shop
      restartPolicy: Never
      initContainers:
        - name: migrate
          image: example/migrate:1.4
          readinessProbe:
            exec:
              command: [cat, /tmp/done]
        - name: proxy
          image: envoyproxy/envoy:v1.31.0
          restartPolicy: Sometimes
      containers:
        - name: shop
          image: example/shop:3.2.0
          ports:
            - name: http
              containerPort: 8080
            - name: http
              containerPort: 8443
          env:
            - name: LOG_LEVEL
              value: info
            - name: DB_PASSWORD
              value: hunter2
            - name: LOG_LEVEL
              value: debug
          resources:
            requests:
              cpu: "2"
            limits:
              cpu: 500m
          livenessProbe:
            httpGet:
              path: /healthz
              port: "8080"
            tcpSocket:
              port: 8080
            initialDelaySeconds: 90
            successThreshold: 2
          securityContext:
            privileged: true
            allowPrivilegeEscalation: true
            procMount: Unmasked
            seccompProfile:
              type: Unconfined
          volumeMounts:
            - name: confg
              mountPath: /etc/shop
        - name: shop
          image: example/shop:3.2.0
          ports:
            - containerPort: 9090
              hostPort: 9090
      volumes:
        - name: config
          configMap:
            name: shop
        - name: config
          emptyDir: {}
`;

const job = `apiVersion: batch/v1
kind: Job
metadata:
  name: report
spec:
  selector:
    matchLabels: { app: report }
  template:
    spec:
      hostNetwork: true
      containers:
        - name: report
          image: example/report:1.0
          livenessProbe:
            exec: { command: [pgrep, report] }
            initialDelaySeconds: 120
      ephemeralContainers:
        - name: debug
          image: busybox:1.36
          resources:
            limits: { memory: 64Mi }
`;

function ruleDiagnostics(text: string, settings: PodscopeSettings): Diagnostic[] {
  return testService().doValidation(yamlDocument(text), settings);
}

function key(diagnostic: Diagnostic): string {
  return `${String(diagnostic.code)}: ${typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value}`;
}

function count(diagnostics: readonly Diagnostic[], wanted: string): number {
  return diagnostics.filter((diagnostic) => key(diagnostic) === wanted).length;
}

function checkEveryFix(text: string, settings: PodscopeSettings): number {
  const before = ruleDiagnostics(text, settings);
  const schemaBefore = before.filter((diagnostic) => !podRuleIds.has(String(diagnostic.code))).length;
  let applied = 0;
  for (const diagnostic of before.filter((candidate) => podRuleIds.has(String(candidate.code)))) {
    for (const action of codeActions(text, [diagnostic], settings)) {
      const fixed = applyCodeAction(text, action);
      const after = ruleDiagnostics(fixed, settings);
      const context = `${action.title} (for ${key(diagnostic)})\n${fixed}`;
      assert.notEqual(fixed, text, context);
      assert.ok(
        count(after, key(diagnostic)) < count(before, key(diagnostic)),
        `the finding is still there after: ${context}`,
      );
      const schemaAfter = after.filter((candidate) => !podRuleIds.has(String(candidate.code)));
      assert.ok(
        schemaAfter.length <= schemaBefore,
        `new YAML or schema problems after: ${context}\n${schemaAfter.map(key).join('\n')}`,
      );
      applied++;
    }
  }
  return applied;
}

describe('every quick fix of the pod rules', () => {
  for (const [name, text] of [
    ['a Deployment', deployment],
    ['a Job', job],
  ] as const) {
    for (const level of ['baseline', 'restricted'] as const) {
      const settings = { ...defaultSettings, podSecurityStandard: level };
      it(`on ${name}, ${level}: fixes its finding and breaks nothing`, function () {
        this.timeout(60_000);
        assert.ok(checkEveryFix(text, settings) >= 10);
      });
      it(`on ${name}, ${level}, with CRLF and four-space indentation`, function () {
        this.timeout(60_000);
        const crlf = parseDocument(text).toString({ indent: 4 }).replace(/\n/g, '\r\n');
        assert.match(crlf, /^ {4}name: report\r$|^ {4}name: Shop_Front\r$/m);
        assert.ok(checkEveryFix(crlf, settings) >= 10);
        for (const diagnostic of ruleDiagnostics(crlf, settings)) {
          for (const action of codeActions(crlf, [diagnostic], settings)) {
            const fixed = applyCodeAction(crlf, action);
            assert.doesNotMatch(fixed, /[^\r]\n/, `a bare LF after: ${action.title}`);
          }
        }
      });
    }
  }
});
