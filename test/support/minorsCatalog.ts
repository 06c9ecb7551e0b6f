import * as fs from 'node:fs';
import * as path from 'node:path';
import { Catalog } from '../../server/src/catalog/catalog';
import type { CatalogData } from '../../server/src/catalog/catalogData';
import { repoRoot } from './paths';

let shared: Catalog | undefined;

/**
 * The committed catalog (1.30–1.36, with the spans its generator gives) with spans put on a few
 * entries by hand: Lifecycle.stopSignal since 1.33 and Toleration's `Gt`/`Lt`
 * since 1.35 (as Kubernetes has them); PodSpec.workloadRef only in 1.35, and PodSpec.schedulerName
 * required in 1.31–1.33 (made up, to have a removed field and a required field that varies);
 * StatefulSetSpec.serviceName required in the 1.31–1.32 documents (as in Kubernetes);
 * flowcontrol v1beta3 served in 1.31 only (Kubernetes removed it in 1.32).
 */
export function minorsCatalogData(): CatalogData {
  const data = JSON.parse(
    fs.readFileSync(path.join(repoRoot, 'server/generated/catalog.json'), 'utf8'),
  ) as CatalogData;
  // Read as 1.31–1.36 (the generated catalog covers 1.30 too), its own spans kept.
  data.minors = { oldest: 31, newest: 36, sources: { ...data.minors?.sources, '1.36': data.source } };
  const definitions = data.definitions;
  const podSpec = definitions['io.k8s.api.core.v1.PodSpec']!;
  podSpec.properties!.workloadRef = { type: 'string', description: 'A workload.', minors: [35, 35] };
  podSpec.requiredMinors = { schedulerName: [31, 33] };
  // As Kubernetes has it: required in the OpenAPI documents before 1.33 (never by the API server).
  const statefulSetSpec = definitions['io.k8s.api.apps.v1.StatefulSetSpec']!;
  statefulSetSpec.required = statefulSetSpec.required!.filter((name) => name !== 'serviceName');
  statefulSetSpec.requiredMinors = { serviceName: [31, 32] };
  definitions['io.k8s.api.core.v1.Lifecycle']!.properties!.stopSignal!.minors = [33, 36];
  definitions['io.k8s.api.core.v1.Toleration']!.properties!.operator!.enumMinors = {
    Gt: [35, 36],
    Lt: [35, 36],
  };
  for (const kind of data.kinds) {
    if (kind.group === 'flowcontrol.apiserver.k8s.io' && kind.version === 'v1beta3') {
      kind.minors = [31, 31];
    }
  }
  return data;
}

/** {@link minorsCatalogData} as a catalog, loaded once. */
export function minorsCatalog(): Catalog {
  shared ??= Catalog.fromData(minorsCatalogData());
  return shared;
}
