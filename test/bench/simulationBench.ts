/**
 * The simulator at the workload level: a 10-replica Deployment rolled over to a new image, simulated
 * for 30 minutes (every pod run by the kubelet model, the Deployment and ReplicaSet controllers
 * over them). The simulation is a pure function of the core: it is timed in the harness's own
 * process, from the call to its result, as the language server and the CLI call it.
 */
import { simulateWorkload } from '../../server/src/simulator/workloadSimulator';
import { summarize, type Summary } from './statistics';

export interface SimulationPlan {
  warmups: number;
  runs: number;
}

export const fullSimulationPlan: SimulationPlan = { warmups: 5, runs: 30 };
export const smokeSimulationPlan: SimulationPlan = { warmups: 1, runs: 3 };

export interface SimulationResults {
  runs: number;
  /** Wall time of one run. */
  time: Summary;
  /** CPU time of one run (user and system): steadier than the wall time on a busy machine. */
  cpu: Summary;
  /** What one run simulates, to show the work is done. */
  pods: number;
  snapshots: number;
  events: number;
  /** Whether the rollout completed (Progressing NewReplicaSetAvailable with 10 updated replicas). */
  completed: boolean;
}

/** The measured workload: 10 replicas with readiness and liveness probes; a new image at t=300. */
export const benchDeployment = {
  kind: 'Deployment',
  name: 'web',
  spec: { replicas: 10 },
  podSpec: {
    containers: [
      {
        name: 'app',
        image: 'nginx:1.27',
        readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 },
        livenessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 10 },
      },
    ],
  },
};

export const benchScenario = {
  duration: 1800,
  update: { at: 300, containers: { app: { startSeconds: 20 } } },
};

export function measureSimulation(plan: SimulationPlan): SimulationResults {
  const samples: number[] = [];
  const cpuSamples: number[] = [];
  let last: ReturnType<typeof simulateWorkload> | undefined;
  for (let run = 0; run < plan.warmups + plan.runs; run++) {
    const cpuStarted = process.cpuUsage();
    const started = performance.now();
    last = simulateWorkload(benchDeployment, benchScenario);
    const elapsed = performance.now() - started;
    const cpu = process.cpuUsage(cpuStarted);
    if (run >= plan.warmups) {
      samples.push(elapsed);
      cpuSamples.push((cpu.user + cpu.system) / 1000);
    }
  }
  if (!last?.ok) {
    throw new Error(
      `The benchmark's Deployment did not simulate: ${last?.ok === false ? last.error : 'no run'}`,
    );
  }
  const { result } = last;
  const progressing = result.final.conditions.find((condition) => condition.type === 'Progressing');
  return {
    runs: plan.runs,
    time: summarize(samples),
    cpu: summarize(cpuSamples),
    pods: result.pods.length,
    snapshots: result.snapshots.length,
    events: result.events.length,
    completed: progressing?.reason === 'NewReplicaSetAvailable' && result.final.status.updatedReplicas === 10,
  };
}
