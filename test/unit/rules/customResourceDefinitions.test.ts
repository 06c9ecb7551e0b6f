import * as assert from 'node:assert/strict';
import { customResourceDefinitionOf } from '../../../server/src/kubernetes/customResourceDefinition';
import { builtinRules } from '../../../server/src/rules';
import { defaultSettings } from '../../../server/src/common/settings';
import { ManifestParser } from '../../../server/src/yaml/manifestFile';
import { testCatalog } from '../../support/catalog';
import { edit } from '../../support/fixtureEdit';
import { type DiagnosticView, validate, viewDiagnostics } from '../../support/service';
import { error } from './ruleTestSupport';

/**
 * A CRD that uses most of what the API server allows: two versions (one deprecated), the status
 * and scale subresources, printer columns, CEL rules, int-or-string, set and map lists, an
 * embedded resource, metadata restricted to its name, defaults and a oneOf of enums.
 */
const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: crontabs.stable.example.com
spec:
  group: stable.example.com
  scope: Namespaced
  names:
    plural: crontabs
    singular: crontab
    kind: CronTab
    shortNames:
      - ct
    categories:
      - all
  conversion:
    strategy: None
  versions:
    - name: v1beta1
      served: true
      storage: false
      deprecated: true
      deprecationWarning: stable.example.com/v1beta1 CronTab is deprecated; use v1
      schema:
        openAPIV3Schema:
          type: object
          x-kubernetes-preserve-unknown-fields: true
    - name: v1
      served: true
      storage: true
      subresources:
        status: {}
        scale:
          specReplicasPath: .spec.replicas
          statusReplicasPath: .status.replicas
          labelSelectorPath: .status.selector
      additionalPrinterColumns:
        - name: Schedule
          type: string
          jsonPath: .spec.cronSpec
        - name: Age
          type: date
          format: date-time
          jsonPath: .metadata.creationTimestamp
      schema:
        openAPIV3Schema:
          type: object
          description: A CronTab runs a job on a schedule.
          x-kubernetes-validations:
            - rule: self.spec.replicas <= 10
              message: at most ten replicas
              reason: FieldValueInvalid
          properties:
            apiVersion:
              type: string
            kind:
              type: string
            metadata:
              type: object
              properties:
                name:
                  type: string
                  maxLength: 63
            spec:
              type: object
              required: [cronSpec]
              properties:
                cronSpec:
                  type: string
                  pattern: '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'
                replicas:
                  type: integer
                  minimum: 0
                  default: 1
                port:
                  x-kubernetes-int-or-string: true
                  anyOf:
                    - type: integer
                    - type: string
                labels:
                  type: object
                  additionalProperties:
                    type: string
                  x-kubernetes-map-type: granular
                tags:
                  type: array
                  x-kubernetes-list-type: set
                  items:
                    type: string
                ports:
                  type: array
                  x-kubernetes-list-type: map
                  x-kubernetes-list-map-keys: [containerPort, protocol]
                  items:
                    type: object
                    required: [containerPort]
                    properties:
                      containerPort:
                        type: integer
                      protocol:
                        type: string
                        default: TCP
                template:
                  type: object
                  x-kubernetes-embedded-resource: true
                  x-kubernetes-preserve-unknown-fields: true
                mode:
                  type: string
                  oneOf:
                    - enum: [fast]
                    - enum: [slow]
            status:
              type: object
              properties:
                replicas:
                  type: integer
                selector:
                  type: string
