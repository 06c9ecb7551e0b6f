/**
 * Fixture edits that cannot drift: `edit(text, anchor, replacement)` replaces the one occurrence
 * of `anchor` and throws unless there is exactly one. A bare `.replace` whose anchor no longer
 * occurs returns the text unchanged, and a negative test then passes for the wrong reason.
 */
export function edit(text: string, anchor: string, replacement: string): string {
  const at = text.indexOf(anchor);
  if (at < 0) {
    throw new Error(`edit: the anchor does not occur in the fixture: ${JSON.stringify(anchor)}`);
  }
  if (text.indexOf(anchor, at + 1) >= 0) {
    throw new Error(`edit: the anchor occurs more than once in the fixture: ${JSON.stringify(anchor)}`);
  }
  return text.slice(0, at) + replacement + text.slice(at + anchor.length);
}
