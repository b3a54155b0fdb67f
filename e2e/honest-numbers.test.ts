/**
 * The Library's "doubtful labels" filter and the Analysis screen's honest numbers, end to end: a synthetic
 * labelled set (12 Train, 4 Val clips, no Test clip) in a real database, ten Train clips saved with one and
 * the same row and a stray third annotator on a Val clip (labels.save), the prior predicted through the real
 * CLI, then `viper serve` in headless Chromium. Four Val clips are too few for a correlation: every one is
 * shown with n = 4 and marked unreliable; the heat map carries its bins as ticks, gold 0.0 on top; the
 * scatter names the hovered clip; an empty split says what is missing.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMOTIONS, type Emotion } from '../src/shared/emotions';
import { createApiContext } from '../src/main/api/context';
import { callApi } from '../src/main/api/handlers';
import { writeSyntheticSet } from '../src/main/fusion/synthetic-features';
import { makeTempDir, REPO_ROOT } from '../src/main/test-support/fixtures';
import { collectPageErrors, launchChromium } from './support/browser';
import { ensureRendererBuilt, startViperServe, type ServeProcess } from './support/viper-serve';

const ARTIFACTS = join(REPO_ROOT, 'e2e', 'artifacts');

let temp: ReturnType<typeof makeTempDir>;
let serve: ServeProcess;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
let strayClipFileId: string;
const pageErrors: string[] = [];

const vector = (value: (e: number) => number): Record<Emotion, number> => Object.fromEntries(EMOTIONS.map((emotion, e) => [emotion, value(e)])) as Record<Emotion, number>;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  ensureRendererBuilt();
  temp = makeTempDir('viper-e2e-honest-');
  const dbPath = join(temp.dir, 'viper.db');
  const ctx = createApiContext(dbPath, { actor: 'seed', env: {} });
  const { clipIds } = writeSyntheticSet(ctx.db, { splits: { Train: 12, Val: 4 }, frames: 4, dims: { fau: 32 }, seed: 4 });
  for (const clip of clipIds.slice(0, 10)) {
    const labels = await callApi(ctx, 'labels.get', { clip });
    await callApi(ctx, 'labels.save', { clip, values: vector(() => 0.3), expectedVersion: labels.version });
  }
  const stray = clipIds[13] ?? 0;
  const gold = await callApi(ctx, 'labels.get', { clip: stray });
  strayClipFileId = (await callApi(ctx, 'clips.get', { clip: stray })).fileId;
  for (const [annotator, shift] of [
    ['ann', 0.01],
    ['bea', -0.01],
  ] as const) {
    await callApi(ctx, 'labels.save', { clip: stray, annotator, values: vector((e) => Math.min(1, Math.max(0, (gold.values?.[EMOTIONS[e] ?? 'Fear'] ?? 0) + shift))), expectedVersion: 0 });
  }
  await callApi(ctx, 'labels.save', { clip: stray, annotator: 'stray', values: vector((e) => ((gold.values?.[EMOTIONS[e] ?? 'Fear'] ?? 0) > 0.5 ? 0 : 1)), expectedVersion: 0 });
  ctx.close();
  execFileSync(process.execPath, [join(REPO_ROOT, 'bin', 'viper.js'), '--db', dbPath, 'predict', '--prior'], { cwd: REPO_ROOT, encoding: 'utf8' });
  serve = await startViperServe(dbPath, 'e2e');
  browser = await launchChromium();
  page = await browser.context.newPage();
  // An empty split is answered 400 fusion/split-missing, which the page shows as an empty state.
  collectPageErrors(page, pageErrors, (message) => message.text().includes('status of 400') && /\/api\/(evaluation\.summary|labels\.lint)$/.test(message.location().url));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  temp?.cleanup();
});

describe("the Library's doubtful labels", () => {
  it('lists each flag with its reason, narrows the table to the flagged clips and opens one in review', async () => {
    await page.goto(serve.url);
    await page.getByLabel('labels filter').selectOption('doubtful');
    const panel = page.getByRole('region', { name: 'doubtful labels' });
    await panel.getByRole('heading', { name: '11 doubtful labels among 16 gold-labelled clips' }).waitFor({ timeout: 20_000 });
    const items = await panel.locator('li').allTextContents();
    expect(items.filter((text) => /identical-rows: the same seven values \(0\.30 0\.30 0\.30 0\.30 0\.30 0\.30 0\.30\) on 10 clips/.test(text))).toHaveLength(10);
    expect(items.filter((text) => text.startsWith(`${strayClipFileId} annotator-outlier (stray): stray gave`))).toHaveLength(1);
    // The rules that could not run say why (the synthetic clips have no analysed frames, there is no trained run).
    expect(await panel.getByText(/^Not checked: .*no-face-no-speech \(no labelled clip is analysed/).count()).toBe(1);
    await expect.poll(() => page.getByRole('table', { name: 'clips' }).getAttribute('aria-rowcount')).toBe('11');
    await page.screenshot({ path: join(ARTIFACTS, '20-library-doubtful-labels.png'), fullPage: true });
    await panel.getByRole('link', { name: strayClipFileId }).click();
    await page.getByRole('heading', { name: `Clip ${strayClipFileId}` }).waitFor();
  });

  it('says a split without gold labels has nothing to check', async () => {
    await page.getByRole('link', { name: 'Library', exact: true }).click();
    await page.getByLabel('labels filter').selectOption('doubtful');
    await page.getByLabel('split filter').selectOption('Test');
    await page.getByText('No gold-labelled clips in the Test split: nothing to check.').waitFor();
  });
});

describe("the Analysis screen's honest numbers", () => {
  it('shows n beside every score and marks correlations on 4 clips unreliable, with bar values and the interval explained', async () => {
    await page.getByRole('link', { name: 'Analysis' }).click();
    const panel = page.getByRole('region', { name: 'Run 1 · prior (untrained FAU mapping)' });
    const scores = panel.getByRole('table', { name: 'scores with n' });
    await scores.waitFor({ timeout: 30_000 });
    const rows = await scores.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    expect(rows).toHaveLength(7);
    for (const [emotion, n, , , , note] of rows) {
      expect(EMOTIONS).toContain(emotion);
      expect(n).toBe('4');
      expect(note).toMatch(/^(unreliable: n = 4 < 10 clips|gold values are constant|predictions are constant|gold and predictions are both constant)$/);
    }
    expect(await panel.getByLabel('Pearson per emotion').locator('figcaption').textContent()).toMatch(/^Mean Pearson (-?\d\.\d{4} \(unreliable: n = 4 < 10 clips[^)]*\)|undefined \(undefined: no emotion has a defined Pearson\)) · n = 4 clips$/);
    // Each defined Pearson bar carries its value.
    const labels = await panel.locator('.recharts-label-list text').evaluateAll((texts) => texts.map((t) => ({ text: t.textContent ?? '', fill: getComputedStyle(t).fill })));
    const numbered = labels.filter((label) => /^-?\d\.\d\d$/.test(label.text));
    expect(numbered.length).toBeGreaterThan(0);
    // Dark text, not the hollow bar's white.
    for (const label of numbered) expect(label.fill).toBe('rgb(29, 35, 48)');
    expect(await panel.locator('p.interval').textContent()).toMatch(/^Mean Pearson: (95 % bootstrap interval -?\d\.\d{4} – -?\d\.\d{4} \(\d+ resamples, n = 4\)|no 95 % bootstrap interval: on 4 clip\(s\) the resamples do not differ or are mostly undefined)$/);
  });

  it('draws the heat map with tick labels, gold 0.0 on top, cell text of at least 11 px, and names bins and clips on hover', async () => {
    const panel = page.getByRole('region', { name: 'Run 1 · prior (untrained FAU mapping)' });
    const grid = panel.getByRole('grid', { name: 'Adoration confusion matrix' });
    const ticks = ['0.0', '0.1', '0.2', '0.3', '0.4', '0.5', '0.6', '0.7', '0.8', '0.9'];
    const goldTicks = grid.getByLabel('gold bin ticks').locator('text');
    expect(await goldTicks.allTextContents()).toEqual(ticks);
    const ys = await goldTicks.evaluateAll((texts) => texts.map((t) => Number(t.getAttribute('y'))));
    expect(ys).toEqual([...ys].sort((a, b) => a - b));
    expect(await grid.getByLabel('predicted bin ticks').locator('text').allTextContents()).toEqual(ticks);
    // The first row of cells is gold 0.0–0.1, drawn at the top.
    const first = grid.getByRole('gridcell').first();
    expect(await first.getAttribute('aria-label')).toMatch(/^gold 0\.0–0\.1, predicted 0\.0–0\.1: /);
    const sizes = await grid.locator('g[role=gridcell] text').evaluateAll((texts) => texts.map((t) => parseFloat(getComputedStyle(t).fontSize)));
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(11);
    expect(await grid.locator('g[role=gridcell] title').first().textContent()).toMatch(/^gold 0\.0–0\.1, predicted 0\.0–0\.1: [\d.]+ \(\d+ clips\)$/);
    const scatter = panel.getByLabel('predicted against gold');
    await scatter.locator('.recharts-scatter-symbol').first().hover();
    await expect.poll(() => scatter.getByRole('tooltip').textContent()).toMatch(/^clip \d{5}gold \d\.\d{3} · predicted \d\.\d{3}$/);
    await page.screenshot({ path: join(ARTIFACTS, '21-analysis-honest-numbers.png'), fullPage: true });
  });

  it('says a split without labelled clips is what is missing', async () => {
    await page.getByLabel('split', { exact: true }).selectOption('Test');
    await page.getByText('No labelled clips in the Test split: nothing to score.', { exact: false }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('caused no console errors or CSP violations', () => {
    expect(pageErrors).toEqual([]);
  });
});