`;

/** The findings of the crd-* rules, as text. */
function crdFindings(text: string): DiagnosticView[] {
  return viewDiagnostics(text, validate(text)).filter((finding) => finding.code.startsWith('crd-'));
}

/** One finding of a crd-* rule, as an error. */
function finding(code: string, line: string, text: string, message: string): DiagnosticView {
  return { code, severity: error, line, text, message };
}

describe('CustomResourceDefinition model', () => {
  it('reads group, scope, names with their defaults, and each version with its schema and path', () => {
    const [document] = new ManifestParser().parse(crd).documents;
    const model = customResourceDefinitionOf(document!);
    assert.ok(model);
    assert.equal(model.group, 'stable.example.com');
    assert.equal(model.scope, 'Namespaced');
    // SetDefaults_CustomResourceDefinitionSpec: listKind is the kind followed by List.
    assert.deepEqual(
      { ...model.names },
      {
        plural: 'crontabs',
        singular: 'crontab',
        kind: 'CronTab',
        listKind: 'CronTabList',
        shortNames: ['ct'],
        categories: ['all'],
      },
    );
    assert.deepEqual(
      model.versions.map((version) => [
        version.name,
        version.served,
        version.storage,
        version.hasStatusSubresource,
        version.schemaPath,
        version.schema?.type,
      ]),
      [
        ['v1beta1', true, false, false, ['spec', 'versions', 0, 'schema', 'openAPIV3Schema'], 'object'],
        ['v1', true, true, true, ['spec', 'versions', 1, 'schema', 'openAPIV3Schema'], 'object'],
      ],
    );
  });

  it('defaults singular to the kind in lower case, and is absent for other kinds and API versions', () => {
    const text = edit(crd, '    singular: crontab\n', '');
    const [document] = new ManifestParser().parse(text).documents;
    assert.equal(customResourceDefinitionOf(document!)?.names.singular, 'crontab');
    const beta = new ManifestParser().parse(
      edit(crd, 'apiextensions.k8s.io/v1\n', 'apiextensions.k8s.io/v1beta1\n'),
    );
    assert.equal(customResourceDefinitionOf(beta.documents[0]!), undefined);
    const pod = new ManifestParser().parse('apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n');
    assert.equal(customResourceDefinitionOf(pod.documents[0]!), undefined);
  });
  it('leaves alone a schema that contains itself (an alias inside its own anchor)', () => {
    const text = edit(
      crd,
      '          x-kubernetes-preserve-unknown-fields: true\n    - name: v1\n',
      '          x-kubernetes-preserve-unknown-fields: true\n          properties:\n            spec: *loop\n    - name: v1\n',
    );
    const looped = edit(
      text,
      '        openAPIV3Schema:\n          type: object\n          x-kubernetes-preserve',
      '        openAPIV3Schema: &loop\n          type: object\n          x-kubernetes-preserve',
    );
    const [document] = new ManifestParser().parse(looped).documents;
    const model = customResourceDefinitionOf(document!);
    // No plain data for a document that contains itself (ManifestDocument.toJS): no model, no walk.
    assert.equal(model, undefined);
    const catalog = testCatalog();
    const kind = catalog.getKind('apiextensions.k8s.io/v1', 'CustomResourceDefinition')!;
    const findings = builtinRules
      .filter((rule) => rule.id.startsWith('crd-'))
      .flatMap((rule) => rule.validate({ document: document!, kind, catalog, settings: defaultSettings }));
    assert.deepEqual(findings, []);
  });
});

describe('rules: crd-*', () => {
  it('say nothing about a valid CRD, and Podscope reports nothing else on it', () => {
    assert.deepEqual(viewDiagnostics(crd, validate(crd)), []);
  });

  it('report the issue’s three examples, each on the value at fault', () => {
    let text = edit(crd, 'scope: Namespaced', 'scope: Namespace');
    text = edit(
      text,
      '              type: object\n              required: [cronSpec]',
      '              type: objekt\n              required: [cronSpec]',
    );
    text = edit(text, 'x-kubernetes-list-type: set', 'x-kubernetes-list-type: atomik');
    assert.deepEqual(crdFindings(text), [
      finding(
        'crd-invalid-spec',
        'scope: Namespace',
        'Namespace',
        'Scope "Namespace" is not supported: use "Cluster" or "Namespaced".',
      ),
      finding(
        'crd-invalid-schema',
        'type: objekt',
        'objekt',
        'Type "objekt" is not supported: use "array", "boolean", "integer", "number", "object" or "string".',
      ),
      finding(
        'crd-invalid-schema',
        'x-kubernetes-list-type: atomik',
        'atomik',
        'x-kubernetes-list-type "atomik" is not supported: use "atomic", "set" or "map".',
      ),
    ]);
  });

  describe('crd-invalid-spec', () => {
    it('reports a group that is not a domain with a dot, or not a DNS subdomain', () => {
      const dotless = edit(
        edit(crd, 'group: stable.example.com', 'group: stable'),
        'name: crontabs.stable.example.com',
        'name: crontabs.stable',
      );
      assert.deepEqual(crdFindings(dotless), [
        finding(
          'crd-invalid-spec',
          'group: stable',
          'stable',
          'Group "stable" must be a domain with at least one dot (example.com).',
        ),
      ]);
      const upper = edit(
        edit(crd, 'group: stable.example.com', 'group: Stable.example.com'),
        'name: crontabs.stable.example.com',
        'name: crontabs.Stable.example.com',
      );
      assert.deepEqual(crdFindings(upper), [
        finding(
          'crd-invalid-spec',
          'group: Stable.example.com',
          'Stable.example.com',
          "Group \"Stable.example.com\" is not a valid DNS-1123 subdomain: it must consist of lowercase letters, digits, '-' and '.', and start and end with a letter or digit.",
        ),
      ]);
    });

    it('reports names that are not DNS-1035 labels, and a listKind equal to the kind', () => {
      let text = edit(crd, 'plural: crontabs', 'plural: 1crontabs');
      text = edit(text, 'name: crontabs.stable.example.com', 'name: 1crontabs.stable.example.com');
      text = edit(
        text,
        'kind: CronTab\n    shortNames',
        'kind: Cron_Tab\n    listKind: Cron_Tab\n    shortNames',
      );
      text = edit(text, '      - ct', '      - c.t');
      assert.deepEqual(crdFindings(text), [
        finding(
          'crd-invalid-spec',
          'plural: 1crontabs',
          '1crontabs',
          'spec.names.plural "1crontabs" is not a valid DNS-1035 label: it must consist of lowercase letters, digits and \'-\', start with a letter and end with a letter or digit.',
        ),
        finding(
          'crd-invalid-spec',
          'kind: Cron_Tab',
          'Cron_Tab',
          'spec.names.kind "Cron_Tab" is not a valid DNS-1035 label (it may have mixed case): it must consist of lowercase letters, digits and \'-\', start with a letter and end with a letter or digit.',
        ),
        finding(
          'crd-invalid-spec',
          'listKind: Cron_Tab',
          'Cron_Tab',
          'spec.names.listKind "Cron_Tab" is not a valid DNS-1035 label (it may have mixed case): it must consist of lowercase letters, digits and \'-\', start with a letter and end with a letter or digit.',
        ),
        finding(
          'crd-invalid-spec',
          'listKind: Cron_Tab',
          'Cron_Tab',
          'spec.names.listKind must differ from kind "Cron_Tab".',
        ),
        finding(
          'crd-invalid-spec',
          '- c.t',
          'c.t',
          'spec.names.shortNames "c.t" is not a valid DNS-1035 label: it must consist of lowercase letters, digits and \'-\', start with a letter and end with a letter or digit.',
        ),
      ]);
      // Mixed case is fine for kind and listKind; a default listKind never equals the kind.
      assert.deepEqual(
        crdFindings(
          edit(crd, 'kind: CronTab\n    shortNames', 'kind: CronTab\n    listKind: CronTabs\n    shortNames'),
        ),
        [],
      );
    });

    it('reports a name that is not <plural>.<group>', () => {
      const text = edit(crd, 'name: crontabs.stable.example.com', 'name: crontab.stable.example.com');
      assert.deepEqual(crdFindings(text), [
        finding(
          'crd-invalid-spec',
          'name: crontab.stable.example.com',
          'crontab.stable.example.com',
          'A CustomResourceDefinition must be named spec.names.plural + "." + spec.group: "crontabs.stable.example.com", not "crontab.stable.example.com".',
        ),
      ]);
    });

    it('reports a protected group without a valid api-approved.kubernetes.io annotation', () => {
      const protectedGroup = edit(
        edit(crd, 'group: stable.example.com', 'group: stable.k8s.io'),
        'name: crontabs.stable.example.com',
        'name: crontabs.stable.k8s.io',
      );
      assert.deepEqual(crdFindings(protectedGroup), [
        finding(
          'crd-invalid-spec',
          'metadata:',
          'metadata',
          'Group "stable.k8s.io" is protected: the CRD needs the api-approved.kubernetes.io annotation (a URL of the approving pull request, or "unapproved, …"; see https://github.com/kubernetes/enhancements/pull/1111).',
        ),
      ]);
      const annotated = (value: string): string =>
        edit(
          protectedGroup,
          '  name: crontabs.stable.k8s.io\n',
          `  name: crontabs.stable.k8s.io\n  annotations:\n    api-approved.kubernetes.io: ${value}\n`,
        );
      assert.deepEqual(crdFindings(annotated('"https://github.com/kubernetes/enhancements/pull/1111"')), []);
      assert.deepEqual(crdFindings(annotated('"unapproved, experimental"')), []);
      assert.deepEqual(crdFindings(annotated('"yes please"')), [
        finding(
          'crd-invalid-spec',
          'api-approved.kubernetes.io: "yes please"',
          '"yes please"',
          'The api-approved.kubernetes.io annotation must hold a URL or a reason starting with "unapproved".',
        ),
      ]);
    });

    it('reports preserveUnknownFields: true and a conversion the API server refuses', () => {
      const preserve = edit(crd, '  conversion:\n', '  preserveUnknownFields: true\n  conversion:\n');
      assert.deepEqual(crdFindings(preserve), [
        finding(
          'crd-invalid-spec',
          'preserveUnknownFields: true',
          'true',
          'spec.preserveUnknownFields cannot be true: set x-kubernetes-preserve-unknown-fields: true in spec.versions[*].schema instead.',
        ),
      ]);
      assert.deepEqual(crdFindings(edit(crd, 'strategy: None', 'strategy: Webhok')), [
        finding(
          'crd-invalid-spec',
          'strategy: Webhok',
          'Webhok',
          'Conversion strategy "Webhok" is not supported: use "None" or "Webhook".',
        ),
      ]);
      const webhook = edit(
        crd,
        'strategy: None\n',
        'strategy: Webhook\n    webhook:\n      conversionReviewVersions: [v2]\n      clientConfig:\n        url: https://convert.example.com\n        service:\n          name: convert\n          namespace: default\n',
      );
      assert.deepEqual(crdFindings(webhook), [
        finding(
          'crd-invalid-spec',
          'conversionReviewVersions: [v2]',
          'conversionReviewVersions',
          'conversionReviewVersions must include "v1" or "v1beta1".',
        ),
        finding(
          'crd-invalid-spec',
          'clientConfig:',
          'clientConfig',
          'The conversion webhook clientConfig needs exactly one of url or service.',
        ),
      ]);
      const valid = edit(webhook, '        url: https://convert.example.com\n', '');
      assert.deepEqual(crdFindings(edit(valid, '[v2]', '[v1, v1beta1]')), []);
    });
  });

  describe('crd-invalid-versions', () => {
    it('reports a second storage version, and none at all', () => {
      const two = edit(crd, 'storage: false', 'storage: true');
      assert.deepEqual(crdFindings(two), [
        finding(
          'crd-invalid-versions',
          'storage: true',
          'true',
          'Exactly one version must be the storage version; "v1beta1" already is.',
        ),
      ]);
      // The second storage: true is the one reported.
      assert.equal(viewDiagnostics(two, validate(two))[0]!.line, 'storage: true');
      const none = edit(crd, '      storage: true\n', '      storage: false\n');
      assert.deepEqual(crdFindings(none), [
        finding(
          'crd-invalid-versions',
          'versions:',
          'versions',
          'Exactly one version must be the storage version (storage: true); none is.',
        ),
      ]);
    });

    it('reports version names that are not DNS-1035 labels or are repeated', () => {
      assert.deepEqual(crdFindings(edit(crd, '- name: v1beta1', '- name: V1.beta')), [
        finding(
          'crd-invalid-versions',
          '- name: V1.beta',
          'V1.beta',
          'Version name "V1.beta" is not a valid DNS-1035 label: it must consist of lowercase letters, digits and \'-\', start with a letter and end with a letter or digit.',
        ),
      ]);
      assert.deepEqual(crdFindings(edit(crd, '- name: v1beta1', '- name: v1')), [
        finding(
          'crd-invalid-versions',
          '- name: v1',
          'v1',
          'Version "v1" is listed twice: version names must be unique.',
        ),
      ]);
    });

    it('reports a version without a schema, on the version', () => {
      const text = edit(
        crd,
        '      schema:\n        openAPIV3Schema:\n          type: object\n          x-kubernetes-preserve-unknown-fields: true\n',
        '',
      );
      assert.deepEqual(crdFindings(text), [
        finding(
          'crd-invalid-versions',
          '- name: v1beta1',
          'name',
          'Version "v1beta1" has no schema.openAPIV3Schema: every version of a CRD needs one.',
        ),
      ]);
    });

    it('reports a deprecation warning on a version that is not deprecated', () => {
      assert.deepEqual(crdFindings(edit(crd, '      deprecated: true\n', '')), [
        finding(
          'crd-invalid-versions',
          'deprecationWarning: stable.example.com/v1beta1 CronTab is deprecated; use v1',
          'deprecationWarning',
          'deprecationWarning can only be set on a version with deprecated: true.',
        ),
      ]);
    });

    it('reports scale paths outside .spec and .status, and printer columns of unknown types and formats', () => {
      let text = edit(crd, 'specReplicasPath: .spec.replicas', 'specReplicasPath: .status.replicas');
      text = edit(text, 'statusReplicasPath: .status.replicas', 'statusReplicasPath: status.replicas');
      text = edit(text, 'type: date\n', 'type: time\n');
      text = edit(text, 'format: date-time', 'format: rfc3339');
      text = edit(text, 'jsonPath: .spec.cronSpec', 'jsonPath: spec.cronSpec');
      assert.deepEqual(crdFindings(text), [
        finding(
          'crd-invalid-versions',
          'specReplicasPath: .status.replicas',
          '.status.replicas',
          'specReplicasPath must be a JSON path under .spec.',
        ),
        finding(
          'crd-invalid-versions',
          'statusReplicasPath: status.replicas',
          'status.replicas',
          'statusReplicasPath must be a JSON path in dot notation starting with "." (under .status).',
        ),
        finding(
          'crd-invalid-versions',
          'jsonPath: spec.cronSpec',
          'spec.cronSpec',
          'Printer column jsonPath "spec.cronSpec" must be a simple JSON path starting with ".".',
        ),
        finding(
          'crd-invalid-versions',
          'type: time',
          'time',
          'Printer column type "time" is not supported: use "boolean", "date", "integer", "number" or "string".',
        ),
        finding(
          'crd-invalid-versions',
          'format: rfc3339',
          'rfc3339',
          'Printer column format "rfc3339" is not supported: use "byte", "date", "date-time", "double", "float", "int32", "int64" or "password".',
        ),
      ]);
    });
  });

  describe('crd-invalid-schema', () => {
    /** The v1 schema's spec.properties, with one more property written at their indentation. */
    const withProperty = (yaml: string): string =>
      edit(
        crd,
        '                cronSpec:\n',
        `${yaml.replace(/^/gm, '                ').trimEnd()}\n                cronSpec:\n`,
      );

    it('reports type null, unsupported keywords, uniqueItems, items as a list, and additionalProperties beside properties', () => {
      const text = withProperty(`nothing:
  type: "null"
