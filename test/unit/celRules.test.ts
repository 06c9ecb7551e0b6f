import * as assert from 'node:assert/strict';
import type { JsonObject } from '../../server/src/common/guards';
import {
  checkValidationRules,
  evaluateValidationRules,
  fieldPathSegments,
  validationRuleSupport,
} from '../../server/src/kubernetes/cel/celRules';
import {
  celValueOf,
  escapePropertyName,
  invalidData,
  withDefaults,
} from '../../server/src/kubernetes/cel/celValues';
import { re2ToRegExp } from '../../server/src/kubernetes/cel/re2';

/** A schema node with one rule (and its message). */
function ruled(schema: JsonObject, rule: string, message?: string): JsonObject {
  return { ...schema, 'x-kubernetes-validations': [message === undefined ? { rule } : { rule, message }] };
}

/** The violations as `path: message`, the way a reader checks them. */
function violations(schema: JsonObject, value: unknown): string[] {
  return checkValidationRules(schema, value).map(
    (violation) => `${violation.path.join('.')}: ${violation.message}`,
  );
}

const str = { type: 'string' };
const int = { type: 'integer' };

/** One rule of a real CRD over a value it accepts and one it rejects. */
interface RealRule {
  /** The CRD it comes from (the rule and message are copied from it verbatim). */
  source: string;
  schema: JsonObject;
  valid: unknown;
  invalid: unknown;
  /** The violation of the invalid value, `path: message`. */
  expected: string;
}

