/**
 * `podscope lint <files or dirs…> [--format text|json|sarif]`: the editor's diagnostics, for CI.
 * `podscope lint --kustomize <dir>` lints what `kubectl kustomize <dir>` builds instead.
 * Exits 1 when any error is found.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { Catalog } from '../catalog/catalog';
import type { CustomResourcePack } from '../catalog/customResourcePack';
import { customResourcePackFrom } from '../catalog/customResourcePackLocation';
import type { CustomResourceSchemas } from '../common/customResources';
import type { PartialSettings, PodscopeSettings } from '../common/settings';
import { defaultCatalogPath } from '../catalog/catalogLocation';
import { pathKindOnDisk } from '../config/pathKind';
import { SettingsResolver } from '../config/settingsResolver';
import { loadPrecompiledValidators } from '../schema/precompiledValidators';
import { ruleDocumentationUrl } from '../rules/ruleDocumentation';
import { getLanguageService, type LanguageService, maxFileSize } from '../service/languageService';
import { everyRule } from '../service/ruleRegistry';
import { isKustomizationPath } from '../kubernetes/kustomization';
import { resourcesOf } from '../workspace/fileResources';
import { WorkspaceIndex } from '../workspace/workspaceIndex';
import { splitRenderedSources } from '../yaml/helmSourceMap';
import { looksLikeKubernetes, ManifestParser } from '../yaml/manifestFile';
import type { CliIo } from './cliIo';
import { parseFormatOptions } from './formatOptions';
import { checkRenderedChart, renderedLintFindings, renderedSummary, runHelmTemplate } from './helmLint';
import { kubernetesVersionArgument, lazyCatalog } from './kubernetesVersionOption';

export interface LintFinding {
  file: string;
  range: Diagnostic['range'];
  severity: 'error' | 'warning' | 'information' | 'hint';
  code: string;
  message: string;
  source: string;
}

const severityNames: Record<DiagnosticSeverity, LintFinding['severity']> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'information',
  [DiagnosticSeverity.Hint]: 'hint',
};

const usage = `Usage: podscope lint <files or directories…> [--format text|json|sarif] [--no-bundled-crds]
                    [--kubernetes-version <1.x>]
       podscope lint --kustomize <directory> [--format text|json|sarif] [--no-bundled-crds]
       podscope lint --helm <chart> [-f values.yaml]… [--format text|json|sarif] [--no-bundled-crds]

Checks Kubernetes manifests (*.yaml, *.yml; directories are searched recursively) and
prints what the editor would show. With --kustomize, runs kubectl kustomize <directory>
(kubectl must be on PATH) and checks its output: findings then point into that output.
With --helm, runs helm template on the chart folder (helm must be on PATH; -f/--values
files in order, as helm reads them) and checks its output: each finding is reported at
the template file and line it came from.
Custom resources are checked against the CRDs among the files, then against the bundled
pack of popular projects' CRDs (the project's .podscope.yaml may select projects with
customResources.bundled); --no-bundled-crds leaves the pack out.
--kubernetes-version 1.31 judges the manifests for that Kubernetes minor (over kubernetesVersion
in .podscope.yaml; default the newest Podscope covers): fields and values it lacks are errors.
An invalid or uncovered version exits 2.
Exits 1 when there is any error.
`;

const noBundledOption = '--no-bundled-crds';

/**
 * The bundled custom resources of a run: the projects each file's settings select, read from the
 * pack beside the CLI only when a custom resource asks; none with --no-bundled-crds.
 */
export function bundledCustomResourcesFor(
  enabled: boolean,
  load: () => CustomResourcePack = () => customResourcePackFrom(),
): ((settings: PodscopeSettings) => CustomResourceSchemas | undefined) | undefined {
  if (!enabled) {
    return undefined;
  }
  let pack: CustomResourcePack | undefined;
  return (settings) => {
    pack ??= load();
    return pack.schemasFor(settings.customResources.bundled);
  };
}

/** A build that takes longer is stopped (remote resources can hang on the network). */
const kustomizeTimeoutMs = 120_000;