ref:
  $ref: '#/definitions/thing'
unique:
  type: array
  uniqueItems: true
  items:
    type: string
tuple:
  type: array
  items:
    - type: string
both:
  type: object
  properties:
    a:
      type: string
  additionalProperties: false
`);
      assert.deepEqual(crdFindings(text), [
        finding(
          'crd-invalid-schema',
          'type: "null"',
          '"null"',
          'Type "null" is not supported: use nullable: true instead.',
        ),
        finding(
          'crd-invalid-schema',
          "$ref: '#/definitions/thing'",
          '$ref',
          '$ref is not supported in a CRD schema.',
        ),
        finding(
          'crd-invalid-schema',
          'uniqueItems: true',
          'true',
          'uniqueItems cannot be true (its cost is quadratic): use x-kubernetes-list-type: set instead.',
        ),
        finding(
          'crd-invalid-schema',
          'items:',
          'items',
          'items must be a schema object, not a list of schemas.',
        ),
        finding(
          'crd-invalid-schema',
          'additionalProperties: false',
          'additionalProperties',
          'additionalProperties and properties are mutually exclusive.',
        ),
      ]);
      // additionalProperties: true may stand beside properties.
      assert.deepEqual(
        crdFindings(
          withProperty(
            'both:\n  type: object\n  properties:\n    a:\n      type: string\n  additionalProperties: true\n',
          ),
        ),
        [],
      );
    });

    it('reports a default in the top-level metadata, but not elsewhere', () => {
      const text = edit(
        crd,
        '                  maxLength: 63\n',
        '                  maxLength: 63\n                  default: crontab\n',
      );
      assert.deepEqual(crdFindings(text), [
        finding(
          'crd-invalid-schema',
          'default: crontab',
          'default',
          'A default must not be set in top-level metadata.',
        ),
      ]);
      // spec.replicas has a default in the fixture, and it is silent.
      assert.deepEqual(crdFindings(crd), []);
    });

    it('reports x-kubernetes-preserve-unknown-fields: false, and map and list types of the wrong value or on the wrong type', () => {
      const withProperties = withProperty(`closed:
  type: object
  x-kubernetes-preserve-unknown-fields: false
