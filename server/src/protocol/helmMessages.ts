/**
 * The messages of "Podscope: Show Rendered Manifest", defined once for the server and the client.
 * The client runs `helm template` (only in a trusted workspace, with `podscope.helm.render.enable`
 * set); the server never runs helm: it checks the output the client sends and maps the findings
 * back to the chart's templates.
 */
import { RequestType } from 'vscode-languageserver-protocol';
import type { Diagnostic } from 'vscode-languageserver-types';

export interface RenderedFindingsParams {
  /** The URI of the rendered document (the client's read-only `podscope-helm:` document). */
  textDocument: { uri: string };
  /** The output of `helm template`. */
  text: string;
  /** The chart's folder, as a file URI. */
  chart: string;
}

export interface RenderedFindingsResult {
  /** The findings of the output at the template lines they came from, by template file URI. */
  templates: { uri: string; diagnostics: Diagnostic[] }[];
  /** How many findings were placed on a line's own text, on the action that printed it, or approximately. */
  exact: number;
  action: number;
  approximate: number;
  /** How many stay in the rendered document only (no template file: a packaged subchart). */
  unmapped: number;
}

export namespace RenderedFindingsRequest {
  export const method = 'podscope/renderedFindings';
  /** Client → server: the findings of a chart's rendered output, at its templates' lines. */
  export const type = new RequestType<RenderedFindingsParams, RenderedFindingsResult, void>(method);
}

/** The client command, and the scheme of its read-only rendered documents. */
export const showRenderedManifestCommand = 'podscope.showRenderedManifest';
export const helmRenderedScheme = 'podscope-helm';
