// Debian's Chromium, headless, driven by playwright-core; a fresh profile per launch, and the
// page's errors written next to the server log.
import { chromium, type Browser, type Page } from 'playwright-core';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { output, outputDir, tools } from './paths';

export interface BrowserPage {
  browser: Browser;
  page: Page;
  /** Saves a screenshot as .test-output/screenshots/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function openBrowserPage(name: string): Promise<BrowserPage> {
  // Chromium's crash reporter and caches follow XDG: keep them out of $HOME.
  const home = outputDir('chromium');
  const browser = await chromium.launch({
    executablePath: tools.chromium,
    headless: true,
    env: { ...process.env, XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache') },
    // No sandbox (root in a container), no GPU, and nothing that would reach the network.
    args: ['--no-sandbox', '--disable-gpu', '--disable-breakpad', '--disable-crash-reporter', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const log = createWriteStream(join(outputDir(), `${name}.browser.log`));
  page.on('pageerror', (error) => log.write(`pageerror: ${error.message}\n`));
  page.on('requestfailed', (request) => log.write(`request failed: ${request.url()} (${request.failure()?.errorText ?? '?'})\n`));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') log.write(`console.${message.type()}: ${message.text()}\n`);
  });
  return {
    browser,
    page,
    async screenshot(shotName: string): Promise<string> {
      mkdirSync(output.screenshots, { recursive: true });
      const path = join(output.screenshots, `${shotName}.png`);
      await page.screenshot({ path });
      return path;
    },
    async close(): Promise<void> {
      await browser.close();
      log.end();
    },
  };
}
