/**
 * Attribution end to end: a labelled synthetic set in a real database, a tiny Perceiver trained through
 * the real CLI (`viper train`, which predicts with attribution) and the prior beside it; then `viper serve`
 * in headless Chromium. The review shows the frame-weight band under the frame strip and the per-emotion
 * modality bars for the trained run, and says the prior has none; Analysis shows the run's mean
 * contribution per emotion.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMOTIONS } from '../src/shared/emotions';
import { createApiContext } from '../src/main/api/context';
import { writeSyntheticSet } from '../src/main/fusion/synthetic-features';
import { REPO_ROOT } from '../src/main/test-support/fixtures';
import { collectPageErrors } from './support/browser';
import { viperCli } from './support/viper-cli';
import type { ServeProcess } from './support/viper-serve';
import { startWorkstationSession, type WorkstationSession } from './support/workstation-session';

const ARTIFACTS = join(REPO_ROOT, 'e2e', 'artifacts');
const FRAMES = 6;

let session: WorkstationSession;
let serve: ServeProcess;
let page: Page;
const pageErrors: string[] = [];


beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  session = await startWorkstationSession({
    tempPrefix: 'viper-e2e-attribution-',
    user: 'e2e',
    seed: (dbPath) => {
      const ctx = createApiContext(dbPath, { actor: 'seed', env: {} });
      writeSyntheticSet(ctx.db, { splits: { Train: 16, Val: 8 }, frames: FRAMES, dims: { image: 8, fau: 32 }, missingShare: 0.2, seed: 7 });
      ctx.close();
      viperCli(dbPath, 'train', '--modalities', 'image,fau', '--epochs', '2', '--lr', '1e-3', '--backend', 'wasm');
      viperCli(dbPath, 'predict', '--prior');
    },
  });
  ({ serve } = session);
  page = await session.browser.context.newPage();
  collectPageErrors(page, pageErrors);
}, 300_000);

afterAll(() => session?.close());

describe('attribution in the page', () => {
  it('shows the frame-weight band and the modality bar per emotion for the trained run in review', async () => {
    await page.goto(`${serve.url}#/clip/17`);
    const band = page.getByRole('list', { name: 'frame weights by run 1' });
    await band.waitFor({ timeout: 30_000 });
    const cells = band.getByRole('button');
    expect(await cells.count()).toBe(FRAMES);
    // Weights of one clip's frames sum to 1 (the latents' attention), and some frame carries a visible bar.
    const weights = (await cells.evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label') ?? ''))).map((label) => Number(/weight ([\d.]+)/.exec(label)?.[1]));
    expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 1);
    const heights = await band.locator('.frame-weight').evaluateAll((bars) => bars.map((bar) => bar.getBoundingClientRect().height));
    expect(Math.max(...heights)).toBeGreaterThan(5);
    const bars = page.getByRole('region', { name: 'modality contributions by run 1' });
    await bars.waitFor();
    for (const emotion of EMOTIONS) await expect.poll(() => bars.getByRole('img', { name: new RegExp(`^${emotion}: image [+−]\\d\\.\\d{3}, fau [+−]\\d\\.\\d{3}$`) }).count()).toBe(1);
    expect(await bars.locator('.contribution-segment').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, '30-review-attribution.png'), fullPage: true });
  });

  it('says the prior has no attribution when it is the chosen run', async () => {
    await page.getByLabel('prediction run').selectOption('2');
    await page.getByText('PRIOR: no attribution').waitFor();
    await page.getByText(/PRIOR \(run 2\): an untrained FAU mapping weighs no frames/).waitFor();
    expect(await page.getByRole('list', { name: /frame weights/ }).count()).toBe(0);
    // Back to the trained run for the next clips (the choice is remembered).
    await page.getByLabel('prediction run').selectOption('1');
    await page.getByRole('list', { name: 'frame weights by run 1' }).waitFor();
  });

  it("shows a run's mean modality contribution per emotion in Analysis", async () => {
    await page.getByRole('link', { name: 'Analysis' }).click();
    const trained = page.getByRole('region', { name: 'Run 1 · image+fau · compact ·' });
    const means = trained.getByRole('region', { name: 'mean modality contribution per emotion' });
    await means.waitFor({ timeout: 30_000 });
    await means.getByRole('heading', { name: /8 Val clips/ }).waitFor();
    expect(await means.getByRole('img', { name: / mean: image [+−]\d\.\d{3}, fau [+−]\d\.\d{3}$/ }).count()).toBe(7);
    await page.screenshot({ path: join(ARTIFACTS, '31-analysis-attribution.png'), fullPage: true });
  });

  it('caused no console errors or CSP violations', () => {
    expect(pageErrors).toEqual([]);
  });
});
