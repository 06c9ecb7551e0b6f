/**
 * Named steps, each printed as one line, `PASS diagnostics (2345 ms) …` or `FAIL …` with the
 * reason, and each ending with a numbered screenshot in test/e2e/screenshots/.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';

export interface StepResult {
  readonly name: string;
  readonly status: 'PASS' | 'FAIL' | 'TODO';
  readonly ms: number;
}

export class StepRunner {
  readonly results: StepResult[] = [];
  private shotCount = 0;

  constructor(
    private readonly shotsDir: string,
    private readonly page: () => Page | undefined,
  ) {
    fs.mkdirSync(shotsDir, { recursive: true });
  }

  get failed(): number {
    return this.results.filter((result) => result.status === 'FAIL').length;
  }

  /** Runs one step; a failure is reported and does not stop the steps after it. */
  async step(name: string, run: () => Promise<string | void>): Promise<boolean> {
    const started = Date.now();
    let status: StepResult['status'];
    let detail: string;
    try {
      detail = (await run()) ?? '';
      status = 'PASS';
    } catch (error) {
      status = 'FAIL';
      detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      detail = detail.split('\n').slice(0, 15).join('\n    ');
    }
    const ms = Date.now() - started;
    this.results.push({ name, status, ms });
    console.log(`${status} ${name} (${ms} ms)${detail ? `  ${detail}` : ''}`);
    await this.screenshot(name);
    return status === 'PASS';
  }

  /** A step that cannot run yet, reported as such (never skipped silently). */
  todo(name: string, reason: string): void {
    this.results.push({ name, status: 'TODO', ms: 0 });
    console.log(`TODO ${name}  ${reason}`);
  }

  /** A numbered screenshot of the whole window; returns its path. */
  async screenshot(label: string): Promise<string | undefined> {
    const page = this.page();
    if (!page) {
      return undefined;
    }
    const file = path.join(this.shotsDir, `${String(++this.shotCount).padStart(2, '0')}-${label}.png`);
    // animations: 'disabled' finishes fade-ins (hover, suggest widget) before the picture is taken.
    await page.screenshot({ path: file, animations: 'disabled' }).catch(() => undefined);
    return file;
  }
}
