/**
 * Malformed YAML at every point of typing: documents of the Kubernetes docs corpus, cut at random
 * offsets, with spans deleted or duplicated, indentation swapped and random characters inserted,
 * go through every feature of the language service. No exception may escape, every call must
 * answer promptly, and every range must lie inside the text.
 *
 * `npm test` runs a few hundred cases; `npm run fuzz` runs 10,000. The seed is fixed; override it
 * with FUZZ_SEED (and the case count with FUZZ_RUNS). A failure prints the seed and the path of
 * the shrunk counterexample, and the command that replays exactly that case.
 */
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Scenario } from '../../server/src/simulator/types';
import { describeWithShared } from '../support/paths';
import { testService } from '../support/service';
import { corpusDocuments, envInteger, fullRun, Timings } from './robustnessSupport';
import { type Budgets, exerciseService } from './serviceChecks';

const defaultSeed = 20_260_514;
const seed = envInteger('FUZZ_SEED', defaultSeed);
const runs = envInteger('FUZZ_RUNS', fullRun ? 1000 : 250);
/** fast-check's replay path of one case (printed on failure), to rerun only that case. */
const replayPath = process.env.FUZZ_PATH;
/** A generous bound per call: the point is "never hangs", not a benchmark. */
const budgets: Budgets = { validation: 2000, completion: 2000, hover: 2000, other: 2000 };

type Mutation =
  | { type: 'cut'; at: number }
  | { type: 'delete'; at: number; length: number }
  | { type: 'duplicate'; at: number; length: number }
  | { type: 'indent'; line: number; indent: string }
  | { type: 'insert'; at: number; text: string };

/** Pieces that mean something to YAML, Helm or the editor, and some that mean trouble. */
const fragments = [
  ' ',
  '  ',
  ':',
  ': ',
  '-',
  '- ',
  '\n',
  '\r\n',
  '\t',
  '{',
  '}',
  '[',
  ']',
  ',',
  '&a ',
  '*a',
  '!Ref ',
  '!!str ',
  '|',
  '>-',
  "'",
  '"',
  '\\',
  '#',
  '? ',
  '<<: *a',
  '%YAML 1.1\n',
  '---\n',
  '--- ',
  '...\n',
  '{{ .Values.x }}',
  '{{-',
  '}}',
  '\u0000',
  '\uFFFD',
  '\uFEFF',
  '\uD83D\uDE00',
  '\uD800',
  'é',
  'yes',
  'null',
  '~',
  '0x1F',
  '1e3',
  '500m',
  'apiVersion: v1\n',
  'kind: Pod\n',
  'kind: Deployment\n',
  'containers:',
  'name',
  'image',
  'spec',
  'x',
];

/** Random text: mostly meaningful fragments, sometimes any UTF-16 code units at all. */
const insertedText = fc
  .oneof(
    { weight: 4, arbitrary: fc.array(fc.constantFrom(...fragments), { minLength: 1, maxLength: 6 }) },
    {
      weight: 1,
      arbitrary: fc.array(fc.string({ unit: 'binary', minLength: 1, maxLength: 4 }), { maxLength: 1 }),
    },
  )
  .map((parts) => parts.join(''));

const offset = fc.nat({ max: 1_000_000 });

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ type: fc.constant('cut' as const), at: offset }),
  fc.record({ type: fc.constant('delete' as const), at: offset, length: fc.nat({ max: 400 }) }),
  fc.record({ type: fc.constant('duplicate' as const), at: offset, length: fc.nat({ max: 400 }) }),
  fc.record({
    type: fc.constant('indent' as const),
    line: offset,
    indent: fc.constantFrom('', ' ', '  ', '   ', '    ', '\t', '\t  ', '          ', '- ', '  - '),
  }),
  fc.record({ type: fc.constant('insert' as const), at: offset, text: insertedText }),
);

function applyMutation(text: string, change: Mutation): string {
  switch (change.type) {
    case 'cut':
      return text.slice(0, change.at % (text.length + 1));
    case 'delete': {
      const at = change.at % (text.length + 1);
      return text.slice(0, at) + text.slice(at + change.length);
    }
    case 'duplicate': {
      const at = change.at % (text.length + 1);
      const end = Math.min(text.length, at + change.length);
      return text.slice(0, end) + text.slice(at, end) + text.slice(end);
    }
    case 'indent': {
      const lines = text.split('\n');
      const index = change.line % lines.length;
      lines[index] = change.indent + lines[index]!.replace(/^[ \t]*/, '');
      return lines.join('\n');
    }
    case 'insert': {
      const at = change.at % (text.length + 1);
      return text.slice(0, at) + change.text + text.slice(at);
    }
  }
}

/** A number of the right type, or of any type at all: the webview is untrusted. */
const loose = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 5, arbitrary }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) });

const seconds = fc.oneof(fc.integer({ min: -10, max: 1000 }), fc.double({ noNaN: false }));