/**
 * `kubectl kustomize <dir>`: no shell, the arguments as an array, a timeout. The CLI runs it
 * only when asked to (--kustomize); the language server never starts a process.
 */
export function runKustomize(directory: string): { ok: true; yaml: string } | { ok: false; message: string } {
  const result = spawnSync('kubectl', ['kustomize', directory], {
    encoding: 'utf8',
    timeout: kustomizeTimeoutMs,
    maxBuffer: 256 * 1024 * 1024,
    windowsHide: true,
  });
  const failure: NodeJS.ErrnoException | undefined = result.error;
  const code = failure?.code;
  if (code === 'ENOENT') {
    return {
      ok: false,
      message: 'kubectl is not on PATH: --kustomize runs `kubectl kustomize <directory>`.',
    };
  }
  if (code === 'ETIMEDOUT') {
    return {
      ok: false,
      message: `kubectl kustomize ${directory} took longer than ${kustomizeTimeoutMs / 1000} s.`,
    };
  }
  if (result.error || result.status !== 0) {
    const stderr = result.stderr?.trim();
    return {
      ok: false,
      message: `kubectl kustomize ${directory} failed:\n${stderr || result.error?.message || `exit code ${result.status}`}`,
    };
  }
  return { ok: true, yaml: result.stdout };
}

/** Lints the build of a kustomization: one document, the output, which is also the workspace. */
function lintKustomizeBuild(
  directory: string,
  yaml: string,
  resolver: SettingsResolver,
  log: (message: string) => void,
  bundled: boolean,
  /** What the command line sets, over the project's settings (--kubernetes-version). */
  overrides: PartialSettings = {},
): LintFinding[] {
  // The project's settings are those of the kustomization's folder.
  const settings = resolver.resolve(
    pathToFileURL(path.resolve(directory, 'kustomization.yaml')).href,
    overrides,
  );
  const uri = `podscope-kustomize:${pathToFileURL(path.resolve(directory)).pathname}/kustomize-build.yaml`;
  const workspace = new WorkspaceIndex();
  workspace.set(uri, resourcesOf(uri, new ManifestParser().parse(yaml)));
  workspace.complete = true;
  const precompiledValidators = loadPrecompiledValidators();
  const service = getLanguageService({
    catalog: Catalog.load(defaultCatalogPath()),
    workspace,
    bundledCustomResources: bundledCustomResourcesFor(bundled),
    ...(precompiledValidators ? { precompiledValidators } : {}),
    log,
  });
  const file = `${directory} (kubectl kustomize output)`;
  return service
    .doValidation(TextDocument.create(uri, 'yaml', 1, yaml), settings)
    .map((diagnostic) => toFinding(file, diagnostic));
}

export function toFinding(file: string, diagnostic: Diagnostic): LintFinding {
  return {
    file,
    range: diagnostic.range,
    severity: severityNames[diagnostic.severity ?? DiagnosticSeverity.Error],
    code: String(diagnostic.code ?? ''),
    message: typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value,
    source: diagnostic.source ?? 'podscope',
  };
}

/** Takes `--kustomize <dir>` (or `--kustomize=<dir>`) out of the arguments. */
function takeKustomizeOption(args: readonly string[]): {
  rest: string[];
  directory?: string;
  missing?: boolean;
} {
  const rest: string[] = [];
  let directory: string | undefined;
  let missing = false;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === '--kustomize') {
      directory = args[index + 1];
      missing ||= directory === undefined || directory.startsWith('-');
      index++;
    } else if (arg.startsWith('--kustomize=')) {
      directory = arg.slice('--kustomize='.length);
      missing ||= directory === '';
    } else {
      rest.push(arg);
    }
  }
  return { rest, ...(directory !== undefined ? { directory } : {}), missing };
}

