/**
 * `podscope rules [--format text|json]`: every lint rule with its id, default severity and
 * one-line summary.
 */
import { everyRule, type RuleSummary } from '../service/ruleRegistry';
import { ruleDocumentationUrl } from '../rules/ruleDocumentation';
import { Catalog, minorName } from '../catalog/catalog';
import { defaultCatalogPath } from '../catalog/catalogLocation';
import type { CliIo } from './cliIo';
import { kubernetesVersionArgument } from './kubernetesVersionOption';
import { parseFormatOptions } from './formatOptions';

const usage = `Usage: podscope rules [--format text|json] [--kubernetes-version <1.x>]

Lists the lint rules: id, default severity and summary. Change a rule's severity (or turn it
off) with the podscope.rules setting, or under rules: in .podscope.yaml. With
--kubernetes-version, the text also says which minor the checks of fields and values judge for.
An invalid or uncovered version exits 2.
`;

export function rulesCommand(
  args: readonly string[],
  io: CliIo,
  rules: readonly RuleSummary[] = everyRule,
  catalog: () => Catalog = () => Catalog.load(defaultCatalogPath()),
): number {
  const version = kubernetesVersionArgument(args, catalog, io);
  if (typeof version === 'number') {
    return version;
  }
  const { format, help, positionals } = parseFormatOptions(version.rest);
  if (help) {
    io.stdout(usage);
    return 0;
  }
  if (positionals.length > 0) {
    io.stderr(`error: unexpected argument "${positionals[0]!}"\n\n${usage}`);
    return 1;
  }
  if (format === 'json') {
    const list = rules.map((rule) => ({
      id: rule.id,
      defaultSeverity: rule.defaultSeverity,
      summary: rule.summary,
      documentation: ruleDocumentationUrl(rule.id),
    }));
    io.stdout(`${JSON.stringify(list, null, 2)}\n`);
    return 0;
  }
  if (format !== 'text') {
    io.stderr(`error: unknown format "${format}" (use text or json)\n`);
    return 1;
  }
  io.stdout(formatTable(rules));
  if (version.minor !== undefined) {
    io.stdout(
      `Target Kubernetes ${minorName(version.minor)}: besides these rules, fields and enum values it does not have are errors (field-not-in-target, value-not-in-target).\n`,
    );
  }
  return 0;
}

function formatTable(rules: readonly RuleSummary[]): string {
  const header = { id: 'RULE', defaultSeverity: 'DEFAULT', summary: 'SUMMARY' };
  const idWidth = Math.max(header.id.length, ...rules.map((rule) => rule.id.length));
  const severityWidth = Math.max(
    header.defaultSeverity.length,
    ...rules.map((rule) => rule.defaultSeverity.length),
  );
  const line = (row: { id: string; defaultSeverity: string; summary: string }): string =>
    `${row.id.padEnd(idWidth)}  ${row.defaultSeverity.padEnd(severityWidth)}  ${row.summary}\n`;
  return `${[header, ...rules].map(line).join('')}\n${rules.length} rules. Documentation: ${ruleDocumentationUrl('').replace(/#$/, '')}\n`;
}
