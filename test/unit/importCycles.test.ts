/**
 * No module of server/src or client/src imports itself back through others (type imports
 * included): the layers between folders are checked by ESLint (eslint.layers.mjs); inside a
 * folder, the parts of a split (the simulator's kubelet parts, the validation stages) import only
 * downward, and this test keeps it so.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../support/paths';

function sourceFiles(folder: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      files.push(...sourceFiles(full));
    } else if (entry.name.endsWith('.ts')) {
      files.push(full);
    }
  }
  return files;
}

/** The relative imports of a module (`import … from './x'`, `export … from '../y'`), resolved to files. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/^(?:import|export)\b[^;]*?from\s+'(\.[^']*)'/gms)].map(
    (match) => match[1]!,
  );
  return specifiers.flatMap((specifier) => {
    const base = path.resolve(path.dirname(file), specifier);
    const candidate = [`${base}.ts`, path.join(base, 'index.ts')].find((name) => fs.existsSync(name));
    return candidate ? [candidate] : [];
  });
}

function findCycle(files: readonly string[]): string[] | undefined {
  const graph = new Map(files.map((file) => [file, importsOf(file)]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): string[] | undefined => {
    if (state.get(file) === 'done') {
      return undefined;
    }
    if (state.get(file) === 'visiting') {
      return [...stack.slice(stack.indexOf(file)), file];
    }
    state.set(file, 'visiting');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      const cycle = visit(next);
      if (cycle) {
        return cycle;
      }
    }
    stack.pop();
    state.set(file, 'done');
    return undefined;
  };
  for (const file of files) {
    const cycle = visit(file);
    if (cycle) {
      return cycle.map((name) => path.relative(repoRoot, name));
    }
  }
  return undefined;
}

describe('imports', () => {
  it('server/src and client/src have no import cycles', () => {
    const files = [
      ...sourceFiles(path.join(repoRoot, 'server/src')),
      ...sourceFiles(path.join(repoRoot, 'client/src')),
    ];
    assert.ok(files.length > 100);
    assert.deepEqual(findCycle(files), undefined);
  });

  it('finds a cycle when there is one', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'podscope-cycle-'));
    try {
      fs.writeFileSync(path.join(folder, 'a.ts'), "import { b } from './b';\nexport const a = b;\n");
      fs.writeFileSync(
        path.join(folder, 'b.ts'),
        "import type { a } from './a';\nexport const b = 1 as unknown as typeof a;\n",
      );
      assert.deepEqual(
        findCycle([path.join(folder, 'a.ts'), path.join(folder, 'b.ts')])?.map((file) => path.basename(file)),
        ['a.ts', 'b.ts', 'a.ts'],
      );
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