name:
  type: string
  x-kubernetes-map-type: atomic
names:
  type: object
  x-kubernetes-list-type: atomic
`);
      const text = edit(withProperties, 'x-kubernetes-map-type: granular', 'x-kubernetes-map-type: Granular');
      assert.deepEqual(crdFindings(text), [
        finding(
          'crd-invalid-schema',
          'x-kubernetes-preserve-unknown-fields: false',
          'false',
          'x-kubernetes-preserve-unknown-fields must be true or left out.',
        ),
        finding(
          'crd-invalid-schema',
          'type: string',
          'string',
          'The type must be object when x-kubernetes-map-type is set.',
        ),
        finding(
          'crd-invalid-schema',
          'type: object',
          'object',
          'The type must be array when x-kubernetes-list-type is set.',
        ),
        finding(
          'crd-invalid-schema',
          'x-kubernetes-map-type: Granular',
          'Granular',
          'x-kubernetes-map-type "Granular" is not supported: use "atomic" or "granular".',
        ),
      ]);
    });

    it('reports a set of objects that are not atomic, and map lists whose keys are not required, scalar item properties', () => {
      let text = withProperty(`owners:
  type: array
  x-kubernetes-list-type: set
  items:
    type: object
    properties:
      name:
        type: string
`);
      assert.deepEqual(crdFindings(text), [
        finding(
          'crd-invalid-schema',
          'items:',
          'items',
          'The object items of a list with x-kubernetes-list-type: set must have x-kubernetes-map-type: atomic.',
        ),
      ]);
      assert.deepEqual(
        crdFindings(
          edit(
            text,
            'type: object\n                    properties:\n                      name:',
            'type: object\n                    x-kubernetes-map-type: atomic\n                    properties:\n                      name:',
          ),
        ),
        [],
      );
      text = edit(
        crd,
        'x-kubernetes-list-map-keys: [containerPort, protocol]',
        'x-kubernetes-list-map-keys: [containerPort, hostPort, containerPort]',
      );
      text = edit(text, 'required: [containerPort]', 'required: []');
      text = edit(
        text,
        '                      containerPort:\n                        type: integer\n',
        '                      containerPort:\n                        type: integer\n                        nullable: true\n',
      );
      assert.deepEqual(crdFindings(text), [
        finding(
          'crd-invalid-schema',
          'x-kubernetes-list-map-keys: [containerPort, hostPort, containerPort]',
          'hostPort',
          'Map key "hostPort" is not a property of the list\'s items.',
        ),
        finding(
          'crd-invalid-schema',
          'x-kubernetes-list-map-keys: [containerPort, hostPort, containerPort]',
          'containerPort',
          'Map key "containerPort" is listed twice.',
        ),
        finding(
          'crd-invalid-schema',
          'containerPort:',
          'containerPort',
          'Map key "containerPort" must be required in the items or have a default.',
        ),
        finding(
          'crd-invalid-schema',
          'nullable: true',
          'true',
          'Map key "containerPort" cannot be nullable.',
        ),
      ]);
      const keysWithoutMap = edit(crd, 'x-kubernetes-list-type: set', 'x-kubernetes-list-map-keys: [name]');
      assert.deepEqual(crdFindings(keysWithoutMap), [
        finding(
          'crd-invalid-schema',
          'x-kubernetes-list-map-keys: [name]',
          'x-kubernetes-list-map-keys',
          'x-kubernetes-list-map-keys needs x-kubernetes-list-type: map.',
        ),
      ]);
    });

    it('reports blank or multi-line CEL rules without a message, and unsupported reasons', () => {
      let text = edit(crd, 'rule: self.spec.replicas <= 10', 'rule: " "');
      text = edit(text, 'reason: FieldValueInvalid', 'reason: Invalid');
      assert.deepEqual(crdFindings(text), [
        finding('crd-invalid-schema', '- rule: " "', '" "', 'A validation rule must not be blank.'),
        finding(
          'crd-invalid-schema',
          'reason: Invalid',
          'Invalid',
          'Validation reason "Invalid" is not supported: use "FieldValueDuplicate", "FieldValueForbidden", "FieldValueInvalid" or "FieldValueRequired".',
        ),
      ]);
      const multiLine = edit(
        edit(
          crd,
          'rule: self.spec.replicas <= 10',
          'rule: |\n                self.spec.replicas <= 10 &&\n                self.spec.replicas >= 0',
        ),
        '              message: at most ten replicas\n',
        '',
      );
      assert.deepEqual(crdFindings(multiLine), [
        finding(
          'crd-invalid-schema',
          '- rule: |',
          'rule',
          'A validation rule on several lines needs a message.',
        ),
      ]);
    });

    it('with the status subresource, reports a field the root may not have; without it, not', () => {
      const text = edit(
        crd,
        '          description: A CronTab runs a job on a schedule.\n',
        '          description: A CronTab runs a job on a schedule.\n          maxProperties: 5\n',
      );
      assert.deepEqual(crdFindings(text), [
        finding(
          'crd-invalid-schema',
          'maxProperties: 5',
          'maxProperties',
          'With the status subresource, maxProperties is not allowed at the root of the schema (only description, type, format, title, maximum, exclusiveMaximum, minimum, exclusiveMinimum, maxLength, minLength, pattern, maxItems, minItems, uniqueItems, multipleOf, required, items, properties, externalDocs, example, x-kubernetes-preserve-unknown-fields, x-kubernetes-validations).',
        ),
      ]);
      assert.deepEqual(crdFindings(edit(text, '        status: {}\n', '')), []);
      // A field at its zero value counts as absent; a number set to 0 does not.
      const zero = edit(
        crd,
        '          description: A CronTab runs a job on a schedule.\n',
        '          description: A CronTab runs a job on a schedule.\n          nullable: false\n          minProperties: 0\n',
      );
      assert.deepEqual(
        crdFindings(zero).map((view) => view.line),
        ['minProperties: 0'],
      );
    });

    it('leaves a value of the wrong type to the schema, and an unknown format alone (the API server drops it)', () => {
      const text = edit(
        edit(crd, 'x-kubernetes-list-type: set', 'x-kubernetes-list-type: 5'),
        '                  type: integer\n                  minimum: 0',
        '                  type: integer\n                  format: int-or-string\n                  minimum: 0',
      );
      assert.deepEqual(
        viewDiagnostics(text, validate(text)).map((diagnostic) => diagnostic.code),
        ['wrong-type'],
      );
    });
  });

  describe('crd-non-structural-schema', () => {
    const withProperty = (yaml: string): string =>
      edit(
        crd,
        '                cronSpec:\n',
        `${yaml.replace(/^/gm, '                ').trimEnd()}\n                cronSpec:\n`,
      );

    it('reports a field or items without a type, and an array without items', () => {
      const text = withProperty(`untyped:
  description: no type here
