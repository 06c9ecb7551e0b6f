/**
 * server/src/yaml/manifestFile.ts `plainData`: a document's data is what the yaml package's
 * `toJS` gives (the same values, prototypes and key order), whether it is made by the quick walk
 * of plain trees or by toJS itself; undefined for an alias bomb or data that contains itself.
 */
import * as assert from 'node:assert/strict';
import { type Document, parseAllDocuments } from 'yaml';
import { maxAliasCount, plainData, segmentParseOptions } from '../../server/src/yaml/manifestFile';
import { SeededRandom } from '../bench/random';
import { websiteExampleSegments } from '../support/corpus';

function documentsOf(text: string): Document[] {
  const documents = parseAllDocuments(text, segmentParseOptions);
  return Array.isArray(documents) ? documents : [];
}

/** Asserts that plainData gives toJS's data: equal values and prototypes, and the same key order. */
function assertLikeToJS(document: Document, text: string): void {
  const expected: unknown = document.toJS({ maxAliasCount });
  const actual = plainData(document, maxAliasCount);
  assert.deepStrictEqual(actual, expected, text);
  const order = (value: unknown): string =>
    JSON.stringify(value, (_key, item: unknown) =>
      item instanceof Map || item instanceof Set ? { [item.constructor.name]: [...item] } : item,
    );
  assert.equal(order(actual), order(expected), text);
}

describe('plainData: a document as plain data', () => {
  it('gives what toJS gives for plain trees and for each kind of tree toJS converts its own way', () => {
    const texts = [
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels: {app: web}\nspec:\n  containers:\n  - name: a\n    ports: [80, 443]\n',
      'a:\nb: ~\nc: [1, 2.5, true, null, "s", 0x1F, 0o17, yes, off]\n',
      'constructor: 1\ntoString: 2\nhasOwnProperty: 3\n',
      'a: 1\na: 2\nb: 3\n',
      '',
      '# only a comment\n',
      // Each below is toJS's: keys that are not strings, merge keys, __proto__, aliases, tags.
      '1: one\ntrue: yes\nnull: nothing\n~: also\n',
      'base: &b {x: 1}\nderived:\n  <<: *b\n  y: 2\n',
      '"<<": quoted\n',
      '__proto__: {polluted: true}\n',
      'a: &x [1, 2]\nb: *x\n',
      'set: !!set {a, b}\n',
      'omap: !!omap [{a: 1}, {b: 2}]\n',
      'data: !!binary aGVsbG8=\n',
      '? [a, b]\n: complex key\n',
      'list: [a: 1, b]\n',
    ];
    for (const text of texts) {
      for (const document of documentsOf(text)) {
        assertLikeToJS(document, text);
      }
    }
  });

  it('gives undefined for data that would contain itself, and for an alias bomb', () => {
    const [itself] = documentsOf('a: &x\n  b: *x\n');
    assert.equal(plainData(itself!, maxAliasCount), undefined);
    const bomb = ['a: &a [x, x]', 'b: &b [*a, *a]', 'c: &c [*b, *b]', 'd: &d [*c, *c]', 'e: [*d, *d]'].join(
      '\n',
    );
    assert.equal(plainData(documentsOf(bomb)[0]!, 10), undefined);
  });

  it('gives what toJS gives for every document of the website examples, and random edits of them', function () {
    const texts = websiteExampleSegments() ?? [];
    if (texts.length === 0) {
      this.skip();
    }
    for (const text of texts) {
      for (const document of documentsOf(text)) {
        assertLikeToJS(document, text);
      }
    }
    const random = new SeededRandom(20261206);
    const pieces = [
      ': ',
      '- ',
      '\n  ',
      '<<',
      '1',
      'true',
      '~',
      '!!set ',
      '&a ',
      '*a',
      '[',
      '{',
      ',',
      '"',
      '#',
    ];
    for (let round = 0; round < 2000; round++) {
      const original = random.pick(texts);
      const at = random.below(original.length + 1);
      const text = original.slice(0, at) + random.pick(pieces) + original.slice(at + random.below(3));
      for (const document of documentsOf(text)) {
        let expectedFails = false;
        try {
          document.toJS({ maxAliasCount });
        } catch {
          expectedFails = true;
        }
        if (expectedFails) {
          assert.equal(plainData(document, maxAliasCount), undefined, text);
        } else {
          assertLikeToJS(document, text);
        }
      }
    }
  });
});
