/**
 * Every action of the Analysis screen end to end, in headless Chromium against the real `viper serve` on a
 * synthetic labelled set: training with chosen options and its live curves, a second training refused from
 * another tab, cancel and resume, predict, evaluate, retrain from corrections, the ablation beside the
 * paper's Table 3, and the three exports downloaded by the browser; then the Jobs screen listing every
 * action, the download route's token, and an export to a folder that cannot be written.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMOTIONS } from '../src/shared/emotions';
import { createApiContext } from '../src/main/api/context';
import { writeSyntheticSet } from '../src/main/fusion/synthetic-features';
import { REPO_ROOT } from '../src/main/test-support/fixtures';
import { collectPageErrors } from './support/browser';
import { startViperServe, type ServeProcess } from './support/viper-serve';
import { startWorkstationSession, type WorkstationSession } from './support/workstation-session';

const ARTIFACTS = join(REPO_ROOT, 'e2e', 'artifacts');
const LONG = 180_000;
const EPOCHS = 20;

let session: WorkstationSession;
let dbPath: string;
let serve: ServeProcess;
let page: Page;
const pageErrors: string[] = [];

async function api(call: string, input: unknown): Promise<{ status: number; body: { ok: boolean; value?: Record<string, unknown>; error?: { code: string; message: string } } }> {
  const token = new URL(serve.url).searchParams.get('token') ?? '';
  const response = await fetch(`${serve.origin}/api/${call}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Viper-Token': token }, body: JSON.stringify(input) });
  return { status: response.status, body: (await response.json()) as never };
}

async function openAnalysis(target: Page): Promise<Locator> {
  await target.goto(serve.url);
  await target.getByRole('link', { name: 'Analysis' }).click();
  const train = target.getByRole('region', { name: 'train' });
  await train.waitFor();
  return train;
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  session = await startWorkstationSession({
    tempPrefix: 'viper-e2e-actions-',
    user: 'e2e',
    seed: (dbPath) => {
      const ctx = createApiContext(dbPath, { actor: 'seed', env: {} });
      writeSyntheticSet(ctx.db, { splits: { Train: 16, Val: 8, Test: 4 }, frames: 4, dims: { image: 8, audio: 8, text: 8, fau: 32 }, seed: 5, asAnalysed: true });
      ctx.close();
    },
  });
  ({ serve, dbPath } = session);
  page = await session.browser.context.newPage();
  collectPageErrors(page, pageErrors);
}, 120_000);

afterAll(() => session?.close());

describe('the Analysis screen’s actions', () => {
  it('trains with the chosen options, its curves growing; a second training from another tab is refused; cancel, then resume', async () => {
    const train = await openAnalysis(page);
    // Enough epochs that the cancel below lands while they run, not in the prediction after the last one.
    await train.getByRole('textbox', { name: 'epochs', exact: true }).fill(String(EPOCHS));
    await train.getByLabel('learning rate', { exact: true }).fill('0.003');
    await train.getByLabel('backend').selectOption('wasm');
    await train.getByRole('button', { name: 'Train', exact: true }).click();
    const run = train.getByLabel('training run 1');
    const epochs = run.getByRole('table', { name: 'epochs' }).locator('tbody tr');
    await epochs.first().waitFor({ timeout: LONG });
    await expect.poll(() => run.textContent()).toContain('running');

    const other = await session.browser.context.newPage();
    const otherTrain = await openAnalysis(other);
    await otherTrain.getByRole('button', { name: 'Train', exact: true }).click();
    await otherTrain.getByRole('alert').waitFor();
    expect(await otherTrain.getByRole('alert').textContent()).toMatch(/fusion run 1 \(job \d+\) is training now.*a second training is refused/);
    await other.screenshot({ path: join(ARTIFACTS, '20-actions-second-training-refused.png'), fullPage: true });
    await other.close();

    await run.getByRole('button', { name: 'Cancel training' }).click();
    await train.getByRole('status').filter({ hasText: 'cancelled after epoch' }).waitFor({ timeout: LONG });
    const cancelledAt = await epochs.count();
    expect(cancelledAt).toBeGreaterThan(0);
    expect(cancelledAt).toBeLessThan(EPOCHS);
    await run.getByRole('button', { name: 'Resume run 1' }).click();
    const outcome = train.getByRole('status').filter({ hasText: 'Run 1 done' }).or(train.getByRole('alert'));
    await outcome.waitFor({ timeout: LONG });
    expect(await outcome.textContent()).toContain('Run 1 done');
    await page.screenshot({ path: join(ARTIFACTS, '21-actions-trained.png'), fullPage: true });
    await expect.poll(() => epochs.count()).toBe(EPOCHS);
    expect(await run.locator('.recharts-line').count()).toBe(2);
  }, 400_000);

  it('predicts with the run and evaluates it on the split shown', async () => {
    const actions = page.getByRole('region', { name: 'predict and evaluate' });
    await page.screenshot({ path: join(ARTIFACTS, '21b-actions-before-evaluate.png'), fullPage: true });
    await actions.getByRole('button', { name: 'Evaluate on Val' }).click();
    const table = actions.getByRole('table', { name: 'evaluation of run 1 on Val' });
    await table.waitFor({ timeout: LONG });
    expect(await table.locator('tbody tr').count()).toBe(7);
    expect(await table.locator('caption').textContent()).toContain('8 labelled clips');
    await actions.getByRole('button', { name: 'Predict every analysed clip' }).click();
    await actions.getByRole('status').filter({ hasText: 'Run 1 predicted 28 clips.' }).waitFor({ timeout: LONG });
    // Both are jobs: the Jobs screen lists them (it shows the most recent ten).
    await page.getByRole('link', { name: 'Jobs' }).click();
    await page.getByRole('cell', { name: 'predict', exact: true }).waitFor();
    expect(await page.locator('table.plain tbody tr td:nth-child(2)').allTextContents()).toEqual(expect.arrayContaining(['predict', 'evaluate', 'train']));
    await page.getByRole('link', { name: 'Analysis' }).click();
  }, LONG);

  it('retrains from corrections: a new run continues run 1 on the corrected labels', async () => {
    const values = Object.fromEntries(EMOTIONS.map((e) => [e, 0.9]));
    const saved = await api('labels.save', { clip: 1, values, expectedVersion: 1 });
    expect(saved.body.ok, JSON.stringify(saved.body.error)).toBe(true);
    const train = page.getByRole('region', { name: 'train' });
    await train.getByText('1 clip corrected since').waitFor({ timeout: 20_000 });
    await train.getByLabel('retrain epochs').fill('2');
    await train.getByRole('button', { name: 'Retrain from corrections' }).click();
    await train.getByRole('status').filter({ hasText: 'Run 2 continued run 1 on the corrected labels' }).waitFor({ timeout: LONG });
    await train.getByLabel('training run 2').getByText('continued from run 1').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, '22-actions-retrained.png'), fullPage: true });
  }, LONG);

  it("runs the ablation and shows it beside the paper's Table 3", async () => {
    await page.getByRole('region', { name: 'train' }).getByRole('textbox', { name: 'epochs', exact: true }).fill('1');
    const ablation = page.getByRole('region', { name: 'ablation' });
    await ablation.getByRole('button', { name: 'Run the ablation' }).click();
    await ablation.getByRole('status', { name: 'Ablation progress' }).waitFor();
    const table = ablation.getByRole('table', { name: "ablation beside the paper's Table 3" });
    await table.waitFor({ timeout: 400_000 });
    const rows = await table.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(6);
    expect(rows[0]).toMatch(/^image\d+.*0\.27120\.2622$/);
    expect(rows[5]).toMatch(/^FAU only \(baseline\)/);
    await page.screenshot({ path: join(ARTIFACTS, '23-actions-ablation.png'), fullPage: true });
  }, 420_000);

  it('downloads labels, predictions and features from the browser', async () => {
    const exportPanel = page.getByRole('region', { name: 'export' });
    const download = async (button: string): Promise<{ name: string; path: string }> => {
      const [file] = await Promise.all([page.waitForEvent('download'), exportPanel.getByRole('button', { name: button }).click()]);
      const path = join(dirname(dbPath), `downloaded-${file.suggestedFilename()}`);
      await file.saveAs(path);
      return { name: file.suggestedFilename(), path };
    };
    const labels = await download('Export labels (CSV)');
    expect(labels.name).toBe('labels-gold.csv');
    const lines = readFileSync(labels.path, 'utf8').trim().split('\n');
    expect(lines[0]).toBe(`File_ID,Split,${EMOTIONS.join(',')}`);
    expect(lines).toHaveLength(29);
    expect(lines[1]).toBe(`00001,Train,${EMOTIONS.map(() => '0.9').join(',')}`);

    const predictions = await download('Export predictions of run');
    expect(predictions.name).toMatch(/^predictions-run-\d+\.csv$/);
    expect(readFileSync(predictions.path, 'utf8').trim().split('\n')).toHaveLength(29);

    await exportPanel.getByLabel('export split').selectOption('Val');
    const features = await download('Export features');
    expect(features.name).toBe('features-Val.tar');
    const members = execFileSync('tar', ['-tf', features.path], { encoding: 'utf8' }).trim().split('\n').sort();
    expect(members).toEqual(['audio.npy', 'fau.npy', 'image.npy', 'index.csv', 'index.json', 'mask.npy', 'presence.npy', 'text.npy']);
    await exportPanel.getByRole('status').filter({ hasText: 'features-Val.tar: 8 clips' }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, '24-actions-exported.png'), fullPage: true });
  }, LONG);

  it('lists the ablation, its trainings and the exports as jobs on the Jobs screen', async () => {
    await page.getByRole('link', { name: 'Jobs' }).click();
    await page.getByRole('cell', { name: 'ablate', exact: true }).waitFor();
    const kinds = await page.locator('table.plain tbody tr td:nth-child(2)').allTextContents();
    for (const kind of ['train', 'ablate', 'export']) expect(kinds).toContain(kind);
    await page.screenshot({ path: join(ARTIFACTS, '25-actions-jobs.png'), fullPage: true });
  });

  it('serves a download only with the token, and only a finished export', async () => {
    const exported = await api('exports.create', { what: 'labels' });
    const id = Number(exported.body.value?.downloadId);
    expect((await fetch(`${serve.origin}/download/${id}`)).status).toBe(401);
    const token = new URL(serve.url).searchParams.get('token') ?? '';
    const ok = await fetch(`${serve.origin}/download/${id}?token=${token}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-disposition')).toBe('attachment; filename="labels-gold.csv"');
    expect((await ok.text()).startsWith('File_ID,Split,')).toBe(true);
    // A job that is not an export (the first training) and an unknown id.
    for (const bad of ['1', '99999', '..%2Fviper.db']) expect((await fetch(`${serve.origin}/download/${bad}?token=${token}`)).status).toBe(404);
  });

  it('names a folder it cannot write, and writes nothing there', async () => {
    const readOnly = join(dirname(dbPath), 'read-only');
    mkdirSync(readOnly);
    chmodSync(readOnly, 0o555);
    // As root, mode bits bind only a process without the file-mode override (setpriv drops it, as the unwritable-store test does).
    const wrap = process.getuid?.() === 0 ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search', '--inh-caps=-dac_override,-dac_read_search', '--'] : [];
    const restricted = await startViperServe(dbPath, 'e2e', wrap);
    try {
      const token = new URL(restricted.url).searchParams.get('token') ?? '';
      const response = await fetch(`${restricted.origin}/api/exports.create`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Viper-Token': token },
        body: JSON.stringify({ what: 'labels', destination: join(readOnly, 'labels.csv') }),
      });
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(response.status).toBe(503);
      expect(body.error.code).toBe('exports/write-failed');
      expect(body.error.message).toContain(`${readOnly}: the export cannot be written there`);
      expect(readdirSync(readOnly)).toEqual([]);
    } finally {
      await restricted.stop();
      chmodSync(readOnly, 0o755);
    }
  }, 60_000);

  it('caused no console errors or CSP violations', () => {
    expect(pageErrors).toEqual([]);
  });
});
