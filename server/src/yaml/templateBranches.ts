/**
 * The branches of a Helm template: which text belongs to which branch of which
 * `if`/`else if`/`else`, `with`/`else` and `range`/`else` chain, so that two parts of a document
 * that stand in different branches of one chain are known never to be rendered together.
 *
 * Read as Go's text/template reads a template (Helm renders with it):
 * - actions are delimited by `{{` and `}}`; a left trim marker is `{{-` followed by a space, a
 *   right one a space followed by `-}}`, and they only trim the text around the action
 *   (text/template/parse/lex.go: `lexLeftDelim`, `hasLeftTrimMarker`, `hasRightTrimMarker`);
 * - inside an action, a quoted string, a raw string or a character constant may hold `}}`
 *   (lex.go: `lexQuote`, `lexRawQuote`, `lexChar`);
 * - a comment is `{{/* … *\/}}` (trim markers allowed around it) and ends at its `*\/`, which must
 *   be followed by the closing delimiter (lex.go: `lexComment`);
 * - `if`, `with` and `range` open a chain that `{{end}}` closes; `{{else}}` starts its last
 *   branch, and `{{else if …}}` / `{{else with …}}` another branch of the same chain
 *   (text/template/parse/parse.go: `parseControl`, `elseControl`: "else if" is read as an `if`
 *   nested in the else branch, with one shared `end`; its branches exclude each other all the
 *   same). `range`'s else branch runs when there is nothing to range over (text/template docs).
 * - `define` and `block` also end with `{{end}}`: their body is one branch of its own. A
 *   `define` body is not rendered where it stands, only where `template` or `include` calls it;
 *   a `block` is defined and executed in place (text/template docs, "Nested template
 *   definitions"; parse.go: `parseDefinition`, `blockControl`).
 *
 * The text is one document of a file split at `---` (yaml/manifestFile.ts), and Helm renders
 * the whole file before splitting it, so a chain may cross a `---`: a chain left open runs to the
 * end of the text, and in a text that starts with `---`, an `else` or `end` with nothing open
 * belongs to a chain opened in an earlier document (the text before it is one of its branches).
 * Anything else the lexer or the parser would reject (an unclosed action or comment, an `else`
 * or `end` with nothing open in the first document, an `else` after the last `else`) gives no
 * model: callers then know nothing about exclusivity, as before.
 */

/** The branches of one template text, by offsets into that text. */
export interface TemplateBranches {
  /** The text at offsets `a` and `b` stands in different branches of one chain: never rendered together. */
  exclusive(a: number, b: number): boolean;
  /** The text at `offset` is in the body of a `{{define}}`: not rendered where it stands. */
  inDefinition(offset: number): boolean;
  /**
   * What must hold for the text at `offset` to render: for each branch around it, outermost
   * first, its own condition and those of the branches before it in its chain (which must all
   * have been false).
   */
  guardsAt(offset: number): readonly BranchGuard[];
  /**
   * The text as each branch of a chain renders it, one text per branch index: in the `n`th, every
   * chain keeps its `n`th branch (its last, when it has fewer) and the text of its other branches
   * is blanked (line breaks kept). One text, the given one, when no chain has an `else`.
   */
  branchTexts(text: string): string[];
}

/** The action that opens a branch: its keyword and, for `if`/`with`/`range`, its pipeline's text. */
export interface BranchCondition {
  /** `if`, `with`, `range`, `define`, `block`, or `else` for a plain `{{else}}`. */
  readonly keyword: string;
  /**
   * The pipeline after the keyword(s) (`.Capabilities.APIVersions.Has "policy/v1"`); absent for
   * `else`, and for a chain opened in a document before this text (its condition is not here).
   */
  readonly pipeline?: string;
}

/** One branch around a text, with what decides whether it renders. */
export interface BranchGuard {
  /** The branch's own condition (`{{else if X}}` is an `if` of X). */
  readonly condition: BranchCondition;
  /** The conditions of the branches before it in its chain, first first: each was false. */
  readonly earlier: readonly BranchCondition[];
}

interface Branch {
  /** Which chain (`if`…`end`) the branch belongs to. */
  readonly chain: number;
  /** Its place in the chain: 0 for the first, then each `else if` / `else`. */
  readonly index: number;
  /** The body of a `{{define}}`. */
  readonly definition: boolean;
  /** The action that opens it. */
  readonly condition: BranchCondition;
  /** The text of the branch: from the end of its opening action to the start of the next action of the chain. */
  readonly start: number;
  end: number;
}

interface OpenChain {
  readonly chain: number;
  branch: Branch;
  /** `{{else}}` was seen: only `{{end}}` may follow (parse.go: `parseControl`). */
  closedToElse: boolean;
}

