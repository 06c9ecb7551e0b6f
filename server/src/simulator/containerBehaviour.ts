import { runsToCompletion } from '../kubernetes/workloads';
import type { Behaviour, Container } from './podState';
import type {
  ContainerScenario,
  FailWindow,
  NormalizedContainer,
  NormalizedPod,
  ProbeType,
  Scenario,
} from './types';

/**
 * The pod's containers as the simulation starts them: each with its behaviour, which is its
 * scenario with the defaults applied. Parts of a scenario that do not fit the pod become warnings.
 */

/** Default run time of a container that runs to completion (regular init containers, Job pods). */
const defaultTaskSeconds = 10;

export function createContainers(pod: NormalizedPod, scenario: Scenario, warnings: string[]): Container[] {
  const specs = [...pod.initContainers, ...pod.containers, ...pod.ephemeralContainers];
  const known = new Set(specs.map((spec) => spec.name));
  for (const name of Object.keys(scenario.containers ?? {})) {
    if (!known.has(name)) {
      warnings.push(`scenario: unknown container "${name}" (the pod has: ${[...known].join(', ')}); ignored`);
    }
  }
  return specs.map((spec, specIndex) => ({
    spec,
    specIndex,
    behaviour: behaviourOf(pod, spec, scenario.containers?.[spec.name], warnings),
    state: 'waiting',
    reason: null,
    exitCode: null,
    restartCount: 0,
    started: false,
    ready: false,
    lastState: null,
    terminated: null,
    runs: 0,
    run: null,
    lastExit: null,
    pulling: false,
    note: null,
    announcedRetryAt: null,
    added: spec.type !== 'ephemeral',
  }));
}

function behaviourOf(
  pod: NormalizedPod,
  spec: NormalizedContainer,
  scenario: ContainerScenario | undefined,
  warnings: string[],
): Behaviour {
  const where = `scenario: container ${spec.name}`;
  for (const probeType of ['liveness', 'readiness', 'startup'] as const) {
    if (scenario?.probes?.[probeType] !== undefined && !spec.probes[probeType]) {
      warnings.push(`${where} has no ${probeType}Probe; its probes.${probeType} is ignored`);
    }
    const slow = [scenario?.probes?.[probeType] ?? []]
      .flat()
      .some((window) => window.responseSeconds !== undefined);
    if (slow && spec.probes[probeType]?.handler.kind === 'tcpSocket') {
      // pkg/probe/tcp DoTCPProbe only dials: the kernel completes the connection however slowly
      // the app answers requests.
      warnings.push(
        `${where}: its ${probeType}Probe is a tcpSocket probe, which only opens a connection (the kernel accepts it however slow the app is): it passes within windows with responseSeconds`,
      );
    }
  }
  for (const hook of ['postStart', 'preStop'] as const) {
    if (scenario?.[hook] !== undefined && !spec[hook]) {
      warnings.push(`${where} has no ${hook} hook; its ${hook} is ignored`);
    }
  }
  if (scenario?.addedAt !== undefined && spec.type !== 'ephemeral') {
    warnings.push(`${where} is not an ephemeral container; its addedAt is ignored`);
  }
  // Regular init containers and the app containers of Jobs run to completion by default.
  const completes = spec.type === 'init' || (spec.type === 'app' && runsToCompletion(pod.kind));
  const windows = (probeType: ProbeType): FailWindow[] => {
    const value = scenario?.probes?.[probeType];
    return value === undefined ? [] : Array.isArray(value) ? value : [value];
  };
  const hookSeconds = (hook: 'postStart' | 'preStop'): number => {
    const handler = spec[hook];
    // A `sleep` hook's duration is in the manifest.
    return scenario?.[hook]?.seconds ?? (handler?.kind === 'sleep' ? handler.seconds : 0);
  };
  const exitAfter = scenario?.exitAfter ?? (completes ? defaultTaskSeconds : 'never');
  return {
    exitAfter: (Array.isArray(exitAfter) ? exitAfter : [exitAfter]).map((run) =>
      run === 'never' ? null : run,
    ),
    exitCodes: scenario?.exitCodes ?? [scenario?.exitCode ?? 0],
    startSeconds: scenario?.startSeconds ?? 0,
    imagePullFails: scenario?.imagePull === 'fail',
    pullSeconds: scenario?.pullSeconds ?? 1,
    stopSeconds: scenario?.stopSeconds ?? 0,
    stopExitCode: scenario?.stopExitCode ?? 143,
    probes: { liveness: windows('liveness'), readiness: windows('readiness'), startup: windows('startup') },
    postStart: { seconds: hookSeconds('postStart'), fail: scenario?.postStart?.fail ?? false },
    preStop: { seconds: hookSeconds('preStop'), fail: scenario?.preStop?.fail ?? false },
    addedAt: spec.type === 'ephemeral' ? (scenario?.addedAt ?? 0) : 0,
  };
}
