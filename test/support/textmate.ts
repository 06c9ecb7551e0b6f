import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { repoRoot } from './paths';

/** One token of a tokenized line: its text and its scopes, outermost first. */
export interface Token {
  readonly text: string;
  readonly scopes: readonly string[];
}

let onigLib: Promise<textmate.IOnigLib> | undefined;

/** The Oniguruma regex engine VS Code uses, loaded once per process (its WASM cannot load twice). */
function loadOniguruma(): Promise<textmate.IOnigLib> {
  onigLib ??= (async () => {
    const wasm = fs.readFileSync(path.join(repoRoot, 'node_modules/vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    return {
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text) => new oniguruma.OnigString(text),
    };
  })();
  return onigLib;
}

export interface GrammarSetup {
  /** Grammar files by scope name; a scope without a file (e.g. `source.shell`) is missing, as in VS Code without that extension. */
  readonly grammars: Readonly<Record<string, string>>;
  /** Injection grammars by the scope they are injected into (package.json's `injectTo`). */
  readonly injections: Readonly<Record<string, readonly string[]>>;
}

/** Loads a grammar the way VS Code does: through a registry that also knows the injections. */
export async function loadGrammar(scopeName: string, setup: GrammarSetup): Promise<textmate.IGrammar> {
  const registry = new textmate.Registry({
    onigLib: loadOniguruma(),
    loadGrammar: (name) => {
      const file = setup.grammars[name];
      return Promise.resolve(file ? textmate.parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null);
    },
    getInjections: (name) => [...(setup.injections[name] ?? [])],
  });
  const grammar = await registry.loadGrammar(scopeName);
  if (!grammar) {
    throw new Error(`No grammar for ${scopeName}`);
  }
  return grammar;
}

/** Tokenizes a text line by line, carrying the rule stack from each line to the next. */
export function tokenize(grammar: textmate.IGrammar, text: string): Token[][] {
  let state = textmate.INITIAL;
  return text.split('\n').map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens
      .map((token) => ({ text: line.slice(token.startIndex, token.endIndex), scopes: token.scopes }))
      .filter((token) => token.text.length > 0);
  });
}
