/**
 * Glob patterns as used in settings and `.podscope.yaml` excludes: `**` crosses folders, `*` and
 * `?` stay within one, `{a,b}` is an alternative. A pattern without a slash matches a file name
 * anywhere (like .gitignore).
 */
export function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index]!;
    if (char === '*') {
      if (pattern[index + 1] === '*') {
        const slash = pattern[index + 2] === '/';
        source += slash ? '(?:.*/)?' : '.*';
        index += slash ? 2 : 1;
      } else {
        source += '[^/]*';
      }
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '{') {
      const close = pattern.indexOf('}', index);
      if (close < 0) {
        source += '\\{';
      } else {
        const options = pattern
          .slice(index + 1, close)
          .split(',')
          .map((option) => globToRegExp(option).source.slice(1, -1));
        source += `(?:${options.join('|')})`;
        index = close;
      }
    } else {
      source += char.replace(/[.+^$()|[\]\\]/g, '\\$&');
    }
  }
  const anchored = pattern.includes('/') ? `^${source.replace(/^\//, '')}$` : `^(?:.*/)?${source}$`;
  return new RegExp(anchored);
}

/** Whether a slash-separated path (relative to its root, or absolute) matches any pattern. */
export function matchesAny(path: string, patterns: readonly string[]): boolean {
  const normalised = path.replace(/\\/g, '/');
  return patterns.some((pattern) => {
    const regExp = globToRegExp(pattern);
    if (pattern.startsWith('/')) {
      // An absolute pattern (from a config file) matches absolute paths only, whole.
      return regExp.test(normalised.replace(/^\//, ''));
    }
    // Absolute paths are tried with every leading folder removed, so `examples/**` matches
    // /home/me/repo/examples/a.yaml.
    const parts = normalised.split('/');
    for (let start = 0; start < parts.length; start++) {
      if (regExp.test(parts.slice(start).join('/'))) {
        return true;
      }
    }
    return false;
  });
}
