/**
 * Every feature of the language service on one text, with what an editor relies on checked: no
 * exception, an answer within budget, every range inside the text, completion edits on the
 * cursor's line around the cursor, symbol selections inside their symbols, code action edits
 * that do not overlap and touch only the document.
 */
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  CompletionItem,
  Diagnostic,
  DocumentSymbol,
  Position,
  TextEdit,
} from 'vscode-languageserver-types';
import type { SimulationTarget } from '../../server/src/protocol/customMessages';
import type { LanguageService } from '../../server/src/service/languageService';
import type { Scenario } from '../../server/src/simulator/types';
import { assertRangeInside, lineLengths, rangeContains, type Timings } from './robustnessSupport';

/** Milliseconds each kind of call may take. */
export interface Budgets {
  validation: number;
  completion: number;
  hover: number;
  /** Symbols, code actions, code lenses, simulation. */
  other: number;
}

export interface Exercise {
  /** Where completion and hover are asked for. */
  positions: readonly Position[];
  /** The simulation targets this document index, and the first position. */
  documentIndex?: number;
  scenario?: Scenario;
}

/** Checks every edit of a list against the text, and that no two of them overlap. */
export function checkEdits(
  lengths: readonly number[],
  document: TextDocument,
  edits: readonly TextEdit[],
  what: string,
): void {
  const spans = edits.map((edit) => {
    assertRangeInside(lengths, edit.range, what);
    return [document.offsetAt(edit.range.start), document.offsetAt(edit.range.end)] as const;
  });
  spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  for (let index = 1; index < spans.length; index++) {
    assert.ok(spans[index]![0] >= spans[index - 1]![1], `${what}: edits overlap`);
  }
}

export function checkCompletionItem(
  lengths: readonly number[],
  position: Position,
  item: CompletionItem,
): void {
  const what = `completion "${item.label}" at ${position.line}:${position.character}`;
  const edit = item.textEdit;
  if (edit) {
    const ranges = 'range' in edit ? [edit.range] : [edit.insert, edit.replace];
    for (const range of ranges) {
      assertRangeInside(lengths, range, what);
      // VS Code drops an item whose edit spans lines or does not contain the cursor.
      assert.equal(range.start.line, range.end.line, `${what}: the edit spans lines`);
      assert.ok(
        range.start.line === position.line &&
          range.start.character <= position.character &&
          position.character <= range.end.character,
        `${what}: the edit ${JSON.stringify(range)} does not contain the cursor`,
      );
    }
  }
  for (const additional of item.additionalTextEdits ?? []) {
    assertRangeInside(lengths, additional.range, `${what} (additional edit)`);
  }
}

export function checkSymbols(lengths: readonly number[], symbols: readonly DocumentSymbol[]): void {
  for (const symbol of symbols) {
    assertRangeInside(lengths, symbol.range, `symbol ${symbol.name}`);
    assertRangeInside(lengths, symbol.selectionRange, `symbol ${symbol.name} (selection)`);
    // VS Code rejects the whole outline otherwise.
    assert.ok(
      rangeContains(symbol.range, symbol.selectionRange),
      `symbol ${symbol.name}: the selection range lies outside the range`,
    );
    checkSymbols(lengths, symbol.children ?? []);
  }
}

/** Runs every feature of the service on a document and checks the answers; returns the diagnostics. */
export function exerciseService(
  service: LanguageService,
  timings: Timings,
  document: TextDocument,
  exercise: Exercise,
  budgets: Budgets,
): Diagnostic[] {
  const { uri } = document;
  const text = document.getText();
  const lengths = lineLengths(text);
  try {
    const diagnostics = timings.measure('doValidation', budgets.validation, () =>
      service.doValidation(document),
    );
    for (const diagnostic of diagnostics) {
      assertRangeInside(lengths, diagnostic.range, `diagnostic ${String(diagnostic.code)}`);
    }
    for (const position of exercise.positions) {
      const completion = timings.measure('doComplete', budgets.completion, () =>
        service.doComplete(document, position),
      );
      for (const item of completion.items) {
        checkCompletionItem(lengths, position, item);
      }
      const hover = timings.measure('doHover', budgets.hover, () => service.doHover(document, position));
      if (hover?.range) {
        assertRangeInside(lengths, hover.range, 'hover');
      }
    }
    checkSymbols(
      lengths,
      timings.measure('findDocumentSymbols', budgets.other, () => service.findDocumentSymbols(document)),
    );
    const actions = timings.measure('doCodeActions', budgets.other, () =>
      service.doCodeActions(document, { diagnostics }),
    );
    for (const action of actions) {
      const changes = action.edit?.changes ?? {};
      assert.deepEqual(Object.keys(changes), [uri], `code action "${action.title}" edits another file`);
      checkEdits(lengths, document, changes[uri]!, `code action "${action.title}"`);
      TextDocument.applyEdits(document, changes[uri]!);
    }
    for (const lens of timings.measure('findCodeLenses', budgets.other, () =>
      service.findCodeLenses(document),
    )) {
      assertRangeInside(lengths, lens.range, 'code lens');
    }
    const targets: SimulationTarget[] = [
      { documentIndex: exercise.documentIndex ?? 0 },
      ...exercise.positions.slice(0, 1).map((position) => ({ position })),
    ];
    for (const target of targets) {
      const result = timings.measure('doSimulate', budgets.other, () =>
        service.doSimulate(document, target, exercise.scenario ?? {}),
      );
      if (result.ok) {
        assertRangeInside(lengths, result.document.range, 'simulated document');
        for (const [name, range] of Object.entries(result.document.containers)) {
          assertRangeInside(lengths, range, `simulated container ${name}`);
        }
      } else {
        assert.equal(typeof result.error, 'string');
      }
    }
    return diagnostics;
  } finally {
    service.closeDocument(uri);
  }
}
