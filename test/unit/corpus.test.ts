import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { fieldsOf } from '../../server/src/catalog/catalog';
import { requiredFields } from '../../server/src/schema/apiRequired';
import { resolveSchemaPath, resolveType } from '../../server/src/schema/schemaNavigator';
import type { PathSegment } from '../../server/src/common/paths';
import { keyText } from '../../server/src/yaml/astPath';
import { ManifestParser } from '../../server/src/yaml/manifestFile';
import { testCatalog } from '../support/catalog';
import { corpusYamlFiles } from '../support/corpus';
import { describeWithShared } from '../support/paths';
import { podRuleIds } from '../support/podRules';
import { validate } from '../support/service';

interface Mutation {
  kind: 'misspelled field' | 'wrong type' | 'bad enum' | 'removed required field' | 'wrong apiVersion';
  text: string;
  /** The 0-based line the diagnostic must start on. */
  line: number;
  code: string;
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length - 1;
}

/** Every scalar-valued pair of a document with its path, in document order. */
function pairs(node: unknown, path: PathSegment[], out: { pair: Pair; path: PathSegment[] }[]): typeof out {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = keyText(pair);
      if (key !== undefined) {
        out.push({ pair, path: [...path, key] });
        pairs(pair.value, [...path, key], out);
      }
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => pairs(item, [...path, index], out));
  }
  return out;
}

/** The usual mistakes, made once each in a document, at places the schema knows. */
function mutations(fileText: string): Mutation[] {
  const catalog = testCatalog();
  const result: Mutation[] = [];
  const file = new ManifestParser().parse(fileText);
  for (const document of file.documents) {
    const { apiVersion, kind: kindName } = document.identity;
    const kind = apiVersion && kindName ? catalog.getKind(apiVersion, kindName) : undefined;
    if (!kind || kind.deprecated || document.yaml.errors.length > 0) {
      continue;
    }
    const base = document.startOffset;
    const replace = (start: number, end: number, text: string): string =>
      fileText.slice(0, base + start) + text + fileText.slice(base + end);
    const found = new Set<Mutation['kind']>();
    for (const { pair, path } of pairs(document.yaml.contents, [], [])) {
      const key = pair.key as Node;
      const value = pair.value as Node | null;
      const location = resolveSchemaPath(catalog, kind, path);
      if (!location?.field || !key.range || path.length < 2) {
        continue;
      }
      const type = resolveType(catalog, location.type);
      const keyLine = lineOf(fileText, base + key.range[0]);
      if (!found.has('misspelled field')) {
        const name = String(path[path.length - 1]);
        const misspelled = `${name}x`;
        const owner = resolveSchemaPath(catalog, kind, path.slice(0, -1));
        const ownerType = owner ? resolveType(catalog, owner.type) : undefined;
        if (
          ownerType?.kind === 'object' &&
          !fieldsOf(catalog, ownerType.id).some((field) => field.name === misspelled)
        ) {
          found.add('misspelled field');
          result.push({
            kind: 'misspelled field',
            text: replace(key.range[0], key.range[1], misspelled),
            line: keyLine,
            code: 'unknown-field',
          });
        }
      }
      if (!isScalar(value) || !value.range) {
        continue;
      }
      const valueLine = lineOf(fileText, base + value.range[0]);
      if (
        !found.has('wrong type') &&
        type.kind === 'scalar' &&
        (type.name === 'integer' || type.name === 'boolean')
      ) {
        found.add('wrong type');
        result.push({
          kind: 'wrong type',
          text: replace(value.range[0], value.range[1], 'not-a-value'),
          line: valueLine,
          code: 'wrong-type',
        });
      }
      if (!found.has('bad enum') && location.field.field.enum && type.kind === 'scalar') {
        found.add('bad enum');
        result.push({
          kind: 'bad enum',
          text: replace(value.range[0], value.range[1], 'Bogus'),
          line: valueLine,
          code: 'invalid-value',
        });
      }
      const ownerPath = path.slice(0, -1);
      const owner = resolveSchemaPath(catalog, kind, ownerPath);
      const ownerType = owner ? resolveType(catalog, owner.type) : undefined;
      const lineText = fileText.split('\n')[keyLine]!;
      if (
        !found.has('removed required field') &&
        ownerType?.kind === 'object' &&
        requiredFields(ownerType.id, ownerType.definition.required).includes(String(path[path.length - 1])) &&
        !/^\s*-/.test(lineText) &&
        keyLine === valueLine &&
        lineOf(fileText, base + value.range[1]) === keyLine &&
        // Removing an object's only field leaves null, which the API reads as "not set" at all.
        siblingCount(document.yaml.contents, ownerPath) > 1
      ) {
        // Remove the whole line; the finding belongs on the parent key (or the list item's first line).
        const lineStart = fileText.split('\n').slice(0, keyLine).join('\n').length + (keyLine > 0 ? 1 : 0);
        const text = fileText.slice(0, lineStart) + fileText.slice(lineStart + lineText.length + 1);
        const parentKeyLine = anchorLineAfterRemoval(
          fileText,
          base,
          document.yaml.contents,
          ownerPath,
          keyLine,
        );
        if (parentKeyLine !== undefined) {
          found.add('removed required field');
          result.push({
            kind: 'removed required field',
            text,
            line: parentKeyLine,
            code: 'missing-required',
          });
        }
      }
    }
    const apiVersionNode = document.identity.apiVersionNode;
    if (apiVersionNode?.range) {
      result.push({
        kind: 'wrong apiVersion',
        text: replace(
          apiVersionNode.range[0],
          apiVersionNode.range[1],
          kind.group === 'apps' ? 'batch/v1' : 'apps/v1',
        ),
        line: lineOf(fileText, base + apiVersionNode.range[0]),
        code: 'apiversion-mismatch',
      });
    }
  }
  return result;
}

