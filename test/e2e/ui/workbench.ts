/**
 * What a person does in the VS Code workbench, with the keyboard, as Playwright steps. Every
 * wait is for the thing itself (a widget, a row, a text) with a timeout; there are no sleeps.
 */
import * as fs from 'node:fs';
import type { Locator, Page } from 'playwright-core';

export const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

export class Workbench {
  constructor(readonly page: Page) {}

  get activeEditor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  get suggestWidget(): Locator {
    return this.page.locator('.editor-widget.suggest-widget.visible');
  }

  /** Quick Open (Ctrl+P): type the file name, pick it, wait for its tab. */
  async openFile(name: string): Promise<void> {
    await this.quickInput('Control+P', name);
    await this.focusedQuickInputRow(name).waitFor();
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await this.page.locator('.tab.active', { hasText: name }).waitFor();
    await this.activeEditor.locator('.view-lines').waitFor();
  }

  /** The command palette (F1): type the title, pick the row, run it. */
  async runCommand(title: string): Promise<void> {
    await this.quickInput('F1', title);
    await this.focusedQuickInputRow(title).waitFor();
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  /** Go to Line/Column (Ctrl+G), 0-based like the API; waits until the status bar shows it. */
  async goTo(line: number, character: number): Promise<void> {
    await this.quickInput('Control+G', `${line + 1}:${character + 1}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await this.waitForCursor(line, character);
  }

  /** Waits until the status bar shows the cursor at this 0-based position. */
  async waitForCursor(line: number, character: number): Promise<void> {
    await this.page
      .locator('#status\\.editor\\.selection', { hasText: `Ln ${line + 1}, Col ${character + 1}` })
      .waitFor();
  }

  /** Ctrl+Space: waits for the suggest widget and its first row. */
  async openSuggestions(): Promise<void> {
    await this.page.keyboard.press('Control+Space');
    await this.suggestWidget.locator('.monaco-list-row').first().waitFor();
  }

  /** Typing narrows the open list; waits for the focused row to be `label`. */
  async narrowSuggestions(filter: string, label: string): Promise<Locator> {
    if (filter) {
      await this.page.keyboard.type(filter);
    }
    const row = this.suggestWidget.locator('.monaco-list-row.focused', {
      has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }),
    });
    await row.waitFor();
    return row;
  }

  /**
   * Saves the active editor (Ctrl+S), waits until its tab is no longer dirty, and returns the
   * file's text: exactly what the editor holds, read back from disk.
   */
  async saveAndRead(file: string): Promise<string> {
    await this.page.keyboard.press('Control+S');
    await this.page.locator('.tab.active.dirty').waitFor({ state: 'detached' });
    return fs.readFileSync(file, 'utf8');
  }

  /** Closes whatever widget or panel has focus, and hovers, until the editor has the focus. */
  async dismiss(): Promise<void> {
    await this.page.mouse.move(2, 2);
    await this.page.keyboard.press('Escape');
  }

  /**
   * Opens a quick input with its key and enters the text after the prefix the key put there
   * ('>' for commands, ':' for Go to Line). `fill` sets the whole value at once, so no keystroke
   * can land elsewhere while the input is still taking the focus.
   */
  private async quickInput(key: string, text: string): Promise<void> {
    await this.page.keyboard.press(key);
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible' });
    const prefix = await input.inputValue();
    await input.fill(prefix + text);
  }

  /** The quick input row that Enter would pick, once it shows `text`. */
  private focusedQuickInputRow(text: string): Locator {
    return this.page.locator('.quick-input-list .monaco-list-row.focused', { hasText: text });
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
