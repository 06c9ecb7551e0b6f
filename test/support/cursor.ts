import type { Position } from 'vscode-languageserver-types';

/**
 * Splits a fixture at its cursor marker (`|` by default) into the text without the marker and
 * the marker's position. Throws when the marker is missing or appears more than once.
 */
export function withCursor(fixture: string, marker = '|'): { text: string; position: Position } {
  const offset = fixture.indexOf(marker);
  if (offset < 0) {
    throw new Error(`The fixture has no cursor marker "${marker}"`);
  }
  if (fixture.indexOf(marker, offset + marker.length) >= 0) {
    throw new Error(`The fixture has more than one cursor marker "${marker}"; pass another marker`);
  }
  const before = fixture.slice(0, offset);
  const line = before.split('\n').length - 1;
  const character = offset - (before.lastIndexOf('\n') + 1);
  return { text: before + fixture.slice(offset + marker.length), position: { line, character } };
}
