import * as assert from 'node:assert/strict';
import { edit } from '../support/fixtureEdit';

describe('fixture edits', () => {
  it('replace the one occurrence of their anchor, taking the replacement literally', () => {
    assert.equal(edit('image: nginx\nname: web\n', 'nginx', 'nginx:1.27'), 'image: nginx:1.27\nname: web\n');
    assert.equal(edit('a: 1\n', 'a: 1', 'a: "$&$1"'), 'a: "$&$1"\n');
  });

  it('throw when the anchor is missing or occurs more than once', () => {
    assert.throws(() => edit('image: nginx\n', 'imag: nginx', 'x'), /does not occur/);
    assert.throws(() => edit('- name: a\n- name: a\n', 'name: a', 'name: b'), /more than once/);
  });
});
