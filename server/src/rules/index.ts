/** Every built-in rule, in the order their findings are reported. */
import { containerRestartPolicy } from './containerRestartPolicy';
import { crdInvalidSchema } from './crdInvalidSchema';
import { crdInvalidSpec } from './crdInvalidSpec';
import { crdInvalidVersions } from './crdInvalidVersions';
import { crdNonStructuralSchema } from './crdNonStructuralSchema';
import { deprecatedServiceAccountField } from './deprecatedServiceAccountField';
import { duplicateContainerName } from './duplicateContainerName';
import { duplicateEnvVar } from './duplicateEnvVar';
import { duplicatePortName } from './duplicatePortName';
import { duplicateVolumeName } from './duplicateVolumeName';
import { envSecretLiteral } from './envSecretLiteral';
import { ephemeralContainerFields } from './ephemeralContainerFields';
import { identicalLivenessReadiness } from './identicalLivenessReadiness';
import { imageLatestTag } from './imageLatestTag';
import { initContainerFields } from './initContainerFields';
import { invalidName } from './invalidName';
import { missingLivenessProbe } from './missingLivenessProbe';
import { missingReadinessProbe } from './missingReadinessProbe';
import { missingResources } from './missingResources';
import { portConflict } from './portConflict';
import { prestopExceedsGrace } from './prestopExceedsGrace';
import { probeHandlerCount } from './probeHandlerCount';
import { probePortUndeclared } from './probePortUndeclared';
import { probeSuccessThreshold } from './probeSuccessThreshold';
import { probeTimeoutExceedsPeriod } from './probeTimeoutExceedsPeriod';
import { pssAppArmor } from './pssAppArmor';
import { pssCapabilities } from './pssCapabilities';
import { pssHostNamespaces } from './pssHostNamespaces';
import { pssHostPath } from './pssHostPath';
import { pssHostPorts } from './pssHostPorts';
import { pssHostProcess } from './pssHostProcess';
import { pssPrivilegeEscalation } from './pssPrivilegeEscalation';
import { pssPrivileged } from './pssPrivileged';
import { pssProcMount } from './pssProcMount';
import { pssRunAsNonRoot } from './pssRunAsNonRoot';
import { pssRunAsUser } from './pssRunAsUser';
import { pssSeccomp } from './pssSeccomp';
import { pssSeLinux } from './pssSeLinux';
import { pssSysctls } from './pssSysctls';
import { pssVolumeTypes } from './pssVolumeTypes';
import { readOnlyRootFilesystem } from './readOnlyRootFilesystem';
import { requestsExceedLimits } from './requestsExceedLimits';
import type { Rule } from './rule';
import { selectorMismatch } from './selectorMismatch';
import { slowStartWithoutStartupProbe } from './slowStartWithoutStartupProbe';
import { unknownVolume } from './unknownVolume';
import { unusedVolume } from './unusedVolume';
import { workloadActiveDeadline } from './workloadActiveDeadline';
import { workloadRestartPolicy } from './workloadRestartPolicy';
import { yaml11BooleanString } from './yaml11BooleanString';

export const builtinRules: readonly Rule[] = [
  // Rejected by the API server.
  yaml11BooleanString,
  invalidName,
  duplicateContainerName,
  duplicatePortName,
  duplicateVolumeName,
  unknownVolume,
  probeHandlerCount,
  probeSuccessThreshold,
  initContainerFields,
  ephemeralContainerFields,
  containerRestartPolicy,
  workloadRestartPolicy,
  workloadActiveDeadline,
  selectorMismatch,
  requestsExceedLimits,
  // CustomResourceDefinitions rejected by the API server.
  crdInvalidSpec,
  crdInvalidVersions,
  crdInvalidSchema,
  crdNonStructuralSchema,
  // Behaviour that surprises people.
  portConflict,
  probePortUndeclared,
  probeTimeoutExceedsPeriod,
  identicalLivenessReadiness,
  slowStartWithoutStartupProbe,
  prestopExceedsGrace,
  imageLatestTag,
  duplicateEnvVar,
  envSecretLiteral,
  deprecatedServiceAccountField,
  missingResources,
  // Pod Security Standards: Baseline, then Restricted; then read-only root filesystems.
  pssPrivileged,
  pssHostNamespaces,
  pssHostPath,
  pssHostPorts,
  pssHostProcess,
  pssCapabilities,
  pssSeccomp,
  pssAppArmor,
  pssSeLinux,
  pssProcMount,
  pssSysctls,
  pssPrivilegeEscalation,
  pssRunAsNonRoot,
  pssRunAsUser,
  pssVolumeTypes,
  readOnlyRootFilesystem,
  // Advice.
  missingReadinessProbe,
  missingLivenessProbe,
  unusedVolume,
];