/** One action: its offsets (delimiters included), its text and its first words, for a control action. */
export interface TemplateAction {
  readonly start: number;
  readonly end: number;
  /** The action's text without delimiters and trim markers (empty for a comment). */
  readonly body: string;
  readonly comment: boolean;
  readonly words: readonly string[];
}

const space = /[ \t\r\n]/;

/**
 * Whether an action's keyword opens a block that an `{{end}}` closes (text/template
 * parse.go: `ifControl`, `withControl`, `rangeControl`, `defineControl`, `blockControl`).
 */
export function opensBlock(
  keyword: string | undefined,
): keyword is 'if' | 'with' | 'range' | 'define' | 'block' {
  return (
    keyword === 'if' ||
    keyword === 'with' ||
    keyword === 'range' ||
    keyword === 'define' ||
    keyword === 'block'
  );
}

/** The branches of a template text; undefined when it has none or text/template would reject it. */
export function readTemplateBranches(text: string): TemplateBranches | undefined {
  const actions = lexActions(text);
  if (!actions) {
    return undefined;
  }
  const branches: Branch[] = [];
  const open: OpenChain[] = [];
  let chains = 0;
  // A document after a `---` may close chains that a document before it opened (Helm renders
  // the whole file, then splits it: pkg/releaseutil/manifest.go `SplitManifests`): the text
  // before such an `else` or `end` is one branch of a chain opened before it.
  const continuesChains = /^---(?:[ \t]|\r?\n|$)/.test(text);
  const openedBefore = (offset: number): OpenChain => {
    // Its opening action is in a document before this one: its condition is not known here.
    const branch: Branch = {
      chain: chains++,
      index: 0,
      definition: false,
      condition: { keyword: 'if' },
      start: 0,
      end: offset,
    };
    branches.push(branch);
    return { chain: branch.chain, branch, closedToElse: false };
  };
  for (const action of actions) {
    const [word, next] = action.words;
    if (opensBlock(word)) {
      const branch: Branch = {
        chain: chains++,
        index: 0,
        definition: word === 'define',
        condition: { keyword: word, pipeline: afterWords(action.body, 1) },
        start: action.end,
        end: action.end,
      };
      branches.push(branch);
      open.push({ chain: branch.chain, branch, closedToElse: false });
    } else if (word === 'else') {
      let current = open[open.length - 1];
      if (!current && continuesChains) {
        current = openedBefore(action.start);
        open.push(current);
      }
      if (!current || current.closedToElse) {
        return undefined;
      }
      current.branch.end = action.start;
      const branch: Branch = {
        chain: current.chain,
        index: current.branch.index + 1,
        definition: false,
        condition:
          next === 'if' || next === 'with'
            ? { keyword: next, pipeline: afterWords(action.body, 2) }
            : { keyword: 'else' },
        start: action.end,
        end: action.end,
      };
      branches.push(branch);
      current.branch = branch;
      // `else if` and `else with` open another conditional branch; a plain `else` is the last.
      current.closedToElse = next !== 'if' && next !== 'with';
    } else if (word === 'end') {
      const current = open.pop() ?? (continuesChains ? openedBefore(action.start) : undefined);
      if (!current) {
        return undefined;
      }
      current.branch.end = action.start;
    }
  }
  if (branches.length === 0) {
    return undefined;
  }
  // A chain still open runs on into the next document: its branch ends with this text.
  for (const current of open) {
    current.branch.end = text.length;
  }
  return {
    exclusive(a: number, b: number): boolean {
      const pathA = branchesAround(branches, a);
      const pathB = branchesAround(branches, b);
      for (let depth = 0; depth < Math.min(pathA.length, pathB.length); depth++) {
        const [first, second] = [pathA[depth]!, pathB[depth]!];
        if (first === second) {
          continue;
        }
        // Siblings of one chain exclude each other; two separate chains may both render.
        return first.chain === second.chain;
      }
      return false;
    },
    inDefinition(offset: number): boolean {
      return branchesAround(branches, offset).some((branch) => branch.definition);
    },
    guardsAt(offset: number): BranchGuard[] {
      return branchesAround(branches, offset).map((branch) => ({
        condition: branch.condition,
        earlier: branches
          .filter((other) => other.chain === branch.chain && other.index < branch.index)
          .map((other) => other.condition),
      }));
    },
    branchTexts(text: string): string[] {
      return branchTexts(text, branches);
    },
  };
}

/** An action's text after its first `count` identifiers (the keywords), trimmed. */
function afterWords(body: string, count: number): string {
  const identifier = /^\s*[A-Za-z_][A-Za-z0-9_]*/;
  let rest = body;
  for (let index = 0; index < count; index++) {
    rest = rest.replace(identifier, '');
  }
  return rest.trim();
}

