import { maxBackOffSeconds, minContainerRestartPeriodSeconds } from './backOff';
import type {
  ContainerScenario,
  ContainerType,
  FailWindow,
  NodeLoss,
  PodAttempt,
  ProbeType,
  Scenario,
  WorkloadUpdate,
} from './types';

/**
 * The one description of a scenario: a JSON Schema (draft-07 keywords) that the checker runs with
 * ajv (scenario.ts) and that the webview builds its scenario form from (client/src/webview). Pure
 * data: the webview bundles it, without ajv.
 *
 * Three annotations of our own ride along; ajv knows them as a vocabulary and ignores them:
 * - `x-expected`: how the checker words "must be …" where the schema alone cannot say it well;
 * - `x-exclusiveMinimumOf`: a number must be greater than a sibling field (or its default);
 * - `x-form`: whether and how the webview's form offers the field.
 *
 * Adding a scenario knob: its type in types.ts (the `satisfies` clauses below fail until the schema
 * has it too), its node here (the checker follows), an `x-form` hint if the form offers it, and its
 * meaning in the simulator.
 */

/**
 * How the webview's form offers a field. With `level`, only the simulation of that level offers
 * it: `pod` for a single pod's knobs (deleteAt, the node's loss), `workload` for the simulated
 * cluster's (nodes, nodeLoss).
 */
export type ScenarioFormHint = (
  | /**
   * A number input; for a value that may also be a word or a list, it edits the number. With
   * `containerTypes`, only containers of those types offer it.
   */
  { control: 'number'; label: string; id?: string; containerTypes?: readonly ContainerType[] }
  /** A text input; emptying it leaves the field out. */
  | { control: 'text'; label: string; placeholder?: string }
  /** A checkbox for an enum: checked is `checked`, unchecked leaves the field out. */
  | { control: 'checkbox'; label: string; checked: string }
  /** A mapping edited through one of its number fields (e.g. a hook's `seconds`). */
  | { control: 'field'; label: string; field: string }
  /** The probes: one "fails from … until …" row per probe, in `order`. */
  | { control: 'windows'; order: readonly string[] }
  /**
   * A list (or a single mapping, for a field that takes either) edited through its first item:
   * one row with a control per field of the item that has a hint. The item is written only when
   * every field in `required` has a value.
   */
  | { control: 'firstItem'; label: string; required: readonly string[] }
  /**
   * A mapping from container name to its behaviour, inside a `firstItem` (an update's new
   * revision): one row of the container controls per container of the pod.
   */
  | { control: 'containers'; label: string }
) & { level?: 'pod' | 'workload' };

/** A JSON Schema node, as far as the scenario uses them. */
export interface ScenarioSchemaNode {
  type?: 'object' | 'array' | 'number' | 'integer' | 'string' | 'boolean';
  description?: string;
  properties?: Readonly<Record<string, ScenarioSchemaNode>>;
  additionalProperties?: false | ScenarioSchemaNode;
  items?: ScenarioSchemaNode;
  minItems?: number;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  enum?: readonly string[];
  const?: string;
  anyOf?: readonly ScenarioSchemaNode[];
  default?: unknown;
  examples?: readonly unknown[];
  'x-expected'?: string;
  'x-exclusiveMinimumOf'?: string;
  'x-form'?: ScenarioFormHint;
}

export const maxDurationSeconds = 86400;
export const defaultDurationSeconds = 600;
/** A workload's simulated cluster: default and most nodes. */
export const defaultNodes = 3;
export const maxNodes = 50;
/** The most replicas a scenario's update may ask for (each replica is a simulated pod). */
export const maxReplicas = 200;

function seconds(description: string, hint?: ScenarioFormHint): ScenarioSchemaNode {
  return { type: 'number', minimum: 0, description, ...(hint ? { 'x-form': hint } : {}) };
}

function exitCode(description: string, hint?: ScenarioFormHint): ScenarioSchemaNode {
  return { type: 'integer', minimum: 0, maximum: 255, description, ...(hint ? { 'x-form': hint } : {}) };
}

const secondsOrNever: ScenarioSchemaNode = {
  anyOf: [seconds('Seconds after the start.'), { const: 'never' }],
};

const failWindow: ScenarioSchemaNode = {
  type: 'object',
  description: 'A probe fails while failFrom <= seconds since the container started < failUntil.',
  properties: {
    failFrom: {
      ...seconds('Default 0.', { control: 'number', label: 'fails from', id: 'from' }),
      default: 0,
    },
    failUntil: {
      ...seconds('Greater than failFrom. Default: the window never closes.', {
        control: 'number',
        label: 'until',
        id: 'until',
      }),
      // Checked beside the schema: JSON Schema cannot compare two fields.
      'x-exclusiveMinimumOf': 'failFrom',
    },
    responseSeconds: seconds(
      "Within the window the probe does not fail outright: the app answers after this many seconds, which fails the probe only when it reaches the probe's timeoutSeconds.",
      { control: 'number', label: 'answers after (s)', id: 'response' },
    ),
  } satisfies Record<keyof FailWindow, ScenarioSchemaNode>,
  additionalProperties: false,
  examples: [{ failFrom: 30, failUntil: 90 }],
};

