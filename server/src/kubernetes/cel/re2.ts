/**
 * RE2 patterns as JavaScript regular expressions. CEL's `matches` and the Kubernetes regex library
 * (`find`, `findAll`) use Go's RE2 syntax (cel-go `matches` → `regexp.MatchString`; k8s.io/apiserver
 * pkg/cel/library/regex.go → `regexp.Compile`). Most RE2 patterns mean the same in JavaScript with
 * the `u` flag; the RE2-only spellings written in real CRDs are translated here (leading flag
 * groups such as `(?i)`, POSIX classes `[[:alpha:]]`, `\A`, `\z`, `\Q…\E`, `(?P<name>…)`). A
 * pattern that cannot be translated faithfully gives undefined, and the rule that uses it is not
 * judged.
 */

/** RE2's POSIX classes (https://github.com/google/re2/wiki/Syntax, "ASCII character classes"). */
const posixClasses: Readonly<Record<string, string>> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

/** Characters that must be escaped to stand for themselves in a JavaScript pattern. */
const syntaxCharacters = /[\\^$.*+?()[\]{}|/-]/g;

const cache = new Map<string, RegExp | null>();
const maxCached = 500;

/** The JavaScript regular expression for an RE2 pattern, or undefined when it has none. */
export function re2ToRegExp(pattern: string): RegExp | undefined {
  const cached = cache.get(pattern);
  if (cached !== undefined) {
    return cached ?? undefined;
  }
  const translated = translate(pattern);
  if (cache.size >= maxCached) {
    cache.clear();
  }
  cache.set(pattern, translated ?? null);
  return translated;
}

function translate(pattern: string): RegExp | undefined {
  let rest = pattern;
  let flags = 'u';
  // A leading flag group applies to the whole pattern, as JavaScript's flags do: (?i) (?s) (?m),
  // also after a leading ^, which no flag changes.
  let anchor = '';
  const leading = /^(\^?)\(\?([imsU]+)\)/.exec(rest);
  if (leading) {
    anchor = leading[1]!;
    for (const flag of leading[2]!) {
      if (flag === 'U' || (flag === 'm' && anchor !== '')) {
        return undefined; // ungreedy has no JavaScript flag; a ^ before (?m) is not multi-line
      }
      if (!flags.includes(flag)) {
        flags += flag;
      }
    }
    rest = rest.slice(leading[0].length);
  }
  let source = anchor;
  let inClass = false;
  for (let index = 0; index < rest.length; index++) {
    const char = rest[index]!;
    if (char === '\\') {
      const next = rest[index + 1];
      if (next === undefined) {
        return undefined;
      }
      if (!inClass && next === 'A') {
        source += '^';
      } else if (!inClass && next === 'z') {
        source += '(?![\\s\\S])';
      } else if (!inClass && next === 'Q') {
        const end = rest.indexOf('\\E', index + 2);
        const literal = rest.slice(index + 2, end === -1 ? undefined : end);
        source += literal.replace(syntaxCharacters, '\\$&');
        index = end === -1 ? rest.length : end + 1;
        continue;
      } else if (next === 'x' && rest[index + 2] === '{') {
        source += '\\u';
      } else if (/[0-9]/.test(next) && next !== '0') {
        return undefined; // RE2 has no backreferences
      } else if (next === 'p' || next === 'P') {
        // \pL → \p{L}; \p{Greek} is a script name in RE2, Script=Greek in JavaScript.
        const braced = /^\{(\^?)([A-Za-z_]+)\}/.exec(rest.slice(index + 2));
        const name = braced ? braced[2]! : rest[index + 2];
        if (name === undefined) {
          return undefined;
        }
        const negated = (next === 'P') !== (braced?.[1] === '^');
        const property = name.length <= 2 ? name : `Script=${name}`;
        source += `\\${negated ? 'P' : 'p'}{${property}}`;
        index += braced ? braced[0].length + 1 : 2;
        continue;
      } else if (/[A-Za-z0-9]/.test(next)) {
        source += `\\${next}`;
      } else {
        // RE2 lets any punctuation be escaped; the u flag allows only syntax characters.
        source += /[\\^$.*+?()[\]{}|/]/.test(next) || (inClass && next === '-') ? `\\${next}` : next;
      }
      index++;
      continue;
    }
    if (inClass) {
      if (char === '[' && rest[index + 1] === ':') {
        const posix = /^\[:(\^?)([a-z]+):\]/.exec(rest.slice(index));
        const ranges = posix ? posixClasses[posix[2]!] : undefined;
        if (!posix || ranges === undefined || posix[1] === '^') {
          return undefined;
        }
        source += ranges;
        index += posix[0].length - 1;
        continue;
      }
      if (char === '[') {
        source += '\\[';
        continue;
      }
      if (char === ']') {
        inClass = false;
      }
      source += char;
      continue;
    }
    if (char === '[') {
      inClass = true;
      source += char;
      if (rest[index + 1] === '^') {
        source += '^';
        index++;
      }
      // A ']' first in a class is a literal in RE2.
      if (rest[index + 1] === ']') {
        source += '\\]';
        index++;
      }
      continue;
    }
    if (char === '(' && rest[index + 1] === '?') {
      if (rest.startsWith('(?P<', index)) {
        source += '(?<';
        index += 3;
        continue;
      }
      if (
        rest.startsWith('(?:', index) ||
        (rest.startsWith('(?<', index) && !/[=!]/.test(rest[index + 3] ?? ''))
      ) {
        source += '(?' + rest[index + 2]!;
        index += 2;
        continue;
      }
      return undefined; // inline flags mid-pattern, lookarounds: not RE2's or not JavaScript's
    }
    source += char;
  }
  try {
    return new RegExp(source, flags);
  } catch {
    return undefined;
  }
}
