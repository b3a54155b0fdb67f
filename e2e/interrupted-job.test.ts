/**
 * The Jobs screen with a job whose process was killed: it reads "interrupted", shows the command that resumes
 * it, and its Resume button runs the same import from the page, which then finishes. Real `viper serve` on a
 * database seeded with that job, Debian's Chromium.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/main/store/database';
import { currentOwner } from '../src/main/store/job-owner';
import { JobsStore } from '../src/main/store/jobs-store';
import { fixture, REPO_ROOT } from '../src/main/test-support/fixtures';
import { startWorkstationSession, type WorkstationSession } from './support/workstation-session';

const ARTIFACTS = join(REPO_ROOT, 'e2e', 'artifacts');
const VIDEO = fixture('single_face.mp4');

let session: WorkstationSession;

/** An import job owned by a pid no process has on this host: what a `kill -9` leaves behind. */
function seedInterruptedImport(dbPath: string): void {
  const db = openStore(dbPath);
  new JobsStore(db).start('import', { paths: [VIDEO], annotator: 'gold', sampling: { frameCount: 32, method: 'paper' } }, 1, new Date().toISOString(), { ...currentOwner(), pid: 2 ** 22 + 17 });
  db.close();
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  session = await startWorkstationSession({ tempPrefix: 'viper-e2e-jobs-', user: 'e2e-jobs', seed: seedInterruptedImport });
}, 180_000);

afterAll(async () => {
  await session?.close();
});

describe('an interrupted job on the Jobs screen', () => {
  it('reads interrupted with its resume command, and resumes from the page', async () => {
    const page = await session.browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(session.serve.url);
    await page.getByRole('link', { name: 'Jobs' }).click();
    await page.getByRole('cell', { name: 'interrupted' }).waitFor();
    expect(await page.locator('table tbody').textContent()).toContain(`npx viper import ${VIDEO}`);
    await page.screenshot({ path: join(ARTIFACTS, '08b-jobs-interrupted.png'), fullPage: true });
    await page.getByRole('button', { name: 'Resume' }).click();
    // The resumed import is a new job, listed first once it is done; the interrupted one stays as it was.
    await page.getByRole('cell', { name: 'done' }).waitFor({ timeout: 120_000 });
    const states = await page.locator('table tbody tr td:nth-child(3)').allTextContents();
    expect(states).toEqual(['done', 'interrupted']);
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);
});
