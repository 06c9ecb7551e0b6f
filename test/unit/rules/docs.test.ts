import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { everyRule } from '../../../server/src/service/ruleRegistry';
import { ruleDocumentationUrl } from '../../../server/src/rules/ruleDocumentation';
import { repoRoot } from '../../support/paths';

const docs = fs.readFileSync(path.join(repoRoot, 'docs/rules.md'), 'utf8');

/** The sections of the document, by their `## ` heading. */
function sections(): Map<string, string> {
  const result = new Map<string, string>();
  const parts = docs.split(/^## /m).slice(1);
  for (const part of parts) {
    const newline = part.indexOf('\n');
    result.set(part.slice(0, newline).trim(), part.slice(newline + 1).split(/^# /m)[0]!);
  }
  return result;
}

describe('docs/rules.md', () => {
  it('lists every rule in the index, with its default severity and summary, in registry order', () => {
    const rows = docs
      .split('\n')
      .filter((line) => line.startsWith('| ['))
      .map((line) =>
        line
          .split('|')
          .slice(1, -1)
          .map((cell) => cell.trim()),
      );
    assert.deepEqual(
      rows,
      everyRule.map((rule) => [`[${rule.id}](#${rule.id})`, rule.defaultSeverity, rule.summary]),
    );
  });

  it('has a section for every rule, headed by its id (the anchor its diagnostics link to)', () => {
    const found = sections();
    assert.deepEqual(
      [...found.keys()],
      everyRule.map((rule) => rule.id),
    );
    for (const rule of everyRule) {
      assert.ok(ruleDocumentationUrl(rule.id).endsWith(`docs/rules.md#${rule.id}`));
    }
  });

  it('shows the problem and the fix for every rule, as YAML', () => {
    for (const [id, body] of sections()) {
      assert.match(body, /Problem:\n\n```yaml\n/, `${id}: no problem example`);
      assert.match(body, /Fix[^\n]*:\n\n```yaml\n/, `${id}: no fix example`);
    }
  });
});
