/**
 * The address without its token (a bookmark, a new tab) explains how to get in instead of a white page,
 * and the token, once given, survives a reload of the tab. Real `viper serve`, Debian's Chromium.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/main/test-support/fixtures';
import type { ServeProcess } from './support/viper-serve';
import { startWorkstationSession, type WorkstationSession } from './support/workstation-session';

const ARTIFACTS = join(REPO_ROOT, 'e2e', 'artifacts');

let session: WorkstationSession;
let serve: ServeProcess;
let browser: WorkstationSession['browser'];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  session = await startWorkstationSession({ tempPrefix: 'viper-e2e-bare-', user: 'e2e-bare' });
  ({ serve, browser } = session);
}, 180_000);

afterAll(async () => {
  await session?.close();
});

describe('the bare address', () => {
  it('says how to open the workstation with its token, with no page error', async () => {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${serve.origin}/`);
    await page.getByText('This address has no access token').waitFor();
    expect(await page.getByRole('main').textContent()).toContain('?token=');
    expect(errors).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, '00-bare-address.png'), fullPage: true });
    await page.close();
  });

  it('keeps the token for the tab across a reload', async () => {
    const page = await browser.context.newPage();
    await page.goto(serve.url);
    await page.getByRole('heading', { name: 'Library' }).waitFor();
    expect(page.url()).not.toContain('token=');
    await page.reload();
    await page.getByRole('heading', { name: 'Library' }).waitFor();
    await page.getByText('No clips yet').waitFor();
    await page.close();
  });
});
