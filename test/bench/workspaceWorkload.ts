/**
 * The benchmark's workspace: a folder of applications, generated with a seeded PRNG so that every
 * run on every machine indexes the same files. Each application is ten files, a Kustomize base and
 * a production overlay:
 *
 * - `base/workload.yaml`: a Deployment, StatefulSet (with `volumeClaimTemplates`) or Job whose pod
 *   spec refers to the application's ConfigMap, Secret, PersistentVolumeClaim and ServiceAccount
 *   (`envFrom`, `configMapKeyRef`/`secretKeyRef` with keys, `configMap`/`secret`/`projected`/
 *   `persistentVolumeClaim` volumes, `serviceAccountName`, `imagePullSecrets`), to the ConfigMap
 *   its kustomization generates, and to the ConfigMap of another application in the same namespace;
 * - `base/worker.yaml`: a CronJob or Deployment with `envFrom` the same ConfigMap and Secret;
 * - `base/configmap.yaml`, `secret.yaml`, `pvc.yaml`, `serviceaccount.yaml`, `service.yaml`;
 * - `base/kustomization.yaml`: the resources, the `namespace`, a `configMapGenerator` with literals;
 * - `overlays/prod/kustomization.yaml` (`resources: [../../base]`, a strategic-merge patch) and
 *   `overlays/prod/replicas-patch.yaml`, the partial workload it patches.
 *
 * Every reference resolves in the workspace: the workspace rules have nothing to report, so the
 * figures are those of a correct application. The places where navigation is measured are
 * reference names in `base/workload.yaml` files spread over the workspace.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SeededRandom } from './random';
import type { Position } from './workloads';

/** Files per application. */
export const filesPerApplication = 10;

export type NavigationSiteKind =
  | 'configMapKeyRef'
  | 'secretKeyRef'
  | 'serviceAccountName'
  | 'claimName'
  | 'envFrom of another application'
  | 'generated ConfigMap';

/** A reference name where definition, references and rename are asked. */
export interface NavigationSite {
  kind: NavigationSiteKind;
  /** The file holding the reference, relative to the workspace root. */
  file: string;
  /** Inside the referenced name. */
  position: Position;
  name: string;
  /** The file that declares the object, relative to the workspace root. */
  declaredIn: string;
}

export interface WorkspaceWorkload {
  root: string;
  files: number;
  bytes: number;
  applications: number;
  /** The file opened right after `initialized` (a workload of the first application). */
  firstFile: string;
  sites: NavigationSite[];
}

const images = [
  'nginx:1.27.3',
  'redis:7.4.1',
  'postgres:16.6',
  'busybox:1.37.0',
  'registry.k8s.io/pause:3.10',
];
const logLevels = ['debug', 'info', 'warn', 'error'];

