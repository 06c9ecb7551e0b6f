/**
 * The host side of "Show Rendered Manifest": the output the client rendered with helm, checked
 * with the chart's settings and mapped to the template files it came from (read from the disk
 * here, in the host; the mapping is the pure service/renderedFindings.ts). Nothing here runs helm.
 */
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { PodscopeSettings } from './common/settings';
import { chartTemplates } from './config/chartTemplates';
import type { RenderedFindingsParams, RenderedFindingsResult } from './protocol/helmMessages';
import type { LanguageService } from './service/languageService';
import { mapRenderedFindings } from './service/renderedFindings';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { WorkspaceIndex } from './workspace/workspaceIndex';

/** The settings of a chart are those of its Chart.yaml. */
export function chartSettingsUri(chart: string): string {
  return pathToFileURL(path.join(fileURLToPath(chart), 'Chart.yaml')).href;
}

export function renderedTemplateFindings(
  service: LanguageService,
  workspace: WorkspaceIndex,
  params: RenderedFindingsParams,
  settings: PodscopeSettings,
): RenderedFindingsResult {
  // Its own URI: the rendered document open in the editor keeps its own parse and index entry.
  const uri = `${params.textDocument.uri}#templates`;
  const diagnostics = service.doValidation(TextDocument.create(uri, 'yaml', 1, params.text), settings);
  service.closeDocument(uri);
  workspace.delete(uri);
  const templates = chartTemplates(fileURLToPath(params.chart));
  const { mapped, unmapped } = mapRenderedFindings(params.text, diagnostics, (source) =>
    templates.read(source),
  );
  const byFile = new Map<string, Diagnostic[]>();
  for (const finding of mapped) {
    const file = pathToFileURL(templates.fileOf(finding.source)!).href;
    byFile.set(file, [...(byFile.get(file) ?? []), finding.diagnostic]);
  }
  const count = (origin: string): number => mapped.filter((finding) => finding.origin === origin).length;
  return {
    templates: [...byFile].map(([file, fileDiagnostics]) => ({ uri: file, diagnostics: fileDiagnostics })),
    exact: count('exact'),
    action: count('action'),
    approximate: count('approximate'),
    unmapped: unmapped.length,
  };
}