/** Takes `--helm <chart>` and its `-f`/`--values <file>` options out of the arguments. */
function takeHelmOptions(args: readonly string[]): {
  rest: string[];
  chart?: string;
  valuesFiles: string[];
  missing?: string;
} {
  const rest: string[] = [];
  const valuesFiles: string[] = [];
  let chart: string | undefined;
  let missing: string | undefined;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    const inline = /^(--helm|--values)=(.*)$/.exec(arg);
    const option = inline?.[1] ?? (['--helm', '-f', '--values'].includes(arg) ? arg : undefined);
    if (option === undefined) {
      rest.push(arg);
      continue;
    }
    const value = inline ? inline[2] : args[++index];
    if (value === undefined || value === '' || (!inline && value.startsWith('-'))) {
      missing ??= option;
    } else if (option === '--helm') {
      chart = value;
    } else {
      valuesFiles.push(value);
    }
  }
  return { rest, ...(chart !== undefined ? { chart } : {}), valuesFiles, ...(missing ? { missing } : {}) };
}

/** Every YAML file under the given paths, in a stable order. */
export function collectYamlFiles(inputs: readonly string[]): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = (entry: string): void => {
    const stat = fs.statSync(entry, { throwIfNoEntry: false });
    if (!stat) {
      missing.push(entry);
    } else if (stat.isDirectory()) {
      for (const child of fs.readdirSync(entry).sort()) {
        if (child !== 'node_modules' && !child.startsWith('.')) {
          walk(path.join(entry, child));
        }
      }
    } else if (/\.ya?ml$/i.test(entry) || inputs.includes(entry)) {
      files.push(entry);
    }
  };
  inputs.forEach(walk);
  return { files, missing };
}

/** The objects and references of every file given (parsed once here, and dropped). */
function indexWorkspace(files: readonly string[], resolver: SettingsResolver): WorkspaceIndex {
  const index = new WorkspaceIndex();
  const parser = new ManifestParser();
  for (const file of files) {
    const uri = pathToFileURL(path.resolve(file)).href;
    if (resolver.isExcluded(uri, resolver.resolve(uri))) {
      continue;
    }
    const text = fs.readFileSync(file, 'utf8');
    if (text.length <= maxFileSize && (looksLikeKubernetes(text) || isKustomizationPath(file))) {
      index.set(uri, resourcesOf(uri, parser.parse(text), resolver.nameAffixes(uri)));
    }
    // A Helm chart's files, and its values schema beside its Chart.yaml (workspace/helm/chartStore.ts).
    if (text.length <= maxFileSize) {
      index.charts.set(uri, text);
    }
    const schema = path.join(path.dirname(file), 'values.schema.json');
    if (path.basename(file) === 'Chart.yaml' && fs.existsSync(schema)) {
      index.charts.set(pathToFileURL(path.resolve(schema)).href, fs.readFileSync(schema, 'utf8'));
    }
  }
  index.complete = true;
  return index;
}

export function lintFiles(
  service: LanguageService,
  files: readonly string[],
  resolver: SettingsResolver = new SettingsResolver(),
  /** What the command line sets, over each file's project settings (--kubernetes-version). */
  overrides: PartialSettings = {},
): { findings: LintFinding[]; checked: number } {
  const findings: LintFinding[] = [];
  let checked = 0;
  for (const file of files) {
    const uri = pathToFileURL(path.resolve(file)).href;
    const fileSettings = resolver.resolve(uri, overrides);
    if (resolver.isExcluded(uri, fileSettings)) {
      continue;
    }
    checked++;
    const text = fs.readFileSync(file, 'utf8');
    const document = TextDocument.create(uri, 'yaml', 1, text);
    for (const diagnostic of service.doValidation(document, fileSettings)) {
      findings.push(toFinding(file, diagnostic));
    }
    // Each file is read once: keeping its parse would hold every file of the run in memory.
    service.closeDocument(uri);
  }
  return { findings, checked };
}

