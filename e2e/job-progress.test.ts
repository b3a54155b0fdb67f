/**
 * A running job on the Jobs screen — an analysis whose results arrive from queue workers, here moved on from
 * the test — keeps its count and its time left current without a reload, and drops the time left once done.
 * Real `viper serve` on a seeded database, Debian's Chromium.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/main/store/database';
import { currentOwner } from '../src/main/store/job-owner';
import { JobsStore } from '../src/main/store/jobs-store';
import { REPO_ROOT } from '../src/main/test-support/fixtures';
import { startWorkstationSession, type WorkstationSession } from './support/workstation-session';

const ARTIFACTS = join(REPO_ROOT, 'e2e', 'artifacts');
let session: WorkstationSession;
let dbPath = '';
let jobId = 0;

beforeAll(async () => {
  session = await startWorkstationSession({
    tempPrefix: 'viper-e2e-job-progress-',
    user: 'e2e-progress',
    seed: (path) => {
      dbPath = path;
      const db = openStore(path);
      const jobs = new JobsStore(db);
      // Started ten minutes ago by this (living) process, half done: ten minutes left at that pace.
      const startedAt = new Date(Date.now() - 600_000).toISOString();
      jobId = jobs.start('analyze', { clipIds: [], modalities: ['image', 'audio', 'text', 'fau'], force: false, queue: 'redis://127.0.0.1:6379', attempts: 3, mediaAddress: null }, 10, startedAt, currentOwner());
      jobs.progress(jobId, 5, 10, new Date().toISOString());
      db.close();
    },
  });
}, 180_000);

afterAll(async () => {
  await session?.close();
});

function moveJob(update: (jobs: JobsStore) => void): void {
  const db = openStore(dbPath);
  update(new JobsStore(db));
  db.close();
}

describe('a running job on the Jobs screen', () => {
  it('shows its count and time left, follows its progress without a reload, and drops the time left when done', async () => {
    const page = await session.browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(session.serve.url);
    await page.getByRole('link', { name: 'Jobs' }).click();
    const done = page.locator('table tbody tr').first().locator('td').nth(3);
    await expect.poll(() => done.textContent()).toBe('5/10 · about 10 min left');
    await page.screenshot({ path: join(ARTIFACTS, '08c-jobs-running.png'), fullPage: true });
    moveJob((jobs) => jobs.progress(jobId, 8, 10, new Date().toISOString()));
    await expect.poll(() => done.textContent(), { timeout: 10_000 }).toMatch(/^8\/10 · about \d+ min left$/);
    moveJob((jobs) => {
      jobs.progress(jobId, 10, 10, new Date().toISOString());
      jobs.finish(jobId, 'done', new Date().toISOString());
    });
    await expect.poll(() => done.textContent(), { timeout: 10_000 }).toBe('10/10');
    expect(await page.locator('table tbody tr').first().locator('td').nth(2).textContent()).toBe('done');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
