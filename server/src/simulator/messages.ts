import type { Handler, ProbeType } from './types';

/**
 * The kubelet's wording for events, so that a simulated timeline reads like `kubectl describe pod`
 * (pkg/kubelet/events/event.go, pkg/kubelet/prober/prober.go, pkg/kubelet/images/image_manager.go).
 * A simulated pod has no IP address: messages that would show it say `<pod IP>`.
 */

const podIP = '<pod IP>';

/** `Liveness`, `Readiness`, `Startup`, as the prober capitalises them. */
export function probeTitle(probeType: ProbeType): string {
  return probeType.charAt(0).toUpperCase() + probeType.slice(1);
}

/** The output the prober records when a probe fails, by handler. */
export function probeFailureOutput(handler: Handler, appUp: boolean, timeoutSeconds: number): string {
  switch (handler.kind) {
    case 'httpGet': {
      const hostPort = `${podIP}:${handler.port}`;
      return appUp
        ? 'HTTP probe failed with statuscode: 500'
        : `Get "${handler.scheme}://${hostPort}${handler.path}": dial tcp ${hostPort}: connect: connection refused`;
    }
    case 'tcpSocket':
      return `dial tcp ${podIP}:${handler.port}: connect: connection refused`;
    case 'grpc':
      return appUp
        ? 'service unhealthy (responded with "NOT_SERVING")'
        : `timeout: failed to connect service "${podIP}:${handler.port}" within ${timeoutSeconds}s`;
    case 'exec':
      return `command "${handler.command.join(' ')}" exited with 1`;
    case 'sleep':
    case 'none':
      return 'the probe has no handler';
  }
}

/**
 * The output of a probe that timed out, by handler (pkg/probe: http.go and tcp.go return the
 * client's error, exec.go the CRI's "command timed out" error from cri-client remote_runtime.go
 * ExecSync, grpc.go its own words). The simulation never times out a TCP probe: it only opens a
 * connection, which the kernel accepts however slowly the app answers.
 */
export function probeTimeoutOutput(handler: Handler, timeoutSeconds: number): string {
  const timeout = goDuration(timeoutSeconds);
  switch (handler.kind) {
    case 'httpGet':
      return `Get "${handler.scheme}://${podIP}:${handler.port}${handler.path}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`;
    case 'tcpSocket':
      return `dial tcp ${podIP}:${handler.port}: i/o timeout`;
    case 'grpc':
      return `timeout: health rpc did not complete within ${timeout}`;
    case 'exec':
      return `command timed out: "${handler.command.join(' ')}" timed out after ${timeout}`;
    case 'sleep':
    case 'none':
      return 'the probe has no handler';
  }
}

/** A whole number of seconds as Go's time.Duration prints it: `1s`, `1m30s`, `1h0m0s`. */
export function goDuration(totalSeconds: number): string {
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const rest = Number((totalSeconds % 60).toFixed(3));
  if (hours > 0) {
    return `${hours}h${minutes}m${rest}s`;
  }
  return minutes > 0 ? `${minutes}m${rest}s` : `${rest}s`;
}

/** format.Pod: `name_namespace`, as in "Back-off restarting failed container app in pod web_default". */
export function podReference(name: string, namespace: string): string {
  return `${name}_${namespace}`;
}

/** "1st", "2nd", "3rd", "4th", … */
export function ordinal(value: number): string {
  const lastTwo = value % 100;
  const suffix = lastTwo >= 11 && lastTwo <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][value % 10] ?? 'th');
  return `${value}${suffix}`;
}

/** Seconds as the kubelet prints a duration in messages: `1s`, `0.5s`. */
export function seconds(value: number): string {
  return `${Number(value.toFixed(3))}s`;
}
