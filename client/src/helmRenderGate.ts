/**
 * When "Podscope: Show Rendered Manifest" may run helm: only in a trusted workspace (a chart's
 * templates, values and plugins come from the workspace; helm is a program on the user's
 * machine), and only when the user has turned it on (`podscope.helm.render.enable`, off by
 * default; VS Code ignores a workspace's own value of it and of `podscope.helm.path` until the
 * workspace is trusted: package.json `capabilities.untrustedWorkspaces.restrictedConfigurations`).
 * Pure, so that the refusals are tested without VS Code.
 */

/** Why helm is not run, or undefined when it may be. */
export function helmRenderRefusal(state: { trusted: boolean; enabled: boolean }): string | undefined {
  if (!state.trusted) {
    return 'Podscope runs helm template only in a trusted workspace: the chart comes from the workspace, and helm runs on your machine.';
  }
  if (!state.enabled) {
    return 'Podscope runs helm template only when you turn it on: set podscope.helm.render.enable (and podscope.helm.path if helm is not on PATH).';
  }
  return undefined;
}

/** The helm to run: the setting's path, or `helm` on PATH. */
export function helmExecutable(configured: unknown): string {
  return typeof configured === 'string' && configured.trim() !== '' ? configured.trim() : 'helm';
}
