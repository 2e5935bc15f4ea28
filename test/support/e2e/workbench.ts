// The VS Code workbench in the browser, as a user drives it: palette, quick open, views,
// panels. Every step awaits what the user would see; nothing waits for a fixed time.
import type { Locator, Page } from 'playwright-core';
import { openBrowserPage, type BrowserPage } from './browser';
import type { CodeServer } from './code-server';

const LOAD_TIMEOUT_MS = 60_000;
const STEP_TIMEOUT_MS = 20_000;

/** A row of a quick-input list whose aria-label is `label`, or `label` followed by its keybinding. */
function rowLabelled(scope: Locator, label: string): Locator {
  const quoted = JSON.stringify(label);
  const prefix = JSON.stringify(`${label}, `);
  return scope.locator(`.monaco-list-row[aria-label=${quoted}], .monaco-list-row[aria-label^=${prefix}]`).first();
}

export class Workbench {
  private constructor(
    private readonly browser: BrowserPage,
    readonly server: CodeServer,
  ) {}

  get page(): Page {
    return this.browser.page;
  }

  /** Opens the workbench on the server's workspace and waits until the extension's view container is there. */
  static async open(server: CodeServer, name: string): Promise<Workbench> {
    const browser = await openBrowserPage(name);
    const workbench = new Workbench(browser, server);
    try {
      await browser.page.goto(server.workbenchUrl(), { waitUntil: 'domcontentloaded', timeout: LOAD_TIMEOUT_MS });
      await workbench.activityBarItem('Kube Jobs').waitFor({ timeout: LOAD_TIMEOUT_MS });
    } catch (error) {
      await browser.screenshot(`${name}--workbench-did-not-load`).catch(() => undefined);
      await browser.close();
      throw error;
    }
    return workbench;
  }

  screenshot(name: string): Promise<string> {
    return this.browser.screenshot(name);
  }

  /**
   * What the user sees now: the sidebar's rows, the notifications and the status bar, for a
   * failing test to say what it found instead (the screenshot stays on the machine that ran it).
   */
  async visibleState(): Promise<string> {
    const texts = async (selector: string) => (await this.page.locator(selector).allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim()).filter(Boolean);
    const parts = [
      ['sidebar rows', await texts('.part.sidebar .monaco-list .monaco-list-row')],
      ['sidebar messages', await texts('.part.sidebar .welcome-view-content, .part.sidebar .message')],
      ['notifications', await texts('.notifications-toasts .notification-toast, .notifications-center .notification-list-item')],
      ['status bar', await texts('.part.statusbar .statusbar-item')],
    ] as const;
    return parts.map(([name, list]) => `${name}: ${list.length > 0 ? list.join(' | ') : '(none)'}`).join('\n');
  }

  close(): Promise<void> {
    return this.browser.close();
  }

  activityBarItem(title: string): Locator {
    return this.page.locator(`.part.activitybar .action-label[aria-label^=${JSON.stringify(title)}]`).first();
  }

  get quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /** Opens the command palette and types `query`; resolves with the row labelled `label` once it shows. */
  async paletteRow(query: string, label: string): Promise<Locator> {
    // On a cold start the palette can snapshot its list before the extension's commands are
    // known ("No matching commands"): reopening makes it read the list again.
    const deadline = Date.now() + STEP_TIMEOUT_MS;
    for (;;) {
      await this.openQuickInput('>');
      await this.page.keyboard.insertText(query);
      const row = rowLabelled(this.quickInput, label);
      const noMatch = this.quickInput.locator('.monaco-list-row', { hasText: 'No matching commands' });
      await row.or(noMatch).first().waitFor({ timeout: Math.max(deadline - Date.now(), 1) });
      if (await row.isVisible()) return row;
      if (Date.now() > deadline) throw new Error(`the command palette never listed "${label}" for "${query}"`);
      await this.closeQuickInput();
    }
  }

  /** Runs a command the way a user does: palette, its title, Enter. */
  async runCommand(label: string): Promise<void> {
    await this.paletteRow(label, label);
    await this.page.keyboard.press('Enter');
    await this.quickInput.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
  }