/** At most this many texts per template: a chain with more branches keeps its last in the rest. */
const maxBranchTexts = 4;

function branchTexts(text: string, branches: readonly Branch[]): string[] {
  const sizes = new Map<number, number>();
  for (const branch of branches) {
    sizes.set(branch.chain, Math.max(sizes.get(branch.chain) ?? 0, branch.index + 1));
  }
  const count = Math.min(maxBranchTexts, Math.max(...sizes.values()));
  if (count <= 1) {
    return [text];
  }
  const texts: string[] = [];
  for (let variant = 0; variant < count; variant++) {
    // The branches left out, outermost first; one inside another left out is skipped.
    const left = branches
      .filter((branch) => branch.index !== Math.min(variant, sizes.get(branch.chain)! - 1))
      .sort((a, b) => a.start - b.start || b.end - a.end);
    const pieces: string[] = [];
    let copied = 0;
    for (const branch of left) {
      if (branch.start < copied) {
        continue;
      }
      pieces.push(
        text.slice(copied, branch.start),
        text.slice(branch.start, branch.end).replace(/[^\r\n]/g, ' '),
      );
      copied = branch.end;
    }
    pieces.push(text.slice(copied));
    texts.push(pieces.join(''));
  }
  return texts;
}

/** The branches that hold an offset, outermost first (branches nest: an inner one starts later). */
function branchesAround(branches: readonly Branch[], offset: number): Branch[] {
  return branches
    .filter((branch) => branch.start <= offset && offset < branch.end)
    .sort((a, b) => a.start - b.start || b.end - a.end);
}

/** The actions of a template, in order; undefined when the lexer would stop with an error. */
export function lexActions(text: string): TemplateAction[] | undefined {
  const actions: TemplateAction[] = [];
  for (let start = text.indexOf('{{'); start >= 0; start = text.indexOf('{{', start)) {
    let index = start + 2;
    if (text[index] === '-' && space.test(text[index + 1] ?? '')) {
      index += 2;
    }
    while (space.test(text[index] ?? '')) {
      index++;
    }
    let end: number | undefined;
    let body = '';
    const comment = text.startsWith('/*', index);
    if (comment) {
      const close = text.indexOf('*/', index + 2);
      end = close < 0 ? undefined : closingDelimiter(text, close + 2);
    } else {
      const scanned = scanAction(text, index);
      if (scanned) {
        [body, end] = scanned;
      }
    }
    if (end === undefined) {
      return undefined;
    }
    actions.push({ start, end, body, comment, words: leadingWords(body) });
    start = end;
  }
  return actions;
}

/**
 * The first two identifiers of an action, for its keyword (and `if`/`with` after `else`). A
 * keyword ends where an identifier does (lex.go: `lexIdentifier`): `{{range.spec.ports}}` is
 * `range` over `.spec.ports`.
 */
function leadingWords(body: string): string[] {
  const words: string[] = [];
  const identifier = /^\s*([A-Za-z_][A-Za-z0-9_]*)/;
  let rest = body;
  for (let match = identifier.exec(rest); match && words.length < 2; match = identifier.exec(rest)) {
    words.push(match[1]!);
    rest = rest.slice(match[0].length);
  }
  return words;
}

/** The end of the `}}` (with an optional right trim marker) right after a comment, if it is there. */
function closingDelimiter(text: string, from: number): number | undefined {
  const match = /^(?:[ \t\r\n]+-)?\}\}/.exec(text.slice(from, from + 1024));
  return match ? from + match[0].length : undefined;
}

/**
 * An action's body (without a right trim marker) and the offset after its `}}`; skips over quoted
 * text. Undefined when the action does not close. (The chart model reads actions with it too.)
 */
export function scanAction(text: string, from: number): [string, number] | undefined {
  for (let index = from; index < text.length; index++) {
    const char = text[index]!;
    if (char === '"' || char === "'") {
      // lex.go: a quoted string or a character constant ends at its unescaped quote, on its line.
      for (index++; index < text.length && text[index] !== char; index++) {
        if (text[index] === '\\') {
          index++;
        } else if (text[index] === '\n') {
          return undefined;
        }
      }
      if (index >= text.length) {
        return undefined;
      }
    } else if (char === '`') {
      const close = text.indexOf('`', index + 1);
      if (close < 0) {
        return undefined;
      }
      index = close;
    } else if (char === '}' && text[index + 1] === '}') {
      let body = text.slice(from, index);
      if (/[ \t\r\n]-$/.test(body)) {
        body = body.slice(0, -1);
      }
      return [body, index + 2];
    }
  }
  return undefined;
}