const failWindows: ScenarioSchemaNode = {
  anyOf: [failWindow, { type: 'array', items: failWindow }],
};

function hook(name: string): ScenarioSchemaNode {
  return {
    type: 'object',
    description: `How the ${name} hook behaves.`,
    properties: {
      seconds: seconds('How long the hook runs.'),
      fail: { type: 'boolean', description: 'The hook fails.' },
    },
    additionalProperties: false,
    examples: [{ seconds: 5, fail: false }],
    'x-form': { control: 'field', label: `${name} (s)`, field: 'seconds' },
  };
}

const containerScenario: ScenarioSchemaNode = {
  type: 'object',
  description: 'How one container behaves. The defaults make a healthy container.',
  'x-expected': "a mapping of the container's behaviour",
  properties: {
    exitAfter: {
      description:
        'The process exits this many seconds after each start; "never" keeps it running; a list gives one value per run, the last repeating.',
      anyOf: [
        ...(secondsOrNever.anyOf ?? []),
        {
          type: 'array',
          minItems: 1,
          items: secondsOrNever,
          'x-expected': 'a number of seconds, "never", or a non-empty list of them',
        },
      ],
      'x-form': { control: 'number', label: 'exit after (s)' },
    },
    exitCode: exitCode('Exit code of every run. Default 0.', { control: 'number', label: 'exit code' }),
    exitCodes: {
      type: 'array',
      description: 'Exit code per run, the last one repeating. Overrides exitCode.',
      minItems: 1,
      items: exitCode('Exit code of one run.'),
      'x-expected': 'a non-empty list of exit codes',
    },
    startSeconds: seconds('Seconds from start until the app answers. Default 0.'),
    imagePull: {
      type: 'string',
      enum: ['ok', 'fail'],
      description: 'Default ok.',
      'x-form': { control: 'checkbox', label: 'image pull fails', checked: 'fail' },
    },
    pullSeconds: seconds('How long the first pull of the image takes. Default 1.'),
    stopSeconds: seconds('Seconds the process takes to exit after SIGTERM. Default 0.'),
    stopExitCode: exitCode('Exit code after the stop signal. Default 143.'),
    probes: {
      type: 'object',
      description: 'When each probe fails.',
      properties: {
        liveness: failWindows,
        readiness: failWindows,
        startup: failWindows,
      } satisfies Record<ProbeType, ScenarioSchemaNode>,
      additionalProperties: false,
      // The order a container goes through them.
      'x-form': { control: 'windows', order: ['startup', 'liveness', 'readiness'] },
    },
    postStart: hook('postStart'),
    preStop: hook('preStop'),
    addedAt: seconds(
      'For an ephemeral container: when kubectl debug adds it to the pod. Default 0. Ignored for other containers.',
      { control: 'number', label: 'added at (s)', containerTypes: ['ephemeral'] },
    ),
  } satisfies Record<keyof ContainerScenario, ScenarioSchemaNode>,
  additionalProperties: false,
};

/** One pod of a Job: its containers' behaviour. */
const podAttempt: ScenarioSchemaNode = {
  type: 'object',
  description:
    "How one pod of a Job behaves: its containers' behaviour, replacing `containers` for those named.",
  properties: {
    containers: {
      type: 'object',
      description: 'Container name → how it behaves in this pod.',
      additionalProperties: containerScenario,
      'x-expected': 'a mapping from container name to its behaviour',
    },
  } satisfies Record<keyof PodAttempt, ScenarioSchemaNode>,
  additionalProperties: false,
};

const podAttempts: ScenarioSchemaNode = {
  type: 'array',
  description: 'The pods, in the order the Job creates them, the last repeating.',
  minItems: 1,
  items: podAttempt,
  examples: [[{ containers: { worker: { exitCode: 1 } } }, {}]],
  'x-expected': 'a non-empty list of pods, each a mapping with containers',
};

const workloadUpdate: ScenarioSchemaNode = {
  type: 'object',
  description: 'A change of the workload at a time: a new pod template (a new revision), a scale, or both.',
  properties: {
    at: seconds('When the change is applied.', { control: 'number', label: 'at (s)' }),
    containers: {
      type: 'object',
      description:
        "How the new revision's containers behave, by name, in place of the previous revision's (the containers not named behave as before).",
      additionalProperties: containerScenario,
      'x-expected': 'a mapping from container name to its behaviour',
      'x-form': { control: 'containers', label: 'new revision:' },
    },
    images: {
      type: 'object',
      description:
        "The new revision's images, by container name. Default: each app container's repository with the tag revision-N.",
      additionalProperties: { type: 'string', description: 'An image reference.' },
      'x-expected': 'a mapping from container name to an image',
    },
    replicas: {
      type: 'integer',
      minimum: 0,
      maximum: maxReplicas,
      description: 'The new spec.replicas (a scale). Alone, it changes no template.',
      'x-form': { control: 'number', label: 'replicas' },
    },
  } satisfies Record<keyof WorkloadUpdate, ScenarioSchemaNode>,
  additionalProperties: false,
  examples: [{ at: 120, containers: { app: { probes: { readiness: { failFrom: 0 } } } } }],
  'x-expected': 'a mapping like { at: 120, containers: { app: … } }, or a list of them',
};

