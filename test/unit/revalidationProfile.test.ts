/**
 * How the benchmark sorts a CPU profile's samples into the phases of a keystroke
 * (test/bench/revalidationProfile.ts `phaseTimes`): by the first phase whose function is on the
 * sample's stack, idle left out, only the samples inside the window.
 */
import * as assert from 'node:assert/strict';
import { phaseTimes } from '../bench/revalidationProfile';

/** A profile of a few stacks; node ids are their positions in `names`. */
function profile(): Parameters<typeof phaseTimes>[0] {
  const names = [
    '(root)', // 1
    '(idle)', // 2
    'processTimers', // 3
    'doValidation', // 4
    'indexDocument', // 5
    'parseAllDocuments', // 6: a parse under the index is the parse's
    'schemaDiagnostics', // 7
    '(garbage collector)', // 8
    'sendDiagnostics', // 9
    'writeUtf8String', // 10
    'setTimeout', // 11: nothing of a phase
    'blockTokens', // 12: the parse's tree of block-style YAML
    'compose', // 13: the yaml package's Composer, after blockTokens
  ];
  const children: Record<number, number[]> = {
    1: [2, 3, 8, 9, 11],
    3: [4],
    4: [5, 7],
    5: [6, 12, 13],
    9: [10],
  };
  return {
    nodes: names.map((name, index) => ({
      id: index + 1,
      callFrame: { functionName: name },
      children: children[index + 1] ?? [],
    })),
    startTime: 1_000,
    // Samples at 1100, 1200, …: each stands for the 100 µs until the next.
    samples: [2, 6, 12, 13, 5, 7, 8, 10, 11, 4, 2, 6],
    timeDeltas: [100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100],
  };
}

describe('phaseTimes (the benchmark’s re-validation profile)', () => {
  it('gives each sample to the first phase on its stack, and leaves idle out', () => {
    assert.deepEqual(Object.fromEntries(phaseTimes(profile(), 0, Number.POSITIVE_INFINITY)), {
      'YAML parse of the edited document': 0.1 + 0.1 + 0.1, // three samples, summed as the code sums them
      "Workspace index (the document's objects)": 0.1,
      'Schema check': 0.1,
      'Garbage collection': 0.1,
      'Encoding and writing the publication': 0.1,
      'Event loop, timers and the rest': 0.1,
      'Rest of the validation (segments, settings)': 0.1,
      // The last sample has no next one: it stands for no time.
    });
  });

  it('counts only the samples inside the window', () => {
    // Samples at 1,300 to 1,500: blockTokens, the Composer and the index.
    assert.deepEqual(Object.fromEntries(phaseTimes(profile(), 1_300, 1_500)), {
      'YAML parse of the edited document': 0.2,
      "Workspace index (the document's objects)": 0.1,
    });
  });
});