const realRules: RealRule[] = [
  {
    source: 'gateway-api HTTPRoute .spec.rules[].backendRefs[] (group and kind defaulted)',
    schema: ruled(
      {
        type: 'object',
        properties: {
          group: { type: 'string', default: '' },
          kind: { type: 'string', default: 'Service' },
          name: str,
          port: int,
        },
      },
      "(size(self.group) == 0 && self.kind == 'Service') ? has(self.port) : true",
      'Must have port for Service reference',
    ),
    valid: { name: 'web', port: 8080 },
    invalid: { name: 'web' },
    expected: ': Must have port for Service reference',
  },
  {
    source: 'gateway-api Gateway .spec.listeners',
    schema: ruled(
      { type: 'array', items: { type: 'object', properties: { name: str, port: int } } },
      'self.all(l1, self.exists_one(l2, l1.name == l2.name))',
      'Listener name must be unique within the Gateway',
    ),
    valid: [
      { name: 'http', port: 80 },
      { name: 'https', port: 443 },
    ],
    invalid: [
      { name: 'http', port: 80 },
      { name: 'http', port: 8080 },
    ],
    expected: ': Listener name must be unique within the Gateway',
  },
  {
    source: 'gateway-api HTTPRoute .spec.rules[].matches[].path (an RE2 raw string)',
    schema: ruled(
      {
        type: 'object',
        properties: {
          type: { type: 'string', default: 'PathPrefix' },
          value: { type: 'string', default: '/' },
        },
      },
      `(self.type in ['Exact','PathPrefix']) ? self.value.matches(r"""^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$""") : true`,
      "must only contain valid characters (matching ^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$) for types ['Exact', 'PathPrefix']",
    ),
    valid: { value: '/foo%20bar' },
    invalid: { value: '/foo bar' },
    expected:
      ": must only contain valid characters (matching ^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$) for types ['Exact', 'PathPrefix']",
  },
  {
    source: 'gateway-api GRPCRoute .spec.rules[].matches[].method (an RE2 flag after ^)',
    schema: ruled(
      {
        type: 'object',
        properties: { type: { type: 'string', default: 'Exact' }, service: str, method: str },
      },
      `(!has(self.type) || self.type == 'Exact') && has(self.service) ? self.service.matches(r"""^(?i)\\.?[a-z_][a-z_0-9]*(\\.[a-z_][a-z_0-9]*)*$"""): true`,
      'service must only contain valid characters (matching ^(?i)\\.?[a-z_][a-z_0-9]*(\\.[a-z_][a-z_0-9]*)*$)',
    ),
    valid: { service: 'Foo.Bar_v1.Echo' },
    invalid: { service: 'foo-bar' },
    expected:
      ': service must only contain valid characters (matching ^(?i)\\.?[a-z_][a-z_0-9]*(\\.[a-z_][a-z_0-9]*)*$)',
  },
  {
    source: 'gateway-api HTTPRoute .spec.rules[].filters',
    schema: ruled(
      { type: 'array', items: { type: 'object', properties: { type: str } } },
      "self.filter(f, f.type == 'RequestHeaderModifier').size() <= 1",
      'RequestHeaderModifier filter cannot be repeated',
    ),
    valid: [{ type: 'RequestHeaderModifier' }, { type: 'URLRewrite' }],
    invalid: [{ type: 'RequestHeaderModifier' }, { type: 'RequestHeaderModifier' }],
    expected: ': RequestHeaderModifier filter cannot be repeated',
  },
  {
    source: 'gateway-api HTTPRoute .spec.rules[].timeouts (duration)',
    schema: ruled(
      { type: 'object', properties: { request: str, backendRequest: str } },
      "!(has(self.request) && has(self.backendRequest) && duration(self.request) != duration('0s') && duration(self.backendRequest) > duration(self.request))",
      'backendRequest timeout cannot be longer than request timeout',
    ),
    valid: { request: '10s', backendRequest: '2s' },
    invalid: { request: '1m', backendRequest: '90s' },
    expected: ': backendRequest timeout cannot be longer than request timeout',
  },
  {
    source: 'gateway-api HTTPRoute .spec.rules (has() over an indexed item)',
    schema: ruled(
      {
        type: 'array',
        items: {
          type: 'object',
          properties: { matches: { type: 'array', items: { type: 'object', properties: { path: str } } } },
        },
      },
      '(self.size() > 0 ? (has(self[0].matches) ? self[0].matches.size() : 0) : 0) + (self.size() > 1 ? (has(self[1].matches) ? self[1].matches.size() : 0) : 0) <= 2',
      'While 16 rules and 64 matches per rule are allowed, the total number of matches across all rules in a route must be less than 128',
    ),
    valid: [{ matches: [{ path: '/a' }] }, {}],
    invalid: [{ matches: [{ path: '/a' }, { path: '/b' }] }, { matches: [{ path: '/c' }] }],
    expected:
      ': While 16 rules and 64 matches per rule are allowed, the total number of matches across all rules in a route must be less than 128',
  },
  {
    source: 'gateway-api TLSRoute .spec.hostnames (isIP, Kubernetes ip library)',
    schema: ruled({ type: 'array', items: str }, 'self.all(h, !isIP(h))', 'Hostnames cannot contain an IP'),
    valid: ['example.com', '1.2.3', '01.2.3.4'],
    invalid: ['example.com', '2001:db8::1'],
    expected: ': Hostnames cannot contain an IP',
  },
  {
    source: 'gateway-api GRPCRoute .spec.parentRefs (escaped __namespace__)',
    schema: ruled(
      {
        type: 'array',
        items: {
          type: 'object',
          properties: { group: str, kind: str, name: str, namespace: str, sectionName: str },
        },
      },
      "self.all(p1, self.all(p2, p1.group == p2.group && p1.kind == p2.kind && p1.name == p2.name && (((!has(p1.__namespace__) || p1.__namespace__ == '') && (!has(p2.__namespace__) || p2.__namespace__ == '')) || (has(p1.__namespace__) && has(p2.__namespace__) && p1.__namespace__ == p2.__namespace__ )) ? ((!has(p1.sectionName) || p1.sectionName == '') == (!has(p2.sectionName) || p2.sectionName == '')) : true))",
      'sectionName must be specified when parentRefs includes 2 or more references to the same parent',
    ),
    valid: [
      { group: 'g', kind: 'Gateway', name: 'gw', namespace: 'a', sectionName: 'http' },
      { group: 'g', kind: 'Gateway', name: 'gw', namespace: 'b' },
    ],
    invalid: [
      { group: 'g', kind: 'Gateway', name: 'gw', namespace: 'a', sectionName: 'http' },
      { group: 'g', kind: 'Gateway', name: 'gw', namespace: 'a' },
    ],
    expected:
      ': sectionName must be specified when parentRefs includes 2 or more references to the same parent',
  },
  {
    source: 'istio WasmPlugin .spec.url (url, isURL, getScheme)',
    schema: ruled(
      str,
      'isURL(self) ? (url(self).getScheme() in ["", "http", "https", "oci", "file"]) : (isURL("http://" + self) &&\nurl("http://" + self).getScheme() in ["", "http", "https", "oci", "file"])',
      'url must have schema one of [http, https, file, oci]',
    ),
    valid: 'oci://ghcr.io/istio/filter:1.0',
    invalid: 'ftp://example.com/filter.wasm',
    expected: ': url must have schema one of [http, https, file, oci]',
  },
  {
    source: 'istio RequestAuthentication .spec.jwtRules[].jwks_uri',
    schema: ruled(
      str,
      'url(self).getScheme() in ["http", "https"]',
      'url must have scheme http:// or https://',
    ),
    valid: 'https://example.com/.well-known/jwks.json',
    invalid: 'file:/etc/jwks.json',
    expected: ': url must have scheme http:// or https://',
  },
  {
    source: 'istio ServiceEntry .spec.hosts[]',
    schema: {
      type: 'object',
      properties: {
        hosts: { type: 'array', items: ruled(str, 'self != "*"', 'hostname cannot be wildcard') },
      },
    },
    valid: { hosts: ['a.example.com'] },
    invalid: { hosts: ['a.example.com', '*'] },
    expected: 'hosts.1: hostname cannot be wildcard',
  },
  {
    source: 'istio DestinationRule http2KeepAlive.interval',
    schema: ruled(str, "duration(self) >= duration('1ms')", 'must be a valid duration greater than 1ms'),
    valid: '10s',
    invalid: '500us',
    expected: ': must be a valid duration greater than 1ms',
  },
  {
    source: 'cluster-api KubeadmConfig partitionType',
    schema: ruled(
      str,
      "self.matches('^(Linux|LinuxSwap|LinuxRAID|LVM|Fat32|NTFS|LinuxExtended|[0-9A-Fa-f]{8}(-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12})$')",
      'partitionType must be one of Linux, LinuxSwap, LinuxRAID, LVM, Fat32, NTFS, LinuxExtended or a full GPT partition GUID',
    ),
    valid: '0FC63DAF-8483-4772-8E79-3D69D8477DE4',
    invalid: 'ext4',
    expected:
      ': partitionType must be one of Linux, LinuxSwap, LinuxRAID, LVM, Fat32, NTFS, LinuxExtended or a full GPT partition GUID',
  },
  {
    source: 'cluster-api KubeadmConfig .spec.diskSetup.partitions[] (a list literal filtered)',
    schema: ruled(
      {
        type: 'object',
        properties: { layout: { type: 'boolean' }, diskLayout: { type: 'array', items: str } },
      },
      '[has(self.layout),has(self.diskLayout)].filter(x,x==true).size() == 1',
      'exactly one of the fields in [layout diskLayout] must be set',
    ),
    valid: { layout: true },
    invalid: { layout: true, diskLayout: ['a'] },
    expected: ': exactly one of the fields in [layout diskLayout] must be set',
  },
  {
    source: 'kyverno GeneratingPolicy .spec.generate[]',
    schema: ruled(
      {
        type: 'object',
        properties: {
          expression: str,
          template: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        },
      },
      '(has(self.expression) && !has(self.template)) || (!has(self.expression) && has(self.template))',
      'exactly one of expression or template must be set',
    ),
    valid: { expression: 'generator.Apply(...)' },
    invalid: {},
    expected: ': exactly one of expression or template must be set',
  },
  {
    source: 'prometheus-operator Prometheus .spec (DaemonSet mode)',
    schema: ruled(
      { type: 'object', properties: { mode: str, shards: { type: 'integer', format: 'int32' } } },
      "!(has(self.mode) && self.mode == 'DaemonSet' && has(self.shards) && self.shards > 1)",
      'shards cannot be greater than 1 when mode is DaemonSet',
    ),
    valid: { mode: 'DaemonSet', shards: 1 },
    invalid: { mode: 'DaemonSet', shards: 3 },
    expected: ': shards cannot be greater than 1 when mode is DaemonSet',
  },
  {
    source: 'crossplane CompositeResourceDefinition .spec.claimNames (lowerAscii)',
    schema: ruled(
      { type: 'object', properties: { plural: str, kind: str } },
      'self.plural == self.plural.lowerAscii()',
      'Plural name must be lowercase',
    ),
    valid: { plural: 'buckets', kind: 'Bucket' },
    invalid: { plural: 'Buckets', kind: 'Bucket' },
    expected: ': Plural name must be lowercase',
  },
];

