import type { Scenario } from '../../server/src/simulator/types';

/** A scenario that sets every documented field, for the checker and the schema to accept as it is. */
export const everyScenarioField = {
  duration: 600,
  deleteAt: 300,
  nodeLostAt: 400,
  nodeReturnsAt: 500,
  maxContainerRestartPeriod: 60,
  containers: {
    app: {
      exitAfter: 5,
      exitCode: 1,
      exitCodes: [1, 1, 0],
      startSeconds: 2,
      imagePull: 'fail',
      pullSeconds: 3,
      stopSeconds: 3,
      stopExitCode: 0,
      probes: {
        liveness: { failFrom: 30, failUntil: 90, responseSeconds: 5 },
        readiness: [{ failFrom: 0, failUntil: 20 }, { failFrom: 100 }],
        startup: { failFrom: 0, failUntil: 45 },
      },
      postStart: { seconds: 1, fail: false },
      preStop: { seconds: 5 },
    },
    debugger: { addedAt: 120, exitAfter: 60 },
  },
  update: [
    {
      at: 120,
      containers: { app: { probes: { readiness: { failFrom: 0 } } } },
      images: { app: 'nginx:1.28' },
    },
    { at: 300, replicas: 5 },
  ],
} satisfies Scenario;
