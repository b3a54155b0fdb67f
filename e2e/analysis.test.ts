/**
 * The Analysis screen end to end: a labelled synthetic set written into a real database, a tiny Perceiver
 * trained and the prior predicted through the real CLI (`viper train`, `viper predict --prior`), then
 * `viper serve` in headless Chromium: Pearson bars, scatter and 10×10 matrices for both runs side by
 * side (the prior named as such), a cell's clips listed and one opened in review, and the agreement of
 * a second annotator with gold.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMOTIONS, type Emotion } from '../src/shared/emotions';
import { createApiContext } from '../src/main/api/context';
import { callApi } from '../src/main/api/handlers';
import { writeSyntheticSet } from '../src/main/fusion/synthetic-features';
import { REPO_ROOT } from '../src/main/test-support/fixtures';
import { collectPageErrors } from './support/browser';
import { viperCli } from './support/viper-cli';
import type { ServeProcess } from './support/viper-serve';
import { startWorkstationSession, type WorkstationSession } from './support/workstation-session';

const ARTIFACTS = join(REPO_ROOT, 'e2e', 'artifacts');

let session: WorkstationSession;
let serve: ServeProcess;
let page: Page;
const pageErrors: string[] = [];


beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  session = await startWorkstationSession({
    tempPrefix: 'viper-e2e-analysis-',
    user: 'e2e',
    seed: async (dbPath) => {
      const ctx = createApiContext(dbPath, { actor: 'seed', env: {} });
      const { clipIds } = writeSyntheticSet(ctx.db, { splits: { Train: 24, Val: 16, Test: 6 }, frames: 4, dims: { image: 8, fau: 32 }, seed: 5 });
      // A second annotator on 8 Val clips, a little above gold, for the agreement table.
      for (const clip of clipIds.slice(24, 32)) {
        const gold = await callApi(ctx, 'labels.get', { clip });
        const values = Object.fromEntries(EMOTIONS.map((e) => [e, Math.min(1, (gold.values?.[e] ?? 0) + 0.05)])) as Record<Emotion, number>;
        await callApi(ctx, 'labels.save', { clip, annotator: 'second', values, expectedVersion: 0 });
      }
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

describe('the Analysis screen', () => {
  it('shows the trained run and the prior side by side: bars, scatter and confusion matrices', async () => {
    await page.goto(serve.url);
    await page.getByRole('link', { name: 'Analysis' }).click();
    // Named by default from modalities, preset and time (the region's name holds the label).
    const trained = page.getByRole('region', { name: 'Run 1 · image+fau · compact ·' });
    await trained.getByRole('grid', { name: 'Adoration confusion matrix' }).waitFor({ timeout: 30_000 });
    await page.getByLabel('compare with').selectOption('2');
    const prior = page.getByRole('region', { name: 'Run 2 · prior (untrained FAU mapping) ·' });
    await prior.getByRole('grid', { name: 'Adoration confusion matrix' }).waitFor();
    for (const panel of [trained, prior]) {
      expect(await panel.getByRole('gridcell').count()).toBe(100);
      expect(await panel.getByLabel('Pearson per emotion').locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);
      // 16 Val clips, one point each.
      expect(await panel.getByLabel('predicted against gold').locator('.recharts-scatter-symbol').count()).toBe(16);
    }
    await page.getByRole('tab', { name: 'Surprise' }).click();
    await trained.getByRole('grid', { name: 'Surprise confusion matrix' }).waitFor();
    // Row-normalised: the cells of every non-empty gold row add up to 1.
    const labels = await trained.getByRole('gridcell').evaluateAll((cells) => cells.map((cell) => cell.getAttribute('aria-label') ?? ''));
    const rows = new Map<string, number>();
    for (const label of labels) {
      const [, gold, value] = /^gold ([\d.–]+), predicted [\d.–]+: ([\d.]+)/.exec(label) ?? [];
      rows.set(gold ?? '', (rows.get(gold ?? '') ?? 0) + Number(value));
    }
    for (const sum of rows.values()) expect(sum === 0 || Math.abs(sum - 1) < 0.05).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, '11-analysis.png'), fullPage: true });
  });

  it("lists a cell's clips and opens one in review", async () => {
    const trained = page.getByRole('region', { name: 'Run 1 · image+fau · compact ·' });
    await trained.getByRole('gridcell', { name: /\((?!0 clips)\d+ clips\)/ }).first().click();
    const list = page.getByRole('region', { name: 'selected clips' });
    await list.getByRole('link').first().waitFor();
    const fileId = await list.getByRole('link').first().textContent();
    await page.screenshot({ path: join(ARTIFACTS, '12-analysis-cell-clips.png'), fullPage: true });
    await list.getByRole('link').first().click();
    await page.getByRole('heading', { name: `Clip ${fileId}` }).waitFor();
  });

  it('shows the agreement of the two annotators', async () => {
    await page.getByRole('link', { name: 'Analysis' }).click();
    const agreement = page.getByRole('region', { name: 'annotator agreement' });
    await agreement.getByRole('heading', { name: /gold, second · 8 shared Val clips/ }).waitFor();
    expect(await agreement.locator('tbody tr').count()).toBe(7);
    await page.screenshot({ path: join(ARTIFACTS, '13-analysis-agreement.png'), fullPage: true });
  });

  it('caused no console errors or CSP violations', () => {
    expect(pageErrors).toEqual([]);
  });
});