function siblingCount(root: unknown, ownerPath: PathSegment[]): number {
  let node: unknown = root;
  for (const segment of ownerPath) {
    if (isMap(node)) {
      node = node.items.find((candidate) => keyText(candidate) === segment)?.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
    }
  }
  return isMap(node) ? node.items.length : 0;
}

/** The line of the parent key of a removed field, in the text after the removal. */
function anchorLineAfterRemoval(
  fileText: string,
  base: number,
  root: unknown,
  ownerPath: PathSegment[],
  removedLine: number,
): number | undefined {
  let node: unknown = root;
  let parentKey: Node | undefined;
  for (const segment of ownerPath) {
    if (isMap(node)) {
      const pair = node.items.find((candidate) => keyText(candidate) === segment);
      parentKey = pair?.key as Node | undefined;
      node = pair?.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      parentKey = undefined;
      node = node.items[segment];
    }
  }
  let anchor: Node | undefined = parentKey;
  if (typeof ownerPath[ownerPath.length - 1] === 'number' && isMap(node)) {
    // A list item: its first key (the removed field is never on the item's first line).
    anchor = node.items[0]?.key as Node | undefined;
  }
  if (!anchor?.range) {
    return undefined;
  }
  const line = lineOf(fileText, base + anchor.range[0]);
  return line > removedLine ? line - 1 : line;
}

describeWithShared('the Kubernetes documentation examples', 'corpus/k8s-website-examples', (root) => {
  const files = corpusYamlFiles(root);

  it('finds all 393 manifests', () => {
    assert.equal(files.length, 393);
  });

  it('get zero errors', function () {
    this.timeout(120_000);
    const errors: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      for (const diagnostic of validate(text)) {
        if (diagnostic.severity === DiagnosticSeverity.Error) {
          errors.push(
            `${path.relative(root, file)}:${diagnostic.range.start.line + 1}: ${typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value}`,
          );
        }
      }
    }
    // The four PodSecurityPolicy examples the website still carries are not valid against 1.36:
    // policy/v1beta1 PodSecurityPolicy is served by no release from 1.25 on (deprecation guide).
    const psp = (name: string): string =>
      `policy/${name}-psp.yaml:1: policy/v1beta1 PodSecurityPolicy is not served since Kubernetes 1.25 (target 1.36) and has no replacement: use Pod Security Admission or a third-party admission webhook.`;
    assert.deepEqual(errors, ['baseline', 'example', 'privileged', 'restricted'].map(psp));
  });

  it('warns about the one file that is not valid YAML 1.2, where Kubernetes still reads it', () => {
    const text = fs.readFileSync(path.join(root, 'pods/inject/envars-file-container.yaml'), 'utf8');
    assert.deepEqual(
      validate(text)
        .filter((diagnostic) => !podRuleIds.has(String(diagnostic.code)))
        .map((diagnostic) => `${String(diagnostic.code)}:${diagnostic.range.start.line + 1}`),
      ['yaml-escape:9', 'yaml-escape:9', 'yaml-escape:9', 'yaml-escape:9'],
    );
  });

  it('reports every usual mistake made in them at the mutated line', function () {
    this.timeout(300_000);
    const missed: string[] = [];
    const counts = new Map<string, number>();
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      for (const mutation of mutations(text)) {
        counts.set(mutation.kind, (counts.get(mutation.kind) ?? 0) + 1);
        const reported = validate(mutation.text).some(
          (diagnostic) => diagnostic.code === mutation.code && diagnostic.range.start.line === mutation.line,
        );
        if (!reported) {
          missed.push(`${path.relative(root, file)}: ${mutation.kind} on line ${mutation.line + 1}`);
        }
      }
    }
    assert.deepEqual(missed, []);
    // Every kind of mistake was actually made, many times over.
    for (const kind of [
      'misspelled field',
      'wrong type',
      'bad enum',
      'removed required field',
      'wrong apiVersion',
    ]) {
      assert.ok((counts.get(kind) ?? 0) >= 40, `${kind}: only ${counts.get(kind) ?? 0} mutations`);
    }
  });
});
