/**
 * server/src/yaml/blockTokens.ts: the CST of block-style YAML is either undefined (outside the
 * subset) or exactly what the yaml library's own Parser yields, on hand-written texts, on every
 * document of the Kubernetes website examples, and on random texts and random edits of them.
 */
import * as assert from 'node:assert/strict';
import { type Document, parseAllDocuments, parseDocument, Parser } from 'yaml';
import { blockTokens, parseAllDocumentsFast, parseDocumentFast } from '../../server/src/yaml/blockTokens';
import { ParsedSegment, segmentParseOptions } from '../../server/src/yaml/manifestFile';
import { SeededRandom } from '../bench/random';
import { websiteExampleSegments } from '../support/corpus';

function libraryTokens(text: string): unknown[] {
  return [...new Parser().parse(text)];
}

/** Asserts the contract on one text; whether blockTokens read it. */
function readsLikeTheLibrary(text: string): boolean {
  const tokens = blockTokens(text);
  if (tokens === undefined) {
    return false;
  }
  assert.deepStrictEqual(
    tokens,
    libraryTokens(text),
    `blockTokens differs from the library on ${JSON.stringify(text)}`,
  );
  return true;
}

/** Pieces that random texts are made of: every indicator of the subset, and some outside it. */
const fragments = [
  'a',
  'key',
  'b c',
  ':',
  ': ',
  ' ',
  '  ',
  '\n',
  '\n  ',
  '\n    ',
  '- ',
  '-',
  '#c',
  ' # c',
  '|',
  '|-',
  '>+',
  '|2',
  "'",
  '"',
  "'q'",
  '"q\\"',
  '[',
  ']',
  '{',
  '}',
  ', ',
  ',',
  '---',
  '--- ',
  '\n---\n',
  '...',
  '?',
  'x:y',
  '\\',
];

/** One to four random edits of `text`: fragments inserted, characters deleted, lines re-indented. */
function randomlyEdited(random: SeededRandom, original: string): string {
  let text = original;
  const edits = 1 + random.below(4);
  for (let edit = 0; edit < edits; edit++) {
    const at = random.below(text.length + 1);
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    switch (random.below(4)) {
      case 0:
        text = text.slice(0, at) + random.pick(fragments) + text.slice(at);
        break;
      case 1:
        text = text.slice(0, at) + text.slice(at + 1 + random.below(8));
        break;
      case 2:
        text = text.slice(0, lineStart) + ' '.repeat(1 + random.below(3)) + text.slice(lineStart);
        break;
      default:
        text = text.slice(0, lineStart) + text.slice(Math.min(text.length, lineStart + 1 + random.below(2)));
    }
  }
  return text;
}

