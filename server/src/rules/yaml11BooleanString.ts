/**
 * yaml11-boolean-string: an unquoted `yes`, `no`, `on`, `off`, `y` or `n` where a string is
 * expected. Kubernetes reads manifests with YAML 1.1 rules, so the value becomes a boolean and
 * the API server rejects it ("cannot unmarshal bool into Go struct field … of type string").
 */
import { isMap, isSeq, type Node, type Scalar } from 'yaml';
import { resolveSchemaPath, resolveType } from '../schema/schemaNavigator';
import type { PathSegment } from '../common/paths';
import { keyText } from '../yaml/astPath';
import { isYaml11BooleanWord } from '../yaml/scalars';
import type { Rule, RuleContext, RuleFinding } from './rule';

export const yaml11BooleanString: Rule = {
  id: 'yaml11-boolean-string',
  defaultSeverity: 'error',
  summary: 'An unquoted yes/no/on/off/y/n where a string is expected becomes a boolean: quote it.',
  validate(context: RuleContext): RuleFinding[] {
    const findings: RuleFinding[] = [];
    visit(context.document.yaml.contents, [], (scalar, path) => {
      const location = resolveSchemaPath(context.catalog, context.kind, path);
      if (!location) {
        return;
      }
      const type = resolveType(context.catalog, location.type);
      const expectsString =
        (type.kind === 'scalar' && type.name === 'string') ||
        (type.kind === 'union' &&
          type.members.some((member) => member.kind === 'scalar' && member.name === 'string'));
      if (!expectsString || !scalar.range) {
        return;
      }
      const source = scalar.source ?? String(scalar.value);
      const range: [number, number] = [scalar.range[0], scalar.range[1]];
      findings.push({
        range,
        message: `"${source}" is a boolean in YAML 1.1, which Kubernetes uses; quote it: "${source}".`,
        data: {
          kind: 'edits',
          fixes: [{ title: `Quote "${source}"`, edits: [{ range, newText: `"${source}"` }] }],
        },
      });
    });
    return findings;
  },
};

/**
 * Reports each YAML 1.1 boolean word under `node` with its path. One path array is entered and
 * left as the walk goes (a copy per node was most of what this rule allocated); `report` gets a
 * copy of its own.
 */
function visit(
  node: Node | null,
  path: PathSegment[],
  report: (scalar: Scalar, path: PathSegment[]) => void,
): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = keyText(pair);
      if (key !== undefined) {
        path.push(key);
        visit(pair.value as Node | null, path, report);
        path.pop();
      }
    }
  } else if (isSeq(node)) {
    for (let index = 0; index < node.items.length; index++) {
      path.push(index);
      visit(node.items[index] as Node | null, path, report);
      path.pop();
    }
  } else if (isYaml11BooleanWord(node)) {
    report(node, [...path]);
  }
}
