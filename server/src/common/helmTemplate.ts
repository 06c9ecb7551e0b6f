/**
 * How Podscope runs `helm template`, shared by the hosts that run it (the CLI's `lint --helm`
 * and the VS Code client's "Show Rendered Manifest"; the language server never does): the
 * arguments and what a failure tells the user. Pure: the hosts start the process.
 *
 * `helm template <release> <chart> [-f values]…` renders the chart locally (no cluster, no
 * `--dependency-update`: nothing is fetched; a chart whose dependencies are missing fails with
 * helm's own message). Helm reads `-f` files in order, the last winning (helm docs, "Values Files").
 */

/** The release name helm itself uses when none is given (`helm template`'s default). */
export const helmReleaseName = 'release-name';

/** A render that takes longer is stopped. */
export const helmTimeoutMs = 60_000;

/** At most this much output is read. */
export const helmMaxOutput = 256 * 1024 * 1024;

/** The arguments of `helm template` for a chart folder and its values files (no shell: an array). */
export function helmTemplateArguments(chart: string, valuesFiles: readonly string[]): string[] {
  return ['template', helmReleaseName, chart, ...valuesFiles.flatMap((file) => ['-f', file])];
}

/** How a helm run ended, as the hosts' process APIs tell it. */
export interface HelmRunEnd {
  /** The error code of a process that could not start or was stopped (`ENOENT`, `ETIMEDOUT`). */
  errorCode?: string;
  /** Stopped by the timeout (a signal). */
  killed?: boolean;
  status: number | null;
  stderr: string;
  errorMessage?: string;
}

/**
 * What to tell the user when a run failed; undefined when it succeeded. `notFound` says what to
 * do when there is no helm (each host has its own way to name it).
 */
export function helmFailureMessage(
  helm: string,
  chart: string,
  end: HelmRunEnd,
  notFound: string,
): string | undefined {
  if (end.errorCode === 'ENOENT') {
    return `helm was not found (${helm}): ${notFound}`;
  }
  if (end.errorCode === 'ETIMEDOUT' || end.killed) {
    return `helm template ${chart} took longer than ${helmTimeoutMs / 1000} s and was stopped.`;
  }
  if (end.errorCode !== undefined || end.status !== 0) {
    const reason = end.stderr.trim() || end.errorMessage || `exit code ${end.status}`;
    return `helm template ${chart} failed:\n${reason}`;
  }
  return undefined;
}
