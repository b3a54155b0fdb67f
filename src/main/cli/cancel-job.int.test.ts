/**
 * A job stopped from elsewhere: a real `viper import` runs in its own process on a real SQLite file, the
 * Jobs screen's call (jobs.cancel) is made from this process, and the import stops at its next file,
 * exits 130 and reads "cancelled"; what it stored is whole, and running it again resumes.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApiContext } from '../api/context';
import { callApi } from '../api/handlers';
import { fixture, makeTempDir, REPO_ROOT } from '../test-support/fixtures';

const temp = makeTempDir();
const dbPath = join(temp.dir, 'viper.db');
const ctx = createApiContext(dbPath, { actor: 'jobs-screen' });
afterAll(() => {
  ctx.close();
  temp.cleanup();
});

const FILES = 12;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('jobs.cancel', () => {
  it('stops a viper import running in another process at its next file', async () => {
    const folder = join(temp.dir, 'videos');
    mkdirSync(folder);
    // Different names, same content: each is hashed and looked up, the first one decoded; enough files to cancel mid-way.
    for (let i = 0; i < FILES; i++) copyFileSync(fixture(i % 2 === 0 ? 'single_face.mp4' : 'no_face.mp4'), join(folder, `${String(i).padStart(5, '0')}.mp4`));
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/viper.js'), '--db', dbPath, 'import', folder, '--proxy', 'none'], { cwd: REPO_ROOT });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

    // The job row exists and has done a file: ask for the cancel as the Jobs screen would.
    let jobId = 0;
    for (let tries = 0; tries < 600 && jobId === 0; tries++) {
      await sleep(100);
      try {
        const running = (await callApi(ctx, 'store.status', {})).jobs.find((job) => job.kind === 'import' && job.state === 'running' && job.done >= 1);
        jobId = running?.id ?? 0;
      } catch {
        // The child is still creating the database.
      }
    }
    expect(jobId).toBeGreaterThan(0);
    expect(await callApi(ctx, 'jobs.cancel', { job: jobId })).toEqual({ jobId, requested: true });
    expect((await callApi(ctx, 'store.status', {})).jobs.find((job) => job.id === jobId)).toMatchObject({ state: 'running', cancelRequested: true });

    expect(await exited).toBe(130);
    const job = (await callApi(ctx, 'store.status', {})).jobs.find((j) => j.id === jobId);
    expect(job?.state).toBe('cancelled');
    expect(job?.done).toBeLessThan(FILES);
    expect(stdout).toContain('cancelled');
    // Asking again is refused with the reason; so is an unknown job.
    await expect(callApi(ctx, 'jobs.cancel', { job: jobId })).rejects.toMatchObject({ code: 'jobs/not-running', message: expect.stringContaining('is cancelled, not running') });
    await expect(callApi(ctx, 'jobs.cancel', { job: 9999 })).rejects.toMatchObject({ code: 'jobs/not-found' });

    // The same command resumes: every file ends up stored once.
    const again = spawnSync(process.execPath, [join(REPO_ROOT, 'bin/viper.js'), '--db', dbPath, '--json', 'import', folder, '--proxy', 'none'], { encoding: 'utf8', timeout: 300_000 });
    expect(again.status, again.stderr).toBe(0);
    const report = JSON.parse(again.stdout) as { imported: unknown[]; unchanged: unknown[] };
    expect(report.imported.length + report.unchanged.length).toBe(FILES);
  }, 400_000);
});
