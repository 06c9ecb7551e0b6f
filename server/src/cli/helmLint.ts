/**
 * `podscope lint --helm <chart> [-f values.yaml]…`: runs `helm template` on the chart (helm
 * must be on PATH), checks the rendered output as any manifest, and reports each finding at the
 * template line it came from (service/renderedFindings.ts; yaml/helmSourceMap.ts says how exact).
 */
import type { PartialSettings } from '../common/settings';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Catalog } from '../catalog/catalog';
import { defaultCatalogPath } from '../catalog/catalogLocation';
import {
  helmFailureMessage,
  helmMaxOutput,
  helmTemplateArguments,
  helmTimeoutMs,
} from '../common/helmTemplate';
import { chartTemplates } from '../config/chartTemplates';
import type { SettingsResolver } from '../config/settingsResolver';
import { loadPrecompiledValidators } from '../schema/precompiledValidators';
import { getLanguageService } from '../service/languageService';
import { mapRenderedFindings, type RenderedFindings } from '../service/renderedFindings';
import { resourcesOf } from '../workspace/fileResources';
import { WorkspaceIndex } from '../workspace/workspaceIndex';
import { ManifestParser } from '../yaml/manifestFile';

/** `helm template` on a chart: no shell, the arguments as an array, a timeout. */
export function runHelmTemplate(
  chart: string,
  valuesFiles: readonly string[],
): { ok: true; output: string } | { ok: false; message: string } {
  const result = spawnSync('helm', helmTemplateArguments(chart, valuesFiles), {
    encoding: 'utf8',
    timeout: helmTimeoutMs,
    maxBuffer: helmMaxOutput,
    windowsHide: true,
  });
  const failure: NodeJS.ErrnoException | undefined = result.error;
  const message = helmFailureMessage(
    'helm',
    chart,
    {
      ...(failure?.code !== undefined ? { errorCode: failure.code } : {}),
      status: result.status,
      stderr: result.stderr ?? '',
      ...(failure ? { errorMessage: failure.message } : {}),
    },
    '--helm runs `helm template` on the chart: install helm and put it on PATH.',
  );
  return message === undefined ? { ok: true, output: result.stdout } : { ok: false, message };
}

/** The rendered output checked, and its findings mapped to the chart's templates. */
export function checkRenderedChart(
  chartDir: string,
  output: string,
  resolver: SettingsResolver,
  log: (message: string) => void,
  bundledCustomResources: Parameters<typeof getLanguageService>[0]['bundledCustomResources'],
  /** Settings from the command line over the project's (`--kubernetes-version`). */
  overrides: PartialSettings = {},
): RenderedFindings {
  const chartUri = pathToFileURL(path.resolve(chartDir, 'Chart.yaml')).href;
  const settings = resolver.resolve(chartUri, overrides);
  const uri = `podscope-helm:${pathToFileURL(path.resolve(chartDir)).pathname}/helm-template.yaml`;
  // The rendered output is the workspace: the rules across files look up what it holds.
  const workspace = new WorkspaceIndex();
  workspace.set(uri, resourcesOf(uri, new ManifestParser().parse(output)));
  workspace.complete = true;
  const precompiledValidators = loadPrecompiledValidators();
  const service = getLanguageService({
    catalog: Catalog.load(defaultCatalogPath()),
    workspace,
    ...(bundledCustomResources ? { bundledCustomResources } : {}),
    ...(precompiledValidators ? { precompiledValidators } : {}),
    log,
  });
  const diagnostics = service.doValidation(TextDocument.create(uri, 'yaml', 1, output), settings);
  const templates = chartTemplates(chartDir);
  return mapRenderedFindings(output, diagnostics, (source) => templates.read(source));
}

/** The findings of a rendered chart as lint findings: at the template files, or in the output. */
export function renderedLintFindings<Finding>(
  chartDir: string,
  rendered: RenderedFindings,
  toFinding: (file: string, diagnostic: RenderedFindings['unmapped'][number]) => Finding,
): Finding[] {
  const reader = chartTemplates(chartDir);
  const outputName = `${chartDir} (helm template output)`;
  return [
    ...rendered.mapped.map((finding) => {
      const file = reader.fileOf(finding.source)!;
      return toFinding(path.relative(process.cwd(), file) || file, finding.diagnostic);
    }),
    ...rendered.unmapped.map((diagnostic) => toFinding(outputName, diagnostic)),
  ];
}

/** The first line of the text report: what was rendered, and how exactly the findings were placed. */
export function renderedSummary(chartDir: string, rendered: RenderedFindings): string {
  const count = (origin: string): number =>
    rendered.mapped.filter((finding) => finding.origin === origin).length;
  return (
    `Checked the output of "helm template ${chartDir}": ${rendered.mapped.length} finding(s) at template lines ` +
    `(${count('exact')} on the line's own text, ${count('action')} on the action that printed it, ` +
    `${count('approximate')} approximate), ${rendered.unmapped.length} left in the rendered output.\n`
  );
}
