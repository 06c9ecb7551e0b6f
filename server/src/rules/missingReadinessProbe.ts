/**
 * missing-readiness-probe: an app container without a readiness probe. A Service then sends it
 * traffic as soon as it starts, before it can answer, and during a rolling update the old pods
 * are removed before the new ones work.
 */
import { missingProbeRule } from './missingProbe';

export const missingReadinessProbe = missingProbeRule(
  'missing-readiness-probe',
  'readinessProbe',
  'information',
  'An app container has no readiness probe.',
  'it gets traffic as soon as it starts, ready or not',
);