  /**
   * Every label the palette lists for `query`, paging through the list: it only renders the
   * rows in view.
   */
  async paletteLabels(query: string): Promise<string[]> {
    await this.openQuickInput('>');
    await this.page.keyboard.insertText(query);
    const rows = this.quickInput.locator('.monaco-list-row');
    await rows.first().waitFor({ timeout: STEP_TIMEOUT_MS });
    const labels = new Set<string>();
    for (;;) {
      const visible = await rows.evaluateAll((found) =>
        found.map((row) => ({ label: row.getAttribute('aria-label') ?? '', size: Number(row.getAttribute('aria-setsize')), focused: row.classList.contains('focused'), position: Number(row.getAttribute('aria-posinset')) })),
      );
      for (const row of visible) labels.add(row.label);
      const focused = visible.find((row) => row.focused)?.position ?? 1;
      if (visible.length === 0 || focused >= visible[0].size) break;
      // PageDown moves the focus towards the end (first to the page's last row, then a page on)
      // and the list renders the rows around it: wait for the focus to move.
      await this.page.keyboard.press('PageDown');
      await this.quickInput.locator(`.monaco-list-row.focused:not([aria-posinset="${focused}"])`).waitFor({ timeout: STEP_TIMEOUT_MS });
    }
    return [...labels];
  }

  async closeQuickInput(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.quickInput.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
  }

  /** Quick Open (the palette without its `>`): types a workspace path and opens the file. */
  async openFile(relativePath: string): Promise<Locator> {
    await this.openQuickInput('');
    await this.page.keyboard.insertText(relativePath);
    const fileName = relativePath.split('/').pop() ?? relativePath;
    await this.quickInput.locator('.monaco-list-row', { hasText: fileName }).first().waitFor({ timeout: STEP_TIMEOUT_MS });
    await this.page.keyboard.press('Enter');
    await this.quickInput.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
    const editor = this.editor(relativePath);
    await editor.waitFor({ timeout: STEP_TIMEOUT_MS });
    return editor;
  }

  editor(relativePath: string): Locator {
    return this.page.locator(`.editor-instance .monaco-editor[data-uri$=${JSON.stringify(`/${relativePath}`)}]`).first();
  }

  /** The visible text lines of an editor, top to bottom. */
  async editorLines(editor: Locator): Promise<string[]> {
    return editor.locator('.view-lines .view-line').evaluateAll((lines) =>
      lines
        .map((line) => ({ top: Number(/top:\s*(-?[\d.]+)px/.exec(line.getAttribute('style') ?? '')?.[1] ?? 0), text: (line.textContent ?? '').replace(/\u00a0/g, ' ') }))
        .sort((a, b) => a.top - b.top)
        .map((line) => line.text),
    );
  }

  /** The entries of a row's context menu, then the menu closed again. */
  async contextMenuEntries(row: Locator): Promise<string[]> {
    await row.click({ button: 'right' });
    const menu = this.page.locator('.context-view .monaco-menu');
    await menu.locator('.action-item').first().waitFor({ timeout: STEP_TIMEOUT_MS });
    const entries = (await menu.locator('.action-item .action-label').allInnerTexts()).map((t) => t.trim()).filter(Boolean);
    await this.page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
    return entries;
  }

  /** Runs `action` from the context menu of a tree row (right click, menu entry). */
  async contextMenuAction(row: Locator, action: string): Promise<void> {
    await row.click({ button: 'right' });
    const menu = this.page.locator('.context-view .monaco-menu');
    const item = menu.locator('.action-item', { hasText: new RegExp(`^${action.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) });
    // A click right after the menu opens can be taken for the end of the right click and
    // ignored; hovering focuses the entry and Enter runs it.
    await item.hover();
    await item.locator('.action-menu-item.focused, .action-menu-item:focus').or(item.and(this.page.locator('.focused'))).first().waitFor({ timeout: STEP_TIMEOUT_MS });
    await this.page.keyboard.press('Enter');
    await menu.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
  }

  /** The Problems panel's rows (files and their problems). */
  async showProblems(): Promise<Locator> {
    await this.runCommand('Problems: Focus on Problems View');
    const panel = this.page.locator('.markers-panel');
    await panel.waitFor({ timeout: STEP_TIMEOUT_MS });
    return panel;
  }

  private async openQuickInput(prefix: '>' | ''): Promise<void> {
    await this.page.keyboard.press('F1');
    await this.quickInput.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
    // F1 opens with ">"; select it all so that typing replaces it (or a query left from before).
    await this.page.keyboard.press('Control+A');
    if (prefix === '') await this.page.keyboard.press('Backspace');
    else await this.page.keyboard.type(prefix);
  }
}