list:
  type: array
  items:
    properties:
      name:
        type: string
bare:
  type: array
`);
      assert.deepEqual(crdFindings(text), [
        finding(
          'crd-non-structural-schema',
          'untyped:',
          'untyped',
          'The field needs a type (or x-kubernetes-int-or-string or x-kubernetes-preserve-unknown-fields).',
        ),
        finding(
          'crd-non-structural-schema',
          'items:',
          'items',
          'The items schema needs a type (or x-kubernetes-int-or-string or x-kubernetes-preserve-unknown-fields).',
        ),
        finding('crd-non-structural-schema', 'type: array', 'array', 'An array needs an items schema.'),
      ]);
    });

    it('reports metadata at the root restricted beyond name and generateName, and a kind that is not a string', () => {
      let text = edit(
        crd,
        '                name:\n                  type: string\n                  maxLength: 63\n',
        '                labels:\n                  type: object\n',
      );
      text = edit(
        text,
        '            kind:\n              type: string',
        '            kind:\n              type: integer',
      );
      assert.deepEqual(crdFindings(text), [
        finding('crd-non-structural-schema', 'type: integer', 'integer', 'kind must be of type string.'),
        finding(
          'crd-non-structural-schema',
          'properties:',
          'properties',
          'The schema of metadata at the root may only restrict name and generateName: the API server sets the rest of metadata.',
        ),
      ]);
    });

    it('reports additionalProperties at the root, and types, descriptions or extensions inside allOf, anyOf, oneOf and not', () => {
      let text = edit(
        crd,
        '          description: A CronTab runs a job on a schedule.\n',
        '          description: A CronTab runs a job on a schedule.\n          additionalProperties: true\n',
      );
      text = edit(
        text,
        '                    - enum: [fast]',
        '                    - enum: [fast]\n                      type: string\n                      description: fast',
      );
      assert.deepEqual(crdFindings(text), [
        finding(
          'crd-non-structural-schema',
          'additionalProperties: true',
          'additionalProperties',
          'additionalProperties must not be used at the root of the schema.',
        ),
        finding(
          'crd-non-structural-schema',
          'type: string',
          'type',
          'type must be left out inside allOf, anyOf, oneOf or not: the schema would not be structural.',
        ),
        finding(
          'crd-non-structural-schema',
          'description: fast',
          'description',
          'description must be left out inside allOf, anyOf, oneOf or not: the schema would not be structural.',
        ),
      ]);
    });

    it('accepts the int-or-string patterns, and reports x-kubernetes-int-or-string with preserve-unknown-fields', () => {
      const allOf = edit(
        crd,
        '                  anyOf:\n                    - type: integer\n                    - type: string\n',
        '                  allOf:\n                    - anyOf:\n                        - type: integer\n                        - type: string\n                    - pattern: "^[0-9a-z]+$"\n',
      );
      assert.deepEqual(crdFindings(allOf), []);
      const preserve = edit(
        crd,
        '                  x-kubernetes-int-or-string: true\n',
        '                  x-kubernetes-int-or-string: true\n                  x-kubernetes-preserve-unknown-fields: true\n',
      );
      assert.deepEqual(crdFindings(preserve), [
        finding(
          'crd-non-structural-schema',
          'x-kubernetes-preserve-unknown-fields: true',
          'true',
          'x-kubernetes-preserve-unknown-fields must be false when x-kubernetes-int-or-string is true.',
        ),
      ]);
      // Three entries are not the int-or-string pattern: their types are then forbidden.
      const three = edit(
        crd,
        '                    - type: string\n',
        '                    - type: string\n                    - type: boolean\n',
      );
      assert.equal(crdFindings(three).length, 3);
    });

    it('reports an embedded resource that is not an object or has no properties', () => {
      assert.deepEqual(
        crdFindings(
          edit(
            crd,
            '                  x-kubernetes-embedded-resource: true\n                  x-kubernetes-preserve-unknown-fields: true\n',
            '                  x-kubernetes-embedded-resource: true\n',
          ),
        ),
        [
          finding(
            'crd-non-structural-schema',
            'template:',
            'template',
            'An embedded resource (x-kubernetes-embedded-resource) needs properties, or x-kubernetes-preserve-unknown-fields: true.',
          ),
        ],
      );
    });

    it('reports a property constrained under a junctor at the root but not declared (validateStructuralCompleteness)', () => {
      const constrain = (name: string): string =>
        edit(
          crd,
          '          description: A CronTab runs a job on a schedule.\n',
          `          description: A CronTab runs a job on a schedule.\n          anyOf:\n            - properties:\n                ${name}:\n                  required: [replicas]\n`,
        );
      const withoutStatus = (text: string): string => edit(text, '        status: {}\n', '');
      assert.deepEqual(crdFindings(withoutStatus(constrain('spec'))), []);
      assert.deepEqual(crdFindings(withoutStatus(constrain('spek'))), [
        finding(
          'crd-non-structural-schema',
          'spek:',
          'spek',
          'Property "spek" is constrained here but not declared in the properties beside allOf, anyOf, oneOf or not.',
        ),
      ]);
    });

    it('leaves a schema NewStructural cannot build to crd-invalid-schema', () => {
      const text = withProperty('tuple:\n  type: array\n  items:\n    - type: string\n');
      assert.deepEqual(
        crdFindings(text).map((diagnostic) => diagnostic.code),
        ['crd-invalid-schema'],
      );
    });
  });
});
