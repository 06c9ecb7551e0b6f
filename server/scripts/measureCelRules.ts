/**
 * How many of the CEL validation rules of a folder of CRDs can be evaluated here: every
 * `x-kubernetes-validations` rule of every served version, compiled with the Kubernetes CEL
 * environment of `server/src/kubernetes/cel`, and the reasons of those that cannot.
 *
 *   npx tsx server/scripts/measureCelRules.ts <folder of CRD files>…
 *
 * The CRDs stay outside the repository (real projects' files); the figures go in the notes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { isJsonObject, listOf, objectOf, stringOf } from '../src/common/guards';
import { validationRuleSupport } from '../src/kubernetes/cel/celRules';

function yamlFiles(folder: string, found: string[] = []): string[] {
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      yamlFiles(full, found);
    } else if (/\.ya?ml$/.test(entry.name)) {
      found.push(full);
    }
  }
  return found;
}

/** Every rule of a schema, depth first. */
function rulesOf(schema: unknown, rules: string[] = []): string[] {
  const node = objectOf(schema);
  if (!node) {
    return rules;
  }
  for (const entry of listOf(node['x-kubernetes-validations'])) {
    const rule = stringOf(objectOf(entry)?.['rule']);
    if (rule !== undefined) {
      rules.push(rule);
    }
  }
  for (const child of Object.values(objectOf(node['properties']) ?? {})) {
    rulesOf(child, rules);
  }
  rulesOf(node['items'], rules);
  rulesOf(node['additionalProperties'], rules);
  for (const part of listOf(node['allOf'])) {
    rulesOf(part, rules);
  }
  return rules;
}

const folders = process.argv.slice(2);
let crds = 0;
const rules: string[] = [];
const projects = new Map<string, number>();
for (const folder of folders) {
  for (const file of yamlFiles(folder)) {
    let documents;
    try {
      documents = parseAllDocuments(fs.readFileSync(file, 'utf8'));
    } catch {
      continue;
    }
    for (const document of documents) {
      let crd: unknown;
      try {
        crd = document.toJS({ maxAliasCount: -1 });
      } catch {
        continue;
      }
      if (!isJsonObject(crd) || crd['kind'] !== 'CustomResourceDefinition') {
        continue;
      }
      crds++;
      for (const version of listOf(objectOf(crd['spec'])?.['versions'])) {
        const found = rulesOf(objectOf(objectOf(version)?.['schema'])?.['openAPIV3Schema']);
        rules.push(...found);
        const project = path.relative(folder, file).split(path.sep)[0] ?? folder;
        projects.set(project, (projects.get(project) ?? 0) + found.length);
      }
    }
  }
}

const distinct = [...new Set(rules)];
const reasons = new Map<string, string[]>();
for (const rule of distinct) {
  const support = validationRuleSupport(rule);
  if (!support.supported) {
    reasons.set(support.why, [...(reasons.get(support.why) ?? []), rule]);
  }
}
const supportedRules = rules.filter((rule) => validationRuleSupport(rule).supported).length;
const supportedDistinct = distinct.length - [...reasons.values()].reduce((sum, list) => sum + list.length, 0);
const out = process.stdout;
out.write(`CRDs: ${crds}\n`);
out.write(
  `rules: ${rules.length} (${supportedRules} evaluable), distinct: ${distinct.length} (${supportedDistinct} evaluable)\n`,
);
out.write(`rules by project: ${[...projects].map(([name, count]) => `${name} ${count}`).join(', ')}\n`);
for (const [why, list] of [...reasons].sort((a, b) => b[1].length - a[1].length)) {
  out.write(
    `not evaluable (${list.length}): ${why}\n    e.g. ${list[0]!.replace(/\s+/g, ' ').slice(0, 160)}\n`,
  );
}
