import * as assert from 'node:assert/strict';
import Ajv from 'ajv';
import { validateScenario } from '../../server/src/simulator/scenario';
import { scenarioSchema, type ScenarioSchemaNode } from '../../server/src/simulator/scenarioSchema';
import { everyScenarioField } from '../support/scenarios';

/** Every node of the schema, with its path. */
function nodes(node: ScenarioSchemaNode, path = '#'): [string, ScenarioSchemaNode][] {
  const children: [string, ScenarioSchemaNode | undefined][] = [
    ...Object.entries(node.properties ?? {}).map(([key, child]): [string, ScenarioSchemaNode] => [
      `${path}/properties/${key}`,
      child,
    ]),
    [`${path}/items`, node.items],
    [`${path}/additionalProperties`, node.additionalProperties || undefined],
    ...(node.anyOf ?? []).map((branch, index): [string, ScenarioSchemaNode] => [
      `${path}/anyOf/${index}`,
      branch,
    ]),
  ];
  return [[path, node], ...children.flatMap(([childPath, child]) => (child ? nodes(child, childPath) : []))];
}

describe('the scenario schema', () => {
  it('is a valid JSON Schema that ajv compiles in strict mode, our annotations known', () => {
    const ajv = new Ajv({ strict: true, allErrors: true });
    ajv.addVocabulary(['x-expected', 'x-exclusiveMinimumOf', 'x-form']);
    assert.equal(ajv.validateSchema(scenarioSchema), true, ajv.errorsText());
    const validate = ajv.compile(scenarioSchema);
    assert.equal(validate({ duration: 60, containers: { app: { exitAfter: [5, 'never'] } } }), true);
    assert.equal(validate({ duration: 0 }), false);
  });

  it('accepts what the checker accepts, for a complete scenario', () => {
    const ajv = new Ajv({ strict: true });
    ajv.addVocabulary(['x-expected', 'x-exclusiveMinimumOf', 'x-form']);
    const scenario = everyScenarioField;
    assert.equal(ajv.validate(scenarioSchema, scenario), true, ajv.errorsText());
    assert.deepEqual(validateScenario(scenario).problems, []);
  });

  it('checks a workload update, one or a list, and words its problems', () => {
    const messages = (value: unknown): string[] =>
      validateScenario(value).problems.map((problem) => problem.message);
    assert.deepEqual(messages({ update: { at: 60, replicas: 3 } }), []);
    assert.deepEqual(messages({ update: { at: -1, replica: 2, images: { app: 7 } } }), [
      'update.replica: unknown field "replica" (did you mean "replicas"?)',
      'update.at: must be a number of seconds of at least 0, not -1',
      'update.images.app: must be a string, not 7',
    ]);
    assert.deepEqual(messages({ update: [{ at: 10 }, 'later'] }), [
      'update[1]: must be a mapping like { at: 120, containers: { app: … } }, or a list of them, not "later"',
    ]);
    assert.deepEqual(messages({ update: { at: 10, replicas: 1000 } }), [
      'update.replicas: must be an integer from 0 to 200, not 1000',
    ]);
  });

  it('words each problem from the node it breaks', () => {
    const messages = (value: unknown): string[] =>
      validateScenario(value).problems.map((problem) => problem.message);
    assert.deepEqual(messages({ containers: { app: { exitAfter: [] } } }), [
      'containers.app.exitAfter: must be a number of seconds, "never", or a non-empty list of them',
    ]);
    assert.deepEqual(messages({ containers: { app: { exitCodes: 3, stopExitCode: 1.5 } } }), [
      'containers.app.exitCodes: must be a non-empty list of exit codes, not 3',
      'containers.app.stopExitCode: must be an integer from 0 to 255, not 1.5',
    ]);
    assert.deepEqual(messages({ containers: { app: { probes: 'x', preStop: 4, restartDelay: 1 } } }), [
      'containers.app.restartDelay: unknown field "restartDelay" (expected one of: exitAfter, exitCode, exitCodes, startSeconds, imagePull, pullSeconds, stopSeconds, stopExitCode, probes, postStart, preStop, addedAt)',
      'containers.app.probes: must be a mapping with liveness, readiness or startup, not "x"',
      'containers.app.preStop: must be a mapping like { seconds: 5, fail: false }, not 4',
    ]);
    assert.deepEqual(messages({ containers: { app: { probes: { startup: [7, { failUntil: 0 }] } } } }), [
      'containers.app.probes.startup[0]: must be a mapping like { failFrom: 30, failUntil: 90 }, not 7',
      'containers.app.probes.startup[1].failUntil: must be greater than failFrom (0)',
    ]);
    assert.deepEqual(messages({ containers: 'app' }), [
      'containers: must be a mapping from container name to its behaviour, not "app"',
    ]);
  });

  it('describes every field', () => {
    for (const [path, node] of nodes(scenarioSchema)) {
      const isBranch = /\/anyOf\/\d+$|\/items$/.test(path);
      assert.ok(isBranch || node.description || node.anyOf, `${path} has no description`);
    }
  });
});
