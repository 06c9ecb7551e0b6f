/**
 * The bundled custom resource pack in the benchmark: podscope started with the pack (the default
 * setting, `podscope.customResources.bundled: true`) and without it (`false`), cold starts taken
 * in turn. Measured:
 *
 * - start-up: from the spawn to the first diagnostics of a file of built-in kinds (the 2,000-line
 *   workload), opened right after `initialized`, and the server's RSS then;
 * - the first diagnostics of a file of custom resources of four projects (an Argo CD
 *   Application, a cert-manager Certificate, a Gateway API HTTPRoute, a Prometheus
 *   ServiceMonitor), opened next: the time from `didOpen` to its first `publishDiagnostics` (the
 *   pack's index and those projects' schemas are read then), the diagnostics it got, and the
 *   server's RSS after it.
 *
 * Each custom resource holds a misspelled field: a server that checks custom resources reports
 * them; the count says what this build checks.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LanguageServerSession, type ServerSpec } from './languageServerSession';
import { type Summary, summarize } from './statistics';
import type { Workload } from './workloads';

export interface CustomResourcePlan {
  /** Cold starts with the pack, and as many without. */
  coldStarts: number;
}

export const fullCustomResourcePlan: CustomResourcePlan = { coldStarts: 6 };
export const smokeCustomResourcePlan: CustomResourcePlan = { coldStarts: 1 };

export interface CustomResourceSide {
  /** Spawn → the first diagnostics of the built-in workload. */
  startUp: Summary;
  /** VmRSS then. */
  rssAtStartUp: Summary;
  /** didOpen of the custom resource file → its first diagnostics. */
  firstDiagnostics: Summary;
  /** VmRSS after the custom resource file's first diagnostics. */
  rssAfterCustomResources: Summary;
  /** Diagnostics of the custom resource file (the last cold start). */
  diagnosticCount: number;
}

export interface CustomResourceResults {
  coldStarts: number;
  customResources: number;
  with: CustomResourceSide;
  without: CustomResourceSide;
}

/** Four custom resources of the pack's projects, each with one misspelled field. */
export const customResourceWorkload = `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: guestbook
  namespace: argocd
spec:
  project: default
  source:
    repoURL: https://github.com/argoproj/argocd-example-apps.git
    targetRevision: HEAD
    pth: guestbook
  destination:
    server: https://kubernetes.default.svc
    namespace: guestbook
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata:
  name: example-com
spec:
  secretName: example-com-tls
  dnsName:
    - example.com
  issuerRef:
    name: letsencrypt
    kind: ClusterIssuer
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: web
spec:
  parentRefs:
    - name: gateway
  hostname:
    - example.com
  rules:
    - backendRefs:
        - name: web
          port: 80
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  endpoints:
    - port: http
      intervall: 30s
`;

function withBundled(spec: ServerSpec, bundled: boolean): ServerSpec {
  return {
    ...spec,
    name: `${spec.name} (pack ${bundled ? 'on' : 'off'})`,
    configuration: (section) => {
      const settings = spec.configuration(section);
      return section === 'podscope'
        ? { ...(settings as object | null), customResources: { bundled } }
        : settings;
    },
  };
}

export async function measureCustomResources(
  podscope: ServerSpec,
  workload: Workload,
  plan: CustomResourcePlan,
  workDirectory: string,
  log: (message: string) => void,
): Promise<CustomResourceResults> {
  const folder = path.join(workDirectory, 'custom-resources');
  fs.mkdirSync(folder, { recursive: true });
  const builtInFile = path.join(folder, 'workload.yaml');
  const customFile = path.join(folder, 'custom-resources.yaml');
  fs.writeFileSync(builtInFile, workload.text);
  fs.writeFileSync(customFile, customResourceWorkload);
  const builtInUri = pathToFileURL(builtInFile).href;
  const customUri = pathToFileURL(customFile).href;
  const samples = {
    with: {
      startUp: [] as number[],
      rss: [] as number[],
      first: [] as number[],
      rssAfter: [] as number[],
      count: 0,
    },
    without: {
      startUp: [] as number[],
      rss: [] as number[],
      first: [] as number[],
      rssAfter: [] as number[],
      count: 0,
    },
  };
  for (let run = 0; run < plan.coldStarts; run++) {
    // In turn, the side that starts first swapped every run.
    const order = run % 2 === 0 ? (['with', 'without'] as const) : (['without', 'with'] as const);
    for (const side of order) {
      const spec = withBundled(podscope, side === 'with');
      const session = await LanguageServerSession.start(spec, null);
      try {
        const builtIn = session.nextDiagnostics(builtInUri);
        await session.open(builtInUri, workload.text);
        await builtIn;
        samples[side].startUp.push(performance.now() - session.spawnedAt);
        await session.settle(200);
        samples[side].rss.push(session.rss());
        const custom = session.nextDiagnostics(customUri);
        const opened = performance.now();
        await session.open(customUri, customResourceWorkload);
        const published = await custom;
        samples[side].first.push(performance.now() - opened);
        await session.settle(200);
        samples[side].rssAfter.push(session.rss());
        samples[side].count = published.diagnostics.length;
      } finally {
        await session.stop();
      }
    }
  }
  log(`  custom resources: ${plan.coldStarts} cold starts with the pack and ${plan.coldStarts} without`);
  const sideResults = (side: (typeof samples)['with']): CustomResourceSide => ({
    startUp: summarize(side.startUp),
    rssAtStartUp: summarize(side.rss),
    firstDiagnostics: summarize(side.first),
    rssAfterCustomResources: summarize(side.rssAfter),
    diagnosticCount: side.count,
  });
  return {
    coldStarts: plan.coldStarts,
    customResources: 4,
    with: sideResults(samples.with),
    without: sideResults(samples.without),
  };
}
