/**
 * Times of the simulation as kubectl prints ages, shared by the CLI's text timeline and the
 * simulator webview. Pure: the webview bundles it.
 */

/**
 * A duration as kubectl prints ages (k8s.io/apimachinery duration.HumanDuration): `45s`, `119s`,
 * `2m5s`, … Unlike kubectl, it never rounds: `10m45s` rather than `10m`, and `1h2m3s`.
 */
export function formatAge(value: number): string {
  if (value < 120) {
    return `${Number(value.toFixed(3))}s`;
  }
  const whole = Math.floor(value);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const secondsPart = Number(((whole % 60) + (value - whole)).toFixed(3));
  return (
    (hours > 0 ? `${hours}h` : '') +
    (minutes > 0 || (hours > 0 && secondsPart > 0) ? `${minutes}m` : '') +
    (secondsPart > 0 ? `${secondsPart}s` : '')
  );
}

/** kubectl's RESTARTS column at time `t`: `3`, or `3 (20s ago)` once a container has restarted. */
export function formatRestarts(restarts: number, lastRestartAt: number | null, t: number): string {
  return restarts > 0 && lastRestartAt !== null
    ? `${restarts} (${formatAge(Math.max(0, t - lastRestartAt))} ago)`
    : String(restarts);
}