describe('CEL validation rules (x-kubernetes-validations)', () => {
  describe('rules of real CRDs: quiet on a valid value, the exact message on an invalid one', () => {
    for (const real of realRules) {
      it(real.source, () => {
        assert.deepEqual(violations(real.schema, real.valid), []);
        assert.deepEqual(violations(real.schema, real.invalid), [real.expected]);
      });
    }
  });

  it('reports at the node of the rule, inside a whole custom resource, every failing item', () => {
    const backendRef = realRules[0]!.schema;
    const schema: JsonObject = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            rules: {
              type: 'array',
              items: { type: 'object', properties: { backendRefs: { type: 'array', items: backendRef } } },
            },
          },
        },
      },
    };
    const route = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'r' },
      spec: {
        rules: [
          { backendRefs: [{ name: 'a', port: 80 }, { name: 'b' }] },
          { backendRefs: [{ name: 'c', kind: 'Bucket', group: 'x' }, { name: 'd' }] },
        ],
      },
    };
    assert.deepEqual(violations(schema, route), [
      'spec.rules.0.backendRefs.1: Must have port for Service reference',
      'spec.rules.1.backendRefs.1: Must have port for Service reference',
    ]);
  });

  it('gives the default message "failed rule: <rule>", trimmed, when the rule has none', () => {
    assert.deepEqual(violations(ruled(int, ' self >= 0 '), -1), [': failed rule: self >= 0']);
  });

  it('evaluates messageExpression, and falls back to the message when it is not a one-line string', () => {
    const schema = (messageExpression: string): JsonObject => ({
      type: 'object',
      properties: { replicas: int, minReplicas: int },
      'x-kubernetes-validations': [
        { rule: 'self.minReplicas <= self.replicas', message: 'too many', messageExpression },
      ],
    });
    const value = { replicas: 1, minReplicas: 3 };
    assert.deepEqual(
      violations(
        schema("'minReplicas ' + string(self.minReplicas) + ' > replicas ' + string(self.replicas)"),
        value,
      ),
      [': minReplicas 3 > replicas 1'],
    );
    assert.deepEqual(violations(schema("''"), value), [': too many']);
    assert.deepEqual(violations(schema('self.missing'), value), [': too many']);
  });

  it('reports at fieldPath, with reason, as the API server does', () => {
    const schema: JsonObject = {
      type: 'object',
      properties: {
        spec: { type: 'object', properties: { 'a.b': { type: 'object', properties: { c: int } } } },
      },
      'x-kubernetes-validations': [
        {
          rule: 'self.spec.a__dot__b.c > 0',
          message: 'must be positive',
          fieldPath: ".spec['a.b'].c",
          reason: 'FieldValueForbidden',
        },
      ],
    };
    assert.deepEqual(checkValidationRules(schema, { spec: { 'a.b': { c: 0 } } }), [
      {
        path: ['spec', 'a.b', 'c'],
        message: 'must be positive',
        rule: 'self.spec.a__dot__b.c > 0',
        reason: 'FieldValueForbidden',
        fieldPath: ".spec['a.b'].c",
      },
    ]);
    assert.deepEqual(fieldPathSegments(".spec.x['it\\'s']"), ['spec', 'x', "it's"]);
    assert.equal(fieldPathSegments('spec'), undefined);
  });

  it('skips transition rules (oldSelf): an editor has no old object, as on a create', () => {
    const schema = ruled(str, 'self == oldSelf', 'Value is immutable');
    const report = evaluateValidationRules(schema, 'anything');
    assert.deepEqual(report.violations, []);
    assert.equal(report.transitionRules, 1);
    assert.equal(report.passed, 0);
  });

  it('evaluates an optionalOldSelf rule with oldSelf as optional.none()', () => {
    const schema: JsonObject = {
      type: 'string',
      'x-kubernetes-validations': [
        {
          rule: "!oldSelf.hasValue() ? self != 'forbidden' : true",
          message: 'not on create',
          optionalOldSelf: true,
        },
      ],
    };
    assert.deepEqual(violations(schema, 'forbidden'), [': not on create']);
    assert.deepEqual(violations(schema, 'fine'), []);
  });

  it('does not judge a rule it cannot compile, and says why', () => {
    const rule = 'size(self) == 0 || format.dns1123Label().validate(self) == null';
    const schema = ruled(str, rule, 'must be a DNS label');
    const report = evaluateValidationRules(schema, 'Not A Label');
    assert.deepEqual(report.violations, []);
    assert.deepEqual(report.unsupported, [{ path: [], rule, why: 'Unknown variable: format' }]);
    assert.deepEqual(validationRuleSupport(rule), { supported: false, why: 'Unknown variable: format' });
    assert.deepEqual(validationRuleSupport('self.size() > 0'), { supported: true });
    assert.equal(validationRuleSupport('self.(').supported, false);
  });

  it('does not judge a rule whose RE2 pattern JavaScript cannot read (a backreference, ungreedy flag)', () => {
    const report = evaluateValidationRules(ruled(str, "self.matches('(a)\\\\1')"), 'aa');
    assert.deepEqual(report.violations, []);
    assert.equal(report.unsupported.length, 1);
    assert.match(report.unsupported[0]!.why, /RE2 pattern/);
  });

  it('counts, but does not report, a rule that fails while it runs (no such key)', () => {
    const schema = ruled(
      { type: 'object', properties: { options: { type: 'object', additionalProperties: str } } },
      'size(self.options) > 0',
    );
    const report = evaluateValidationRules(schema, {});
    assert.deepEqual(report.violations, []);
    assert.equal(report.evaluationErrors.length, 1);
    assert.match(report.evaluationErrors[0]!.error, /No such key: options/);
  });

  it('does not judge a value of the wrong type for its schema (the schema diagnostics report it)', () => {
    const schema = {
      type: 'object',
      properties: { replicas: ruled(int, 'self >= 0', 'must not be negative') },
    };
    const report = evaluateValidationRules(schema, { replicas: 'three' });
    assert.deepEqual(report.violations, []);
    assert.equal(report.invalidData, 1);
  });

  it('does not evaluate rules on null, nor on an absent field', () => {
    const schema = {
      type: 'object',
      properties: { a: ruled({ type: 'string', nullable: true }, "self != ''", 'empty') },
    };
    assert.deepEqual(violations(schema, { a: null }), []);
    assert.deepEqual(violations(schema, {}), []);
    assert.deepEqual(violations(schema, { a: '' }), ['a: empty']);
  });

  it('types int-or-string values as int or string', () => {
    const schema = ruled(
      { 'x-kubernetes-int-or-string': true },
      "type(self) == int ? self < 5 : self.endsWith('%')",
      'an int below 5 or a percentage',
    );
    assert.deepEqual(violations(schema, 3), []);
    assert.deepEqual(violations(schema, '50%'), []);
    assert.deepEqual(violations(schema, 7), [': an int below 5 or a percentage']);
    assert.deepEqual(violations(schema, '50'), [': an int below 5 or a percentage']);
  });

  it('types numbers as double, integers as int, and compares them across types', () => {
    const schema = {
      type: 'object',
      properties: { ratio: { type: 'number' }, count: int },
      'x-kubernetes-validations': [
        {
          rule: 'self.ratio < self.count && type(self.ratio) == double && type(self.count) == int',
          message: 'no',
        },
      ],
    };
    assert.deepEqual(violations(schema, { ratio: 1, count: 2 }), []);
    assert.deepEqual(violations(schema, { ratio: 2.5, count: 2 }), [': no']);
  });

  it('exposes maps (additionalProperties) by their keys and reads formats as CEL types', () => {
    const labels = ruled(
      { type: 'object', additionalProperties: str },
      "self.all(k, k.startsWith('app'))",
      'keys must start with app',
    );
    assert.deepEqual(violations(labels, { app: 'x', 'app.kubernetes.io/name': 'y' }), []);
    assert.deepEqual(violations(labels, { app: 'x', tier: 'y' }), [': keys must start with app']);
    const window = {
      type: 'object',
      properties: {
        start: { type: 'string', format: 'date-time' },
        timeout: { type: 'string', format: 'duration' },
      },
      'x-kubernetes-validations': [
        {
          rule: "self.start > timestamp('2024-01-01T00:00:00Z') && self.timeout < duration('1h')",
          message: 'out of range',
        },
      ],
    };
    assert.deepEqual(violations(window, { start: '2025-06-01T10:00:00Z', timeout: '30m' }), []);
    assert.deepEqual(violations(window, { start: '2023-06-01T10:00:00Z', timeout: '30m' }), [
      ': out of range',
    ]);
    assert.deepEqual(violations(window, { start: '2025-06-01T10:00:00Z', timeout: '2h' }), [
      ': out of range',
    ]);
  });

  it('reads the root metadata name and an embedded resource', () => {
    const schema = ruled(
      { type: 'object', properties: { spec: { type: 'object' } } },
      "self.metadata.name.startsWith('prod-')",
      'name must start with prod-',
    );
    assert.deepEqual(violations(schema, { metadata: { name: 'prod-a' }, spec: {} }), []);
    assert.deepEqual(violations(schema, { metadata: { name: 'dev-a' }, spec: {} }), [
      ': name must start with prod-',
    ]);
  });

  it('escapes property names as Kubernetes does', () => {
    assert.equal(escapePropertyName('namespace'), '__namespace__');
    assert.equal(escapePropertyName('x-prop'), 'x__dash__prop');
    assert.equal(escapePropertyName('redact__d'), 'redact__underscores__d');
    assert.equal(escapePropertyName('a.b/c'), 'a__dot__b__slash__c');
    assert.equal(escapePropertyName('plain_name'), 'plain_name');
    assert.equal(escapePropertyName('1st'), undefined);
    assert.equal(escapePropertyName('a b'), undefined);
    const schema = ruled(
      { type: 'object', properties: { 'x-prop': int, namespace: int } },
      'self.x__dash__prop > 0 && self.__namespace__ > 0',
      'positive',
    );
    assert.deepEqual(violations(schema, { 'x-prop': 1, namespace: 1 }), []);
    assert.deepEqual(violations(schema, { 'x-prop': 0, namespace: 1 }), [': positive']);
  });

  it('applies defaults before it evaluates, without changing the value given', () => {
    const schema = {
      type: 'object',
      properties: {
        kind: { type: 'string', default: 'Service' },
        list: {
          type: 'array',
          items: { type: 'object', properties: { a: { type: 'integer', default: 1 } } },
        },
      },
    };
    const value = { list: [{}, { a: 2 }] };
    assert.deepEqual(withDefaults(value, schema), { kind: 'Service', list: [{ a: 1 }, { a: 2 }] });
    assert.deepEqual(value, { list: [{}, { a: 2 }] });
    assert.equal(celValueOf('x', { type: 'integer' }), invalidData);
  });

  it('bounds the cost: a nested comprehension over a huge list is not evaluated, a flat one is', () => {
    const items = Array.from({ length: 2000 }, (_, index) => ({ name: `n${index}` }));
    const nested = ruled(
      { type: 'array', items: { type: 'object', properties: { name: str } } },
      'self.all(a, self.exists_one(b, a.name == b.name))',
      'unique',
    );
    const nestedReport = evaluateValidationRules(nested, items);
    assert.equal(nestedReport.overBudget, 1);
    assert.deepEqual(nestedReport.violations, []);
    const flat = ruled(
      { type: 'array', items: { type: 'object', properties: { name: str } } },
      "self.all(a, a.name != '')",
      'named',
    );
    const flatReport = evaluateValidationRules(flat, items);
    assert.equal(flatReport.overBudget, 0);
    assert.equal(flatReport.passed, 1);
    // The document's budget: once spent, the remaining rules are not evaluated.
    const many = {
      type: 'array',
      items: ruled({ type: 'object', properties: { name: str } }, "self.name != ''", 'named'),
    };
    const budgetReport = evaluateValidationRules(many, items, { perCall: 1_000_000, perDocument: 300 });
    assert.equal(budgetReport.passed, 150);
    assert.equal(budgetReport.overBudget, 1850);
  });

  it('never throws on bad input', () => {
    const schemas: unknown[] = [
      {},
      { 'x-kubernetes-validations': 'self' },
      { 'x-kubernetes-validations': [null, 1, { rule: 42 }, { rule: '' }] },
      { type: 'array', 'x-kubernetes-validations': [{ rule: 'self.size() > 0' }] },
      {
        type: 'object',
        properties: 'x',
        additionalProperties: 3,
        'x-kubernetes-validations': [{ rule: 'has(self.a)', fieldPath: '!!' }],
      },
    ];
    const values: unknown[] = [
      null,
      undefined,
      1,
      'x',
      [],
      {},
      [[1]],
      { a: { b: [null] } },
      NaN,
      Number.MAX_VALUE,
    ];
    for (const schema of schemas) {
      for (const value of values) {
        assert.doesNotThrow(() => evaluateValidationRules(schema as JsonObject, value));
      }
    }
    // A list too long to spread into one call, and a value nested deeper than the stack.
    const huge = Array.from({ length: 300_000 }, () => 1);
    const report = evaluateValidationRules(ruled({ type: 'array', items: int }, 'self.size() > 0'), huge);
    assert.equal(report.overBudget, 0);
    assert.equal(report.passed, 1);
    let deep: unknown = 'leaf';
    for (let depth = 0; depth < 100_000; depth++) {
      deep = [deep];
    }
    assert.doesNotThrow(() =>
      evaluateValidationRules(ruled({ 'x-kubernetes-preserve-unknown-fields': true }, 'true'), deep),
    );
  });
});