export function lintCommand(args: readonly string[], io: CliIo): number {
  const loadCatalog = lazyCatalog();
  const version = kubernetesVersionArgument(args, loadCatalog, io);
  if (typeof version === 'number') {
    return version;
  }
  const overrides: PartialSettings = version.minor !== undefined ? { kubernetesVersion: version.minor } : {};
  const bundled = !version.rest.includes(noBundledOption);
  const helm = takeHelmOptions(version.rest.filter((arg) => arg !== noBundledOption));
  const kustomize = takeKustomizeOption(helm.rest);
  const { format, help, positionals } = parseFormatOptions(kustomize.rest);
  if (help) {
    io.stdout(usage);
    return 0;
  }
  if (format !== 'text' && format !== 'json' && format !== 'sarif') {
    io.stderr(`error: unknown format "${format}" (use text, json or sarif)\n`);
    return 1;
  }
  if (kustomize.missing || (kustomize.directory !== undefined && positionals.length > 0)) {
    io.stderr(`error: --kustomize takes one directory, and no other files\n\n${usage}`);
    return 1;
  }
  if (kustomize.directory !== undefined) {
    return lintKustomizeCommand(kustomize.directory, format, io, bundled, overrides);
  }
  if (helm.missing !== undefined) {
    io.stderr(`error: ${helm.missing} takes a value\n\n${usage}`);
    return 1;
  }
  if (helm.valuesFiles.length > 0 && helm.chart === undefined) {
    io.stderr(`error: -f/--values go with --helm <chart>\n\n${usage}`);
    return 1;
  }
  if (helm.chart !== undefined) {
    if (positionals.length > 0) {
      io.stderr(`error: --helm takes one chart folder, and no other files\n\n${usage}`);
      return 1;
    }
    return lintHelmCommand(helm.chart, helm.valuesFiles, format, io, bundled, overrides);
  }
  if (positionals.length === 0) {
    io.stderr(`error: no files or directories given\n\n${usage}`);
    return 1;
  }
  const { files, missing } = collectYamlFiles(positionals);
  for (const entry of missing) {
    io.stderr(`error: ${entry}: no such file or directory\n`);
  }
  const precompiledValidators = loadPrecompiledValidators();
  const problems: string[] = [];
  const resolver = new SettingsResolver({
    onConfigProblem: (problem) => problems.push(problem),
    coveredMinors: () => loadCatalog().minors,
  });
  // The files given are the workspace: the rules across files look up what they name there.
  const workspace = indexWorkspace(files, resolver);
  const service = getLanguageService({
    catalog: loadCatalog(),
    kustomizeContext: (uri) => resolver.kustomizeContext(uri),
    workspace,
    nameAffixes: (uri) => resolver.nameAffixes(uri),
    pathKind: pathKindOnDisk,
    bundledCustomResources: bundledCustomResourcesFor(bundled),
    ...(precompiledValidators ? { precompiledValidators } : {}),
    log: (message) => io.stderr(`${message}\n`),
  });
  const { findings, checked } = lintFiles(service, files, resolver, overrides);
  for (const problem of problems) {
    io.stderr(`error: ${problem}\n`);
  }
  printFindings(findings, checked, format, io);
  const failed = missing.length > 0 || problems.length > 0;
  return failed || findings.some((finding) => finding.severity === 'error') ? 1 : 0;
}

function printFindings(findings: readonly LintFinding[], checked: number, format: string, io: CliIo): void {
  if (format === 'json') {
    io.stdout(`${JSON.stringify(findings, null, 2)}\n`);
  } else if (format === 'sarif') {
    io.stdout(`${JSON.stringify(toSarif(findings), null, 2)}\n`);
  } else {
    io.stdout(formatText(findings, checked));
  }
}

function lintKustomizeCommand(
  directory: string,
  format: string,
  io: CliIo,
  bundled: boolean,
  overrides: PartialSettings,
): number {
  if (!fs.statSync(directory, { throwIfNoEntry: false })?.isDirectory()) {
    io.stderr(`error: ${directory}: no such directory\n`);
    return 1;
  }
  const build = runKustomize(directory);
  if (!build.ok) {
    io.stderr(`error: ${build.message}\n`);
    return 1;
  }
  const problems: string[] = [];
  const resolver = new SettingsResolver({
    onConfigProblem: (problem) => problems.push(problem),
    coveredMinors: () => Catalog.load(defaultCatalogPath()).minors,
  });
  const findings = lintKustomizeBuild(
    directory,
    build.yaml,
    resolver,
    (message) => io.stderr(`${message}\n`),
    bundled,
    overrides,
  );
  for (const problem of problems) {
    io.stderr(`error: ${problem}\n`);
  }
  if (format === 'text') {
    io.stdout(
      `Checked the output of "kubectl kustomize ${directory}": line numbers are in that output, not in the source files.\n`,
    );
  }
  printFindings(findings, 1, format, io);
  return problems.length > 0 || findings.some((finding) => finding.severity === 'error') ? 1 : 0;
}