/** Writes `count` files (rounded down to whole applications, at least one) under `root`. */
export function generateWorkspace(
  root: string,
  count: number,
  seed: number,
  siteCount: number,
): WorkspaceWorkload {
  const random = new SeededRandom(seed);
  const applications = Math.max(1, Math.floor(count / filesPerApplication));
  const namespaces = Math.max(1, Math.min(8, Math.floor(applications / 2)));
  let bytes = 0;
  let files = 0;
  const write = (relative: string, text: string): void => {
    const full = path.join(root, relative);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
    bytes += Buffer.byteLength(text);
    files++;
  };
  const siteApplications = new Set(
    Array.from({ length: Math.min(siteCount, applications) }, (_, index) =>
      Math.floor((index * applications) / Math.min(siteCount, applications)),
    ),
  );
  const siteKinds: NavigationSiteKind[] = [
    'configMapKeyRef',
    'secretKeyRef',
    'serviceAccountName',
    'claimName',
    'envFrom of another application',
    'generated ConfigMap',
  ];
  const sites: NavigationSite[] = [];
  const appName = (index: number): string => `app-${String(index).padStart(4, '0')}`;
  const folderOf = (index: number): string => `apps/${appName(index)}`;

  for (let index = 0; index < applications; index++) {
    const app = appName(index);
    const namespace = `team-${index % namespaces}`;
    const folder = folderOf(index);
    const kind = (['Deployment', 'Deployment', 'StatefulSet', 'Job'] as const)[index % 4]!;
    // Another application of the same namespace (itself when the namespace has only this one).
    const neighbour = index >= namespaces ? index - namespaces : index;
    const image = random.pick(images);
    const logLevel = random.pick(logLevels);
    const replicas = 1 + random.below(5);
    const port = 8000 + random.below(1000);

    const lines: string[] = [];
    const at: Partial<Record<NavigationSiteKind, { position: Position; name: string; declaredIn: string }>> =
      {};
    /** Appends `prefix + name`, noting where the name is. */
    const reference = (
      siteKind: NavigationSiteKind,
      prefix: string,
      name: string,
      declaredIn: string,
    ): void => {
      at[siteKind] = {
        position: { line: lines.length, character: prefix.length + Math.floor(name.length / 2) },
        name,
        declaredIn,
      };
      lines.push(`${prefix}${name}`);
    };
    lines.push(
      `# ${app}: the application's main workload`,
      kind === 'Job' ? 'apiVersion: batch/v1' : 'apiVersion: apps/v1',
      `kind: ${kind}`,
      'metadata:',
      `  name: ${app}`,
      `  namespace: ${namespace}`,
      '  labels:',
      `    app.kubernetes.io/name: ${app}`,
      'spec:',
    );
    if (kind !== 'Job') {
      lines.push(
        `  replicas: ${replicas}`,
        '  selector:',
        '    matchLabels:',
        `      app.kubernetes.io/name: ${app}`,
      );
    }
    if (kind === 'StatefulSet') {
      lines.push(`  serviceName: ${app}`);
    }
    lines.push(
      '  template:',
      '    metadata:',
      '      labels:',
      `        app.kubernetes.io/name: ${app}`,
      '    spec:',
    );
    reference('serviceAccountName', '      serviceAccountName: ', app, `${folder}/base/serviceaccount.yaml`);
    if (kind === 'Job') {
      lines.push('      restartPolicy: OnFailure');
    }
    lines.push(
      '      imagePullSecrets:',
      `        - name: ${app}-secret`,
      '      containers:',
      `        - name: ${app}`,
    );
    lines.push(
      `          image: ${image}`,
      '          ports:',
      `            - containerPort: ${port}`,
      '              name: http',
    );
    lines.push('          envFrom:', '            - configMapRef:', `                name: ${app}-config`);
    lines.push('            - configMapRef:');
    reference(
      'envFrom of another application',
      '                name: ',
      `${appName(neighbour)}-config`,
      `${folderOf(neighbour)}/base/configmap.yaml`,
    );
    lines.push(
      '            - secretRef:',
      `                name: ${app}-secret`,
      '          env:',
      '            - name: LOG_LEVEL',
      '              valueFrom:',
      '                configMapKeyRef:',
    );
    reference(
      'configMapKeyRef',
      '                  name: ',
      `${app}-config`,
      `${folder}/base/configmap.yaml`,
    );
    lines.push(
      '                  key: LOG_LEVEL',
      '            - name: DB_PASSWORD',
      '              valueFrom:',
      '                secretKeyRef:',
    );
    reference('secretKeyRef', '                  name: ', `${app}-secret`, `${folder}/base/secret.yaml`);
    lines.push(
      '                  key: password',
      '            - name: MODE',
      '              valueFrom:',
      '                configMapKeyRef:',
    );
    reference(
      'generated ConfigMap',
      '                  name: ',
      `${app}-settings`,
      `${folder}/base/kustomization.yaml`,
    );
    lines.push(
      '                  key: mode',
      '          volumeMounts:',
      '            - name: config',
      '              mountPath: /etc/app',
    );
    lines.push(
      '            - name: data',
      '              mountPath: /var/lib/app',
      '            - name: bundle',
      '              mountPath: /etc/bundle',
    );
    lines.push(
      '      volumes:',
      '        - name: config',
      '          configMap:',
      `            name: ${app}-config`,
    );
    lines.push(
      '        - name: bundle',
      '          projected:',
      '            sources:',
      '              - configMap:',
      `                  name: ${app}-config`,
      '              - secret:',
      `                  name: ${app}-secret`,
    );
    if (kind === 'StatefulSet') {
      lines.push(
        '  volumeClaimTemplates:',
        '    - metadata:',
        '        name: data',
        '      spec:',
        '        accessModes: [ReadWriteOnce]',
        '        resources:',
        '          requests:',
        '            storage: 1Gi',
      );
    } else {
      lines.push('        - name: data', '          persistentVolumeClaim:');
      reference('claimName', '            claimName: ', `${app}-data`, `${folder}/base/pvc.yaml`);
    }
    write(`${folder}/base/workload.yaml`, `${lines.join('\n')}\n`);

    const worker =
      index % 2 === 0
        ? [
            'apiVersion: batch/v1',
            'kind: CronJob',
            'metadata:',
            `  name: ${app}-cleanup`,
            `  namespace: ${namespace}`,
            'spec:',
            `  schedule: "${random.below(60)} ${random.below(24)} * * *"`,
            '  jobTemplate:',
            '    spec:',
            '      template:',
            '        spec:',
            '          restartPolicy: OnFailure',
            `          serviceAccountName: ${app}`,
            '          containers:',
            '            - name: cleanup',
            `              image: ${image}`,
            '              envFrom:',
            '                - configMapRef:',
            `                    name: ${app}-config`,
            '                - secretRef:',
            `                    name: ${app}-secret`,
          ]
        : [
            'apiVersion: apps/v1',
            'kind: Deployment',
            'metadata:',
            `  name: ${app}-worker`,
            `  namespace: ${namespace}`,
            'spec:',
            '  replicas: 1',
            '  selector:',
            '    matchLabels:',
            `      app.kubernetes.io/name: ${app}-worker`,
            '  template:',
            '    metadata:',
            '      labels:',
            `        app.kubernetes.io/name: ${app}-worker`,
            '    spec:',
            `      serviceAccountName: ${app}`,
            '      containers:',
            '        - name: worker',
            `          image: ${image}`,
            '          envFrom:',
            '            - configMapRef:',
            `                name: ${app}-config`,
            '            - secretRef:',
            `                name: ${app}-secret`,
          ];
    write(`${folder}/base/worker.yaml`, `${worker.join('\n')}\n`);

    const metadata = (name: string): string[] => [
      'metadata:',
      `  name: ${name}`,
      `  namespace: ${namespace}`,
    ];
    write(
      `${folder}/base/configmap.yaml`,
      [
        'apiVersion: v1',
        'kind: ConfigMap',
        ...metadata(`${app}-config`),
        'data:',
        `  LOG_LEVEL: ${logLevel}`,
        `  FEATURE_FLAGS: "${random.below(1 << 16).toString(16)}"`,
        `  LISTEN_PORT: "${port}"`,
        '',
      ].join('\n'),
    );
    write(
      `${folder}/base/secret.yaml`,
      [
        'apiVersion: v1',
        'kind: Secret',
        ...metadata(`${app}-secret`),
        'type: Opaque',
        'stringData:',
        `  username: ${app}`,
        `  password: "${random.below(1e9).toString(36)}"`,
        '',
      ].join('\n'),
    );
    write(
      `${folder}/base/pvc.yaml`,
      [
        'apiVersion: v1',
        'kind: PersistentVolumeClaim',
        ...metadata(`${app}-data`),
        'spec:',
        '  accessModes: [ReadWriteOnce]',
        '  resources:',
        '    requests:',
        `      storage: ${1 + random.below(20)}Gi`,
        '',
      ].join('\n'),
    );
    write(
      `${folder}/base/serviceaccount.yaml`,
      ['apiVersion: v1', 'kind: ServiceAccount', ...metadata(app), ''].join('\n'),
    );
    write(
      `${folder}/base/service.yaml`,
      [
        'apiVersion: v1',
        'kind: Service',
        ...metadata(app),
        'spec:',
        '  selector:',
        `    app.kubernetes.io/name: ${app}`,
        '  ports:',
        '    - port: 80',
        '      targetPort: http',
        '',
      ].join('\n'),
    );
    write(
      `${folder}/base/kustomization.yaml`,
      [
        'apiVersion: kustomize.config.k8s.io/v1beta1',
        'kind: Kustomization',
        `namespace: ${namespace}`,
        'resources:',
        '  - workload.yaml',
        '  - worker.yaml',
        '  - configmap.yaml',
        '  - secret.yaml',
        '  - pvc.yaml',
        '  - serviceaccount.yaml',
        '  - service.yaml',
        'configMapGenerator:',
        `  - name: ${app}-settings`,
        '    literals:',
        `      - mode=${random.pick(['batch', 'online', 'maintenance'])}`,
        `      - replicas=${replicas}`,
        '',
      ].join('\n'),
    );
    write(
      `${folder}/overlays/prod/kustomization.yaml`,
      [
        'apiVersion: kustomize.config.k8s.io/v1beta1',
        'kind: Kustomization',
        'resources:',
        '  - ../../base',
        'patches:',
        '  - path: replicas-patch.yaml',
        '',
      ].join('\n'),
    );
    write(
      `${folder}/overlays/prod/replicas-patch.yaml`,
      kind === 'Job'
        ? [
            'apiVersion: batch/v1',
            'kind: Job',
            `metadata:`,
            `  name: ${app}`,
            'spec:',
            '  backoffLimit: 2',
            '',
          ].join('\n')
        : [
            'apiVersion: apps/v1',
            `kind: ${kind}`,
            'metadata:',
            `  name: ${app}`,
            'spec:',
            `  replicas: ${replicas + 2}`,
            '',
          ].join('\n'),
    );

    if (siteApplications.has(index)) {
      // The kinds of site rotate over the chosen applications; a StatefulSet has no claimName.
      const available = siteKinds.filter((siteKind) => at[siteKind] !== undefined);
      const siteKind = available[sites.length % available.length]!;
      const found = at[siteKind]!;
      sites.push({ kind: siteKind, file: `${folder}/base/workload.yaml`, ...found });
    }
  }
  return {
    root,
    files,
    bytes,
    applications,
    firstFile: `${folderOf(0)}/base/workload.yaml`,
    sites,
  };
}