export const scenarioSchema: ScenarioSchemaNode = {
  type: 'object',
  description: 'The behaviour a manifest cannot know. Times are seconds from the creation of the pod.',
  properties: {
    duration: {
      type: 'number',
      exclusiveMinimum: 0,
      maximum: maxDurationSeconds,
      default: defaultDurationSeconds,
      description: 'Seconds simulated.',
      'x-form': { control: 'number', label: 'duration (s)' },
    },
    deleteAt: seconds("The pod's deletion is requested at this time.", {
      control: 'number',
      label: 'delete at (s)',
      level: 'pod',
    }),
    nodeLostAt: seconds('The node stops reporting at this time.', {
      control: 'number',
      label: 'node lost at (s)',
      level: 'pod',
    }),
    nodeReturnsAt: {
      ...seconds(
        'The lost node reports again at this time: its kubelet carries out a pending deletion, or resumes the pod. Greater than nodeLostAt.',
        { control: 'number', label: 'node returns at (s)', level: 'pod' },
      ),
      // Checked beside the schema: JSON Schema cannot compare two fields.
      'x-exclusiveMinimumOf': 'nodeLostAt',
    },
    maxContainerRestartPeriod: {
      type: 'number',
      minimum: minContainerRestartPeriodSeconds,
      maximum: maxBackOffSeconds,
      default: maxBackOffSeconds,
      description:
        "The node's cap on the container restart back-off (kubelet configuration crashLoopBackOff.maxContainerRestartPeriod, feature gate KubeletCrashLoopBackOffMax).",
      'x-form': { control: 'number', label: 'back-off cap (s)' },
    },
    containers: {
      type: 'object',
      description: 'The behaviour of each container, by name.',
      additionalProperties: containerScenario,
      'x-expected': 'a mapping from container name to its behaviour',
    },
    nodes: {
      type: 'integer',
      minimum: 1,
      maximum: maxNodes,
      default: defaultNodes,
      description:
        "For a workload: the simulated cluster's nodes, node-1 … node-N (a DaemonSet runs a pod on each).",
      'x-form': { control: 'number', label: 'nodes', level: 'workload' },
    },
    nodeLoss: {
      type: 'array',
      description: 'For a workload: nodes that stop reporting, and may report again.',
      items: {
        type: 'object',
        properties: {
          node: {
            type: 'string',
            description: 'The node: node-1 … node-N.',
            'x-form': { control: 'text', label: 'node', placeholder: 'node-1' },
          },
          at: seconds('When the node stops reporting.', { control: 'number', label: 'lost at (s)' }),
          returnsAt: {
            ...seconds('When it reports again. Greater than at.', {
              control: 'number',
              label: 'returns at (s)',
            }),
            'x-exclusiveMinimumOf': 'at',
          },
        } satisfies Record<keyof NodeLoss, ScenarioSchemaNode>,
        additionalProperties: false,
        examples: [{ node: 'node-2', at: 120 }],
      },
      'x-expected': 'a list of nodes lost, each with node and at',
      'x-form': { control: 'firstItem', label: 'node loss:', required: ['node', 'at'], level: 'workload' },
    },
    attempts: {
      ...podAttempts,
      description:
        "For a Job (and each Job of a CronJob): how its pods behave, one per pod created, in order (an Indexed Job's per completion index), the last repeating.",
    },
    indexes: {
      type: 'object',
      description:
        'For an Indexed Job: the pods of a completion index, in order, the last repeating ("2": [...]).',
      additionalProperties: podAttempts,
      'x-expected': 'a mapping from completion index to a list of pods',
    },
    startTime: {
      type: 'string',
      description:
        'For a CronJob: when it is created, as an ISO 8601 date and time with its offset (2026-03-28T20:00:00Z). Default 2026-01-05T00:00:00Z.',
      examples: ['2026-03-28T20:00:00Z'],
    },
    assert: {
      type: 'array',
      description:
        'Assertions that podscope simulate checks against the result (exit code 1 when one fails): ready-within 60s, no-restarts, completes-within 10m, rollout-completes-within 5m, never-below 2 ready, fails, no-evictions.',
      items: { type: 'string', description: 'One assertion, e.g. ready-within 60s.' },
      'x-expected': 'a list of assertions such as "ready-within 60s"',
      examples: [['ready-within 60s', 'never-below 2 ready']],
    },
    update: {
      description:
        'For a Deployment, ReplicaSet, StatefulSet or DaemonSet: changes while it runs, one or a list. An update with containers or images (or without replicas) changes the pod template, as kubectl set image would: a new revision whose pods behave as containers says; replicas scales.',
      anyOf: [workloadUpdate, { type: 'array', items: workloadUpdate }],
      'x-form': { control: 'firstItem', label: 'update:', required: ['at'], level: 'workload' },
    },
  } satisfies Record<keyof Scenario, ScenarioSchemaNode>,
  additionalProperties: false,
};