describe('the Kubernetes CEL libraries', () => {
  /** The value of an expression over `self`, through a rule `(<expr>) == <expected>`. */
  function holds(expression: string, self: unknown = 'x', schema: JsonObject = {}): boolean {
    const report = evaluateValidationRules(ruled(schema, expression), self);
    assert.deepEqual(report.unsupported, [], `${expression} should compile`);
    assert.deepEqual(report.evaluationErrors, [], `${expression} should evaluate`);
    return report.passed === 1;
  }

  it('lists (pkg/cel/library/lists.go): isSorted, sum, min, max, indexOf, lastIndexOf', () => {
    assert.ok(holds('[1, 2, 3].isSorted() && !["b", "a"].isSorted()'));
    assert.ok(holds('[1, 2, 3].sum() == 6 && [1.5, 2.5].sum() == 4.0 && [].sum() == 0'));
    assert.ok(holds('[3, 1, 2].min() == 1 && [3, 1, 2].max() == 3'));
    assert.ok(
      holds('[1, 2, 2, 3].indexOf(2) == 1 && [1, 2, 2, 3].lastIndexOf(2) == 2 && [1].indexOf(5) == -1'),
    );
    const report = evaluateValidationRules(ruled({}, '[].min() == 0'), 'x');
    assert.match(report.evaluationErrors[0]!.error, /min called on empty list/);
  });

  it('regex (pkg/cel/library/regex.go): find, findAll', () => {
    assert.ok(holds('"abc 123".find("[0-9]+") == "123" && "abc".find("[0-9]+") == ""'));
    assert.ok(
      holds(
        '"123 abc 456".findAll("[0-9]+") == ["123", "456"] && "123 abc 456".findAll("[0-9]+", 1) == ["123"]',
      ),
    );
  });

  it('urls (pkg/cel/library/urls.go over url.ParseRequestURI)', () => {
    assert.ok(
      holds(
        'isURL("https://user:pass@example.com:80/path?query=val#fragment") && isURL("/absolute-path") && !isURL("../relative-path") && !isURL("")',
      ),
    );
    assert.ok(
      holds(
        'url("https://example.com:8080/a%20b").getHost() == "example.com:8080" && url("https://example.com:8080/").getHostname() == "example.com" && url("https://example.com:8080/").getPort() == "8080"',
      ),
    );
    assert.ok(
      holds(
        'url("https://[::1]:80/").getHostname() == "::1" && url("https://example.com/a%20b").getEscapedPath() == "/a%20b"',
      ),
    );
  });

  it('quantity (pkg/cel/library/quantity.go)', () => {
    assert.ok(
      holds(
        'isQuantity("1.5Gi") && !isQuantity("1.5 Gi") && quantity("1Gi").isGreaterThan(quantity("1000Mi"))',
      ),
    );
    assert.ok(
      holds(
        'quantity("500m").compareTo(quantity("0.5")) == 0 && quantity("2").add(3).asInteger() == 5 && !quantity("1500m").isInteger()',
      ),
    );
    assert.ok(
      holds(
        'quantity("-1").sign() == -1 && quantity("1.5").asApproximateFloat() == 1.5 && quantity("1k").sub(quantity("1")).asInteger() == 999',
      ),
    );
    assert.ok(holds('quantity("1") == quantity("1000m") && quantity("1") != quantity("2")'));
  });

  it('ip and cidr (pkg/cel/library/ip.go, cidr.go): no leading zeros, no zones, no IPv4-mapped IPv6', () => {
    assert.ok(
      holds(
        'isIP("192.168.0.1") && isIP("::1") && !isIP("192.168.0.01") && !isIP("fe80::1%eth0") && !isIP("::ffff:1.2.3.4")',
      ),
    );
    assert.ok(
      holds(
        'ip("10.0.0.1").family() == 4 && ip("::1").family() == 6 && ip("127.0.0.1").isLoopback() && ip("0.0.0.0").isUnspecified()',
      ),
    );
    assert.ok(
      holds(
        'isCIDR("10.0.0.0/8") && !isCIDR("10.0.0.0/33") && cidr("10.0.0.0/8").containsIP("10.1.2.3") && !cidr("10.0.0.0/8").containsIP("11.0.0.1")',
      ),
    );
    assert.ok(
      holds(
        'cidr("2001:db8::/32").prefixLength() == 32 && cidr("2001:db8::/32").containsIP(ip("2001:db8::1"))',
      ),
    );
    assert.ok(
      holds(
        'ip("::1") == ip("0:0::1") && ip("10.0.0.1") != ip("10.0.0.2") && cidr("10.0.0.0/8") == cidr("10.0.0.0/8")',
      ),
    );
  });

  it("cel-go's ext.Sets: contains, equivalent, intersects", () => {
    assert.ok(
      holds('sets.contains([1, 2, 3], [3, 1]) && !sets.contains([1], [2]) && sets.contains([1], [])'),
    );
    assert.ok(holds('sets.equivalent([1, 2], [2, 1, 1]) && !sets.equivalent([1], [1, 2])'));
    assert.ok(
      holds('sets.intersects([1, 2], [2, 3]) && !sets.intersects([1], [3]) && sets.contains([1.0], [1])'),
    );
  });

  it("cel-go's ext.Strings beyond the library: charAt, replace, reverse", () => {
    assert.ok(holds('"hello".charAt(1) == "e" && "hello".charAt(5) == ""'));
    assert.ok(
      holds(
        '"hello hello".replace("he", "we") == "wello wello" && "hello hello".replace("he", "we", 1) == "wello hello"',
      ),
    );
    assert.ok(holds('"gums".reverse() == "smug"'));
    // ASCII letters only, as cel-go's lowerAscii and upperAscii.
    assert.ok(holds('"ÀbC".lowerAscii() == "Àbc" && "àBc".upperAscii() == "àBC"'));
  });
});