function lintHelmCommand(
  chart: string,
  valuesFiles: readonly string[],
  format: string,
  io: CliIo,
  bundled: boolean,
  overrides: PartialSettings,
): number {
  if (!fs.statSync(path.join(chart, 'Chart.yaml'), { throwIfNoEntry: false })?.isFile()) {
    io.stderr(`error: ${chart}: not a chart folder (no Chart.yaml)\n`);
    return 1;
  }
  const render = runHelmTemplate(chart, valuesFiles);
  if (!render.ok) {
    io.stderr(`error: ${render.message}\n`);
    return 1;
  }
  const problems: string[] = [];
  const resolver = new SettingsResolver({ onConfigProblem: (problem) => problems.push(problem) });
  const rendered = checkRenderedChart(
    chart,
    render.output,
    resolver,
    (message) => io.stderr(`${message}\n`),
    bundledCustomResourcesFor(bundled),
    overrides,
  );
  const findings = renderedLintFindings(chart, rendered, toFinding);
  for (const problem of problems) {
    io.stderr(`error: ${problem}\n`);
  }
  if (format === 'text') {
    io.stdout(renderedSummary(chart, rendered));
  }
  // The files checked: the templates that rendered something.
  const templates = new Set(splitRenderedSources(render.output).map((block) => block.source)).size;
  printFindings(findings, templates, format, io);
  return problems.length > 0 || findings.some((finding) => finding.severity === 'error') ? 1 : 0;
}

function formatText(findings: readonly LintFinding[], fileCount: number): string {
  let text = '';
  for (const finding of findings) {
    const { line, character } = finding.range.start;
    text += `${finding.file}:${line + 1}:${character + 1}: ${finding.severity}: ${finding.message} [${finding.code}]\n`;
  }
  const count = (severity: LintFinding['severity']): number =>
    findings.filter((finding) => finding.severity === severity).length;
  const errors = count('error');
  const warnings = count('warning');
  const others = findings.length - errors - warnings;
  const files = new Set(findings.map((finding) => finding.file)).size;
  text += `${findings.length === 0 ? '✔' : '✖'} ${plural(findings.length, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${others} other) in ${files} of ${plural(fileCount, 'file')}\n`;
  return text;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

const sarifLevels: Record<LintFinding['severity'], 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
};

/** A SARIF rule's description and documentation. */
export interface SarifRule {
  summary: string;
  helpUri: string;
}

/** The lint rules, for SARIF. */
function lintRules(): Map<string, SarifRule> {
  return new Map(
    everyRule.map((rule) => [rule.id, { summary: rule.summary, helpUri: ruleDocumentationUrl(rule.id) }]),
  );
}

/**
 * SARIF 2.1.0, as GitHub code scanning reads it. `rules` describes the findings' codes (the lint
 * rules by default; `podscope simulate` passes its assertions).
 */
export function toSarif(
  findings: readonly LintFinding[],
  rules: ReadonlyMap<string, SarifRule> = lintRules(),
): object {
  const ruleIds = [...new Set(findings.map((finding) => finding.code))].sort();
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: {
          driver: {
            name: 'podscope',
            informationUri: 'https://github.com/podscope/podscope',
            rules: ruleIds.map((id) => {
              const rule = rules.get(id);
              return {
                id,
                shortDescription: { text: rule?.summary ?? id },
                ...(rule ? { helpUri: rule.helpUri } : {}),
              };
            }),
          },
        },
        results: findings.map((finding) => ({
          ruleId: finding.code,
          level: sarifLevels[finding.severity],
          message: { text: finding.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: finding.file.split(path.sep).join('/') },
                region: {
                  startLine: finding.range.start.line + 1,
                  startColumn: finding.range.start.character + 1,
                  endLine: finding.range.end.line + 1,
                  endColumn: finding.range.end.character + 1,
                },
              },
            },
          ],
        })),
      },
    ],
  };
}
