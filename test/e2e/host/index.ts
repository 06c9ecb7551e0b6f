/**
 * The `--extensionTestsPath` module: VS Code's extension host calls `run()`, which runs the
 * mocha suites next to it and rejects when one fails (VS Code then exits non-zero).
 *
 * Bundled by esbuild (mocha included) into out/e2e/host/index.js; each `*.test.ts` becomes its
 * own file beside it, loaded by mocha. Results are printed one line per test, `PASS host: … (n ms)`,
 * through `console`, which both code-server and desktop VS Code forward to the test runner.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

class StepReporter extends Mocha.reporters.Base {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } = Mocha.Runner.constants;
    // One console call per test, so that a failure and its reason arrive as one message.
    runner.on(EVENT_TEST_PASS, (test) => {
      console.log(`PASS host: ${test.title} (${test.duration ?? 0} ms)`);
    });
    runner.on(EVENT_TEST_FAIL, (test, error: Error) => {
      const reason = (error.stack ?? error.message).split('\n').slice(0, 15).join('\n    ');
      console.log(`FAIL host: ${test.title} (${test.duration ?? 0} ms)\n    ${reason}`);
    });
    runner.on(EVENT_TEST_PENDING, (test) => {
      console.log(`SKIP host: ${test.title}`);
    });
  }
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: StepReporter });
  for (const file of fs
    .readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js'))
    .sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      if (failures > 0) {
        reject(new Error(`${failures} extension host test(s) failed`));
      } else {
        resolve();
      }
    });
  });
}