const containerScenario = fc.record(
  {
    exitAfter: loose(fc.oneof(seconds, fc.constant('never'), fc.array(seconds, { maxLength: 4 }))),
    exitCode: loose(fc.integer({ min: -1, max: 255 })),
    exitCodes: loose(fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 4 })),
    startSeconds: loose(seconds),
    imagePull: loose(fc.constantFrom('ok', 'fail')),
    pullSeconds: loose(seconds),
    stopSeconds: loose(seconds),
    stopExitCode: loose(fc.integer({ min: 0, max: 255 })),
    probes: loose(
      fc.dictionary(
        fc.constantFrom('startup', 'liveness', 'readiness'),
        fc.record({ failFrom: seconds, failUntil: seconds }, { requiredKeys: [] }),
      ),
    ),
    postStart: loose(fc.record({ seconds, fail: fc.boolean() }, { requiredKeys: [] })),
    preStop: loose(fc.record({ seconds, fail: fc.boolean() }, { requiredKeys: [] })),
  },
  { requiredKeys: [] },
);

/** A scenario as the webview could send it: mostly well-formed, sometimes not at all. */
const scenario: fc.Arbitrary<Scenario> = fc
  .oneof(
    {
      weight: 6,
      arbitrary: fc.record(
        {
          // Up to an hour, or no number at all: the cost of long simulations is measured on
          // its own (hostileInput.test.ts), a day of them would only make this run slow.
          duration: fc.oneof(
            fc.integer({ min: -10, max: 3600 }),
            fc.constantFrom<unknown>('an hour', null, [], {}, true, Number.NaN),
          ),
          deleteAt: loose(seconds),
          nodeLostAt: loose(seconds),
          nodeReturnsAt: loose(seconds),
          containers: loose(
            fc.dictionary(
              fc.oneof(
                fc.constantFrom('nginx', 'web', 'app', 'init', 'sidecar'),
                fc.string({ maxLength: 6 }),
              ),
              containerScenario,
              { maxKeys: 3 },
            ),
          ),
        },
        { requiredKeys: [] },
      ),
    },
    { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 })) },
  )
  .map((value) => value as Scenario);

interface FuzzCase {
  source: number;
  mutations: Mutation[];
  positions: number[];
  documentIndex: number;
  scenario: Scenario;
}

function fuzzCase(corpusSize: number): fc.Arbitrary<FuzzCase> {
  return fc.record({
    source: fc.nat({ max: corpusSize - 1 }),
    mutations: fc.array(mutation, { minLength: 1, maxLength: 5 }),
    positions: fc.array(offset, { minLength: 1, maxLength: 4 }),
    documentIndex: fc.integer({ min: -1, max: 6 }),
    scenario,
  });
}

describeWithShared('malformed YAML at every point of typing', 'corpus/k8s-website-examples', (root) => {
  const corpus = corpusDocuments(root);

  it(`every feature answers promptly and in range, and never throws (${runs} cases, seed ${seed})`, function () {
    this.timeout(0);
    // The shared test service fails on any log, so a rule that throws fails the case.
    const service = testService();
    // Schemas are precompiled at build time in the product; here each kind compiles on first
    // use. Compile them outside the measured calls.
    corpus.forEach((entry, index) => {
      service.doValidation(TextDocument.create(`file:///warm-up/${index}.yaml`, 'yaml', 1, entry.text));
      service.closeDocument(`file:///warm-up/${index}.yaml`);
    });
    const timings = new Timings();
    let counter = 0;
    const started = performance.now();
    const property = fc.property(fuzzCase(corpus.length), (input) => {
      const source = corpus[input.source]!;
      // A lone carriage return is a line break to LSP but not to Podscope (nor to the yaml
      // parser). VS Code normalises line endings and never sends one: here it becomes CRLF.
      const text = input.mutations.reduce(applyMutation, source.text).replace(/\r(?!\n)/g, '\r\n');
      const document = TextDocument.create(`file:///fuzz/${++counter}/${source.name}`, 'yaml', 1, text);
      if (counter % 1000 === 0) {
        // Progress for the long runs (shrinking a failure counts too).
        console.log(`      … ${counter} cases, ${((performance.now() - started) / 1000).toFixed(0)} s`);
      }
      try {
        exerciseService(
          service,
          timings,
          document,
          {
            positions: input.positions.map((at) => document.positionAt(at % (text.length + 1))),
            documentIndex: input.documentIndex,
            scenario: input.scenario,
          },
          budgets,
        );
      } catch (error) {
        // The text itself, so that the case can be turned into a unit test.
        throw new Error(
          `${(error as Error).message}\n${source.name} after the mutations:\n${JSON.stringify(text)}`,
          { cause: error },
        );
      }
    });
    const details = fc.check(property, {
      seed,
      numRuns: replayPath ? 1 : runs,
      ...(replayPath ? { path: replayPath } : {}),
    });
    console.log(
      `      fuzz: ${details.numRuns} cases, seed ${seed}\n${timings.summary().replace(/^/gm, '      ')}`,
    );
    if (details.failed) {
      const reproduce = `Reproduce: FUZZ_SEED=${details.seed} FUZZ_PATH=${JSON.stringify(details.counterexamplePath ?? '')} npm run fuzz`;
      const cause = details.errorInstance;
      const error =
        cause instanceof Error
          ? `${cause.message}\n${(cause.cause as Error | undefined)?.stack ?? cause.stack ?? ''}`
          : String(cause);
      throw new Error(
        `${fc.defaultReportMessage(details) ?? 'The property failed.'}\n${error}\n${reproduce}`,
      );
    }
  });
});
