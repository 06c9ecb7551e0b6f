/**
 * `npm start -- --browser`, run as a person would: it prints a URL; the URL shows the examples
 * with Podscope's diagnostics; Ctrl+C (SIGINT to the terminal's process group) stops it and
 * leaves no process behind.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from './harness/browser';
import type { E2eLayout } from './harness/e2eHome';
import type { StepRunner } from './harness/stepRunner';
import { pollUntil } from '../support/polling';
import { oneLine, Workbench } from './ui/workbench';

/** Every process of a process group still alive, with its command line. */
function processesOfGroup(pgid: number): string[] {
  const alive: string[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command (which may hold spaces) start after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const state = fields[0];
      const group = Number(fields[2]);
      if (group === pgid && state !== 'Z') {
        alive.push(
          `${entry} ${fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim()}`,
        );
      }
    } catch {
      // The process ended while we looked.
    }
  }
  return alive;
}

/** Processes anywhere whose command line mentions a folder (the run folder of npm start). */
function processesMentioning(text: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) {
      continue;
    }
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmdline.includes(text)) {
        found.push(`${entry} ${cmdline.trim()}`);
      }
    } catch {
      // Gone already.
    }
  }
  return found;
}

export async function runStartSuite(layout: E2eLayout, repoRoot: string, steps: StepRunner): Promise<void> {
  let child: ChildProcess | undefined;
  let browser: Browser | undefined;
  let output = '';
  try {
    let url = '';
    await steps.step('npm-start', async () => {
      // As from a terminal: its own process group, which Ctrl+C signals as a whole.
      child = spawn('npm', ['start', '--', '--browser'], {
        cwd: repoRoot,
        detached: true,
        env: { ...process.env, PODSCOPE_E2E_HOME: layout.home },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      url = await pollUntil('the URL npm start prints', 10 * 60_000, () => {
        if (child?.exitCode !== null) {
          throw new Error(`npm start exited with ${child?.exitCode}:\n${output}`);
        }
        return /http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+/.exec(output)?.[0];
      });
      return url;
    });
    await steps.step('start-shows-diagnostics', async () => {
      browser = await launchChromium(layout.tmp);
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      page.setDefaultTimeout(60_000);
      await page.goto(url);
      const workbench = new Workbench(page);
      const explorerRow = page.locator('.explorer-folders-view .monaco-list-row', {
        hasText: 'mistakes.yaml',
      });
      await explorerRow.waitFor();
      // The workbench opens the examples' README on start (workbench.startupEditor), as a Markdown
      // preview that takes the focus, so keys can land in its frame. A person waits for it and then
      // does what the README says: click mistakes.yaml in the Explorer.
      await page.locator('.tab', { hasText: 'README' }).first().waitFor();
      await explorerRow.click();
      await page.locator('.tab.active', { hasText: 'mistakes.yaml' }).waitFor();
      await workbench.activeEditor.locator('.view-lines').waitFor();
      await page.keyboard.press('Control+Shift+M');
      const row = page
        .locator('.markers-panel .monaco-list-row', { hasText: 'Unknown field "poarts"' })
        .first();
      await row.waitFor();
      return oneLine(await row.innerText());
    });
    await steps.step('start-stops-on-ctrl-c', async () => {
      await browser?.close();
      browser = undefined;
      const pgid = child!.pid!;
      const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
      process.kill(-pgid, 'SIGINT');
      const code = await Promise.race([
        exited,
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('npm start did not stop')), 30_000),
        ),
      ]);
      // Every process of the terminal's group has ended, code-server's group included.
      await pollUntil('the process group to end', 15_000, () =>
        processesOfGroup(pgid).length === 0 ? true : undefined,
      );
      const leftovers = processesMentioning(path.join(layout.runs, 'start-'));
      if (leftovers.length > 0) {
        throw new Error(`processes left behind:\n${leftovers.join('\n')}`);
      }
      if (!/stopped\./.test(output)) {
        throw new Error(`npm start did not report stopping:\n${output}`);
      }
      return `exit ${code}, no process left`;
    });
  } finally {
    await browser?.close().catch(() => undefined);
    if (child?.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
}
