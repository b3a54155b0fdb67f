/**
 * Runs in the page, end to end: two Perceivers trained through the real CLI on a labelled synthetic set,
 * then `viper serve` in headless Chromium — a run renamed, two runs compared on the same clips (scores side
 * by side with n, the clips they disagree on, one opened in review), a run deleted after asking, and the
 * Library's review queue ordered by uncertainty and by |prediction − gold|.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiContext } from '../src/main/api/context';
import { writeSyntheticSet } from '../src/main/fusion/synthetic-features';
import { runFolder } from '../src/main/fusion/train-run';
import { REPO_ROOT } from '../src/main/test-support/fixtures';
import { collectPageErrors } from './support/browser';
import { viperCli } from './support/viper-cli';
import type { ServeProcess } from './support/viper-serve';
import { startWorkstationSession, type WorkstationSession } from './support/workstation-session';

const ARTIFACTS = join(REPO_ROOT, 'e2e', 'artifacts');

let session: WorkstationSession;
let dbPath: string;
let serve: ServeProcess;
let page: Page;
const pageErrors: string[] = [];


beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  session = await startWorkstationSession({
    tempPrefix: 'viper-e2e-runs-',
    user: 'e2e',
    seed: (dbPath) => {
      const ctx = createApiContext(dbPath, { actor: 'seed', env: {} });
      writeSyntheticSet(ctx.db, { splits: { Train: 24, Val: 16, Test: 6 }, frames: 4, dims: { image: 8, fau: 32 }, seed: 5 });
      ctx.close();
      viperCli(dbPath, 'train', '--modalities', 'fau', '--epochs', '3', '--lr', '1e-3', '--backend', 'wasm');
      viperCli(dbPath, 'train', '--modalities', 'image,fau', '--epochs', '3', '--lr', '1e-3', '--backend', 'wasm');
    },
  });
  ({ serve, dbPath } = session);
  page = await session.browser.context.newPage();
  collectPageErrors(page, pageErrors);
}, 300_000);

afterAll(() => session?.close());

/** The numbers of one column of the Library's visible rows, top to bottom ('·' rows left out). */
async function columnValues(page: Page, column: number): Promise<number[]> {
  const texts = await page.locator('.clip-rows .clip-row').evaluateAll((rows, index) => rows.map((row) => ({ top: row.getBoundingClientRect().top, text: row.children[index]?.textContent ?? '' })), column);
  return texts
    .sort((a, b) => a.top - b.top)
    .map((row) => row.text)
    .filter((text) => text !== '·')
    .map(Number);
}

