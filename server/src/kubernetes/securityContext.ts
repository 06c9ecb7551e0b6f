/**
 * Security settings as they apply to one container: a field of the container's
 * securityContext, or else the same field of the pod's securityContext (for the fields both
 * have), as the kubelet resolves them. Also the lists the Pod Security Standards use.
 */
import { type PodContainer, type PodView } from './podView';
import { type JsonObject, objectOf } from '../common/guards';
import type { PathSegment } from '../common/paths';

/** Fields of a container's securityContext that the pod's securityContext can set for all. */
export type InheritedSecurityField =
  | 'runAsNonRoot'
  | 'runAsUser'
  | 'runAsGroup'
  | 'seccompProfile'
  | 'seLinuxOptions'
  | 'appArmorProfile'
  | 'windowsOptions';

export interface EffectiveSetting {
  value: unknown;
  /** Where the value is set; undefined when neither the container nor the pod sets it. */
  path: PathSegment[] | undefined;
  from: 'container' | 'pod' | undefined;
}

export function containerSecurityContext(container: PodContainer): JsonObject | undefined {
  return objectOf(container.data.securityContext);
}

export function podSecurityContext(pod: PodView): JsonObject | undefined {
  return objectOf(pod.spec.securityContext);
}

/** The value of a field for a container: its own, or the pod's when it does not set one. */
export function effectiveSetting(
  pod: PodView,
  container: PodContainer,
  field: InheritedSecurityField,
): EffectiveSetting {
  const own = containerSecurityContext(container)?.[field];
  if (own !== undefined && own !== null) {
    return { value: own, path: [...container.path, 'securityContext', field], from: 'container' };
  }
  const inherited = podSecurityContext(pod)?.[field];
  if (inherited !== undefined && inherited !== null) {
    return { value: inherited, path: [...pod.path, 'securityContext', field], from: 'pod' };
  }
  return { value: undefined, path: undefined, from: undefined };
}

/** Windows pods are exempt from the Linux-only controls (capabilities, seccomp, privilege escalation). */
export function isWindowsPod(pod: PodView): boolean {
  return objectOf(pod.spec.os)?.name === 'windows';
}

/** Capabilities a Baseline pod may add: the container runtime's default set. */
export const baselineCapabilities: ReadonlySet<string> = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

/** Sysctls a Baseline pod may set: those the kubelet considers safe (namespaced, isolated). */
export const safeSysctls: ReadonlySet<string> = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
]);

/** SELinux types a Baseline pod may use. */
export const baselineSeLinuxTypes: ReadonlySet<string> = new Set([
  'container_t',
  'container_init_t',
  'container_kvm_t',
  'container_engine_t',
]);

/** Volume types a Restricted pod may use: no host or network storage except through PVCs and CSI. */
export const restrictedVolumeTypes: ReadonlySet<string> = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  // Image volumes are read-only OCI artifacts: allowed since Kubernetes 1.33.
  'image',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);
