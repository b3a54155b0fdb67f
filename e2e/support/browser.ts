/**
 * Debian's Chromium driven by playwright-core (which downloads no browser): headless, with a fresh
 * profile, nothing reaching the network on its own, and autoplay allowed so the test can play video.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';

export const CHROMIUM = process.env.VIPER_CHROMIUM ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium ("apt-get install chromium"; .ci/run does it) or set VIPER_CHROMIUM`);
  const profile = mkdtempSync(join(tmpdir(), 'viper-e2e-profile-'));
  // launchPersistentContext passes the folder as --user-data-dir: a fresh profile each run.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 1000 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--autoplay-policy=no-user-gesture-required'],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Collects the page's console errors and uncaught exceptions into `errors`, which a test expects empty at
 * its end. `designed` names console errors the page is meant to cause (a 400 it shows as an empty state).
 */
export function collectPageErrors(page: Page, errors: string[], designed: (message: ConsoleMessage) => boolean = () => false): void {
  page.on('console', (message) => {
    if (message.type() === 'error' && !designed(message)) errors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(error.message));
}