describe('runs in the page', () => {
  it('renames a run in place, and every label follows', async () => {
    await page.goto(serve.url);
    await page.getByRole('link', { name: 'Analysis' }).click();
    await page.getByRole('region', { name: 'Run 2 · image+fau · compact ·' }).waitFor({ timeout: 30_000 });
    await page.getByText('Runs (2): names and deletion').click();
    const field = page.getByLabel('name of run 1');
    expect(await field.getAttribute('placeholder')).toMatch(/^fau · compact · \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    await field.fill('FAU only');
    await page.getByRole('table', { name: 'runs' }).getByRole('row').filter({ has: field }).getByRole('button', { name: 'Rename' }).click();
    await page.getByRole('option', { name: 'Run 1 · FAU only' }).first().waitFor({ state: 'attached' });
    expect(JSON.parse(viperCli(dbPath, '--json', 'runs')).runs[0]).toMatchObject({ id: 1, name: 'FAU only', nameIsDefault: false });
  });

  it('compares two runs on the same clips, and opens a clip they disagree on in review', async () => {
    await page.getByLabel('compare with').selectOption('1');
    const comparison = page.getByRole('region', { name: 'comparison of the two runs' });
    await comparison.getByRole('table', { name: 'scores side by side' }).waitFor();
    await comparison.getByText('16 Val clips predicted by both; every score is on the same n = 16 labelled clips.').waitFor();
    const scoreRows = comparison.getByRole('table', { name: 'scores side by side' }).locator('tbody tr');
    expect(await scoreRows.count()).toBe(8);
    // The side-by-side numbers are the server's: the same as "viper runs compare".
    const cli = JSON.parse(viperCli(dbPath, '--json', 'runs', 'compare', '2', '1')) as { perEmotion: { pearsonA: { value: number | null }; cccB: number | null }[]; disagreements: { fileId: string }[] };
    const firstRow = await scoreRows.first().locator('td').allTextContents();
    expect(firstRow[1]).toBe(cli.perEmotion[0]?.pearsonA.value?.toFixed(3));
    expect(firstRow[4]).toBe(cli.perEmotion[0]?.cccB?.toFixed(3));
    const disagreements = comparison.getByRole('table', { name: 'clips where the runs disagree most' });
    expect(await disagreements.locator('tbody tr').count()).toBe(10);
    expect(await disagreements.getByRole('link').allTextContents()).toEqual(cli.disagreements.map((d) => d.fileId));
    await page.screenshot({ path: join(ARTIFACTS, '31-runs-compare.png'), fullPage: true });
    const first = cli.disagreements[0]?.fileId ?? '';
    await disagreements.getByRole('link', { name: first }).click();
    await page.getByRole('heading', { name: `Clip ${first}` }).waitFor();
  });

  it('orders the review queue by uncertainty and by |prediction − gold|', async () => {
    await page.getByRole('link', { name: 'Library', exact: true }).click();
    const order = page.getByLabel('review queue order');
    await order.waitFor();
    await order.selectOption({ label: 'by uncertainty' });
    await page.getByRole('columnheader', { name: /Unc\. ▾/ }).waitFor();
    const uncertainty = await columnValues(page, 12);
    expect(uncertainty.length).toBeGreaterThan(10);
    expect([...uncertainty].sort((a, b) => b - a)).toEqual(uncertainty);
    // The top of the queue is the clip the API measures as the least settled.
    const clips = JSON.parse(viperCli(dbPath, '--json', 'list', '--limit', '100')) as { clips: { fileId: string; predictionUncertainty: number | null }[] };
    const most = [...clips.clips].sort((a, b) => (b.predictionUncertainty ?? -1) - (a.predictionUncertainty ?? -1))[0];
    expect(uncertainty[0]).toBe(Number(most?.predictionUncertainty?.toFixed(3)));
    await page.screenshot({ path: join(ARTIFACTS, '32-review-queue-uncertainty.png'), fullPage: true });
    await order.selectOption({ label: 'by |prediction − gold|' });
    await page.getByRole('columnheader', { name: /Error ▾/ }).waitFor();
    const errors = await columnValues(page, 11);
    expect(errors.length).toBeGreaterThan(10);
    expect([...errors].sort((a, b) => b - a)).toEqual(errors);
    expect(await order.inputValue()).toBe('error');
  });

  it('deletes a run after asking, with its files, and the screens forget it', async () => {
    await page.getByRole('link', { name: 'Analysis' }).click();
    await page.getByText('Runs (2): names and deletion').click();
    const runs = page.getByRole('table', { name: 'runs' });
    await runs.getByRole('row').nth(2).getByRole('button', { name: 'Delete…' }).click();
    const confirm = page.getByRole('group', { name: 'confirm deleting run 2' });
    await confirm.getByText('with its predictions, checkpoints and ONNX files? Labels are kept.').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, '33-runs-delete-confirm.png'), fullPage: true });
    expect(existsSync(runFolder(dbPath, 2))).toBe(true);
    await confirm.getByRole('button', { name: 'Delete run 2' }).click();
    await page.getByRole('status').getByText(/^Deleted run 2 “image\+fau · compact · .*”: 46 predictions, \d+ files \(\d+\.\d MB\)\. Labels were not touched\.$/).waitFor();
    await page.getByText('Runs (1): names and deletion').waitFor();
    expect(existsSync(runFolder(dbPath, 2))).toBe(false);
    expect(await page.getByLabel('run', { exact: true }).locator('option').allTextContents()).toEqual(['Run 1 · FAU only']);
    expect(JSON.parse(viperCli(dbPath, '--json', 'runs')).runs.map((r: { id: number }) => r.id)).toEqual([1]);
    expect(viperCli(dbPath, 'export-labels').trim().split('\n')).toHaveLength(47);
  });

  it('caused no console errors or CSP violations', () => {
    expect(pageErrors).toEqual([]);
  });
});