describe('RE2 patterns in JavaScript', () => {
  it('translates RE2-only spellings', () => {
    assert.ok(re2ToRegExp('(?i)^abc$')!.test('ABC'));
    assert.ok(re2ToRegExp('^(?i)abc$')!.test('AbC'));
    assert.ok(re2ToRegExp('^[[:alpha:]]+[[:digit:]]$')!.test('abc1'));
    assert.equal(re2ToRegExp('^[[:alpha:]]+$')!.test('ab1'), false);
    assert.ok(re2ToRegExp('\\Aab\\z')!.test('ab'));
    assert.ok(re2ToRegExp('^\\Q.*\\E$')!.test('.*'));
    assert.equal(re2ToRegExp('^\\Q.*\\E$')!.test('ab'), false);
    assert.ok(re2ToRegExp('(?P<year>\\d{4})')!.test('2024'));
    assert.ok(re2ToRegExp('^\\pL+$')!.test('héllo'));
    assert.ok(re2ToRegExp('^a\\-b$')!.test('a-b'));
  });

  it('refuses what RE2 does not mean the same way', () => {
    assert.equal(re2ToRegExp('(a)\\1'), undefined);
    assert.equal(re2ToRegExp('(?U)a+'), undefined);
    assert.equal(re2ToRegExp('a(?=b)'), undefined);
    assert.equal(re2ToRegExp('a(?i)b'), undefined);
    assert.equal(re2ToRegExp('[[:nope:]]'), undefined);
    assert.equal(re2ToRegExp('('), undefined);
  });
});
