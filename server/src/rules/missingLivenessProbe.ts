/**
 * missing-liveness-probe: an app container without a liveness probe. A container that hangs
 * (a deadlock, an exhausted pool) keeps running and is never restarted. Only a hint: a liveness
 * probe that checks too much does more harm than none (see identical-liveness-readiness).
 */
import { missingProbeRule } from './missingProbe';

export const missingLivenessProbe = missingProbeRule(
  'missing-liveness-probe',
  'livenessProbe',
  'hint',
  'An app container has no liveness probe.',
  'if it hangs, nothing restarts it',
);