describe('blockTokens: the yaml library CST of block-style YAML', () => {
  it('reads maps, sequences, scalars, comments and blank lines as the library does', () => {
    const texts = [
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web # the name\n  labels:\n    app: "web"\n',
      '# top\n\n---\napiVersion: v1\n# between\nspec:\n  c:\n  - a\n  -  b\n  # indented\n# not indented\n  d: x\n',
      'spec:\n  containers:\n  - name: a\n    image: nginx\n\n\n  - name: b\n    ports:\n      - containerPort: 80\n        protocol: TCP\n',
      'a:\n\n\n# c\nb: 1\n',
      'a:\n  # more indented\nb:\n',
      'list:\n- - a\n',
      'key: value\n    continued on a more indented line\n\n    and after a blank line\nnext: 1\n',
      'q: \'it\'\'s\'\nd: "a \\" quote"\nmulti: "first\n  second"\n',
      'data:\n  script: |\n    #!/bin/sh\n    echo hi\n\n  kept: |+\n    x\n\n  folded: >-\n    a\n     b\n  indented: |2\n      x\n  empty: |\nnext: 1\n',
      'args: ["--port", "80", a: b]\nempty: {}\nnone: []\nnested: {a: [1, {b: c}], d: e}\n',
      'command: [\n  "sh",\n  "-c", # a comment\n  "x"\n]\nafter: 1\n',
      'plain scalar document\n',
      '--- # a comment on the marker\na: 1\n---\nb: 2\n',
      'a: 1\n# trailing\n\n',
      '',
      '\n\n',
      '# only a comment',
      'a: b: c\n',
      'a:\n  - x\n b: y\n',
      ': no key\n',
      'a: "unterminated\n',
    ];
    const read = texts.filter((text) => readsLikeTheLibrary(text));
    // Every text above is inside the subset, errors the composer reports included, except the
    // `:` that starts a line (an empty key).
    assert.deepEqual(
      texts.filter((text) => !read.includes(text)),
      [': no key\n'],
    );
  });

  it('gives undefined for what is outside the subset', () => {
    const outside = [
      'a:\tb\n',
      'a: b\r\nc: d\r\n',
      '\uFEFFa: b\n',
      '%YAML 1.1\n---\na: b\n',
      'a: b\n...\n',
      'a: &anchor b\nc: *anchor\n',
      'a: !!str b\n',
      '? complex\n: key\n',
      'key: - a\n',
      '{a: 1}: b\n',
    ];
    for (const text of outside) {
      assert.equal(blockTokens(text), undefined, JSON.stringify(text));
    }
  });

  it('reads every document of the Kubernetes website examples as the library does, all but five', function () {
    const texts = websiteExampleSegments();
    if (!texts) {
      this.skip();
    }
    const outside = texts.filter((text) => !readsLikeTheLibrary(text));
    // Four end with `...`, one holds `...` as a placeholder for the rest of the spec.
    assert.equal(outside.length, 5);
    assert.ok(outside.every((text) => /^\.\.\.$/m.test(text)));
  });

  it('gives the documents parseAllDocuments and parseDocument give, and ParsedSegment gives them', function () {
    const summary = (documents: readonly Document.Parsed[]): unknown =>
      documents.map((document) => ({
        text: document.errors.length === 0 ? String(document) : undefined,
        comments: [document.commentBefore, document.comment],
        range: document.range,
        contents: document.contents?.range,
        errors: document.errors.map((error) => [error.code, error.message, error.pos]),
        warnings: document.warnings.map((warning) => [warning.code, warning.message, warning.pos]),
      }));
    const texts = [
      ...(websiteExampleSegments() ?? []),
      // Two documents: parseDocument reports the second on the first.
      'a: 1\n---\nb: 2\n',
      // Outside the subset: the package parses it itself.
      'a: &x 1\nb: *x\n',
      '',
    ];
    for (const text of texts) {
      const expected = parseAllDocuments(text, segmentParseOptions);
      const expectedDocuments = Array.isArray(expected) ? expected : [];
      assert.deepEqual(
        summary(parseAllDocumentsFast(text, segmentParseOptions)),
        summary(expectedDocuments),
        text,
      );
      assert.deepEqual(summary(new ParsedSegment(text).documents), summary(expectedDocuments), text);
      assert.deepEqual(
        summary([parseDocumentFast(text, segmentParseOptions)]),
        summary([parseDocument(text, segmentParseOptions)]),
        text,
      );
    }
  });

  it('reads random texts and random edits of real documents as the library does, or not at all', function () {
    const texts = websiteExampleSegments() ?? [
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers: []\n',
    ];
    const random = new SeededRandom(20261206);
    let read = 0;
    const rounds = 4000;
    for (let round = 0; round < rounds; round++) {
      let text = '';
      if (round % 2 === 0) {
        const count = 1 + random.below(30);
        for (let index = 0; index < count; index++) {
          text += random.pick(fragments);
        }
      } else {
        text = randomlyEdited(random, random.pick(texts));
      }
      if (readsLikeTheLibrary(text)) {
        read++;
      }
    }
    // The random texts must exercise the subset, not only its way out.
    assert.ok(read > rounds / 2, `only ${read} of ${rounds} random texts were read`);
  });
});
