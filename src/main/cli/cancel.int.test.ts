/**
 * Ctrl-C as a user presses it: a real `viper analyze` process gets SIGINT while a clip is in flight
 * (one stored, three to go), its AbortSignal stops the job, and it exits 130 saying it was cancelled.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiContext } from '../api/context';
import { callApi } from '../api/handlers';
import { buildPack } from '../models/pack/build-pack';
import { resolveModelsDir } from '../models/pack/models-dir';
import { FIXTURES_DIR, makeTempDir, REPO_ROOT } from '../test-support/fixtures';

const temp = makeTempDir();
const dbPath = join(temp.dir, 'cancel.db');
afterAll(() => temp.cleanup());

beforeAll(async () => {
  await buildPack({ modelsDir: resolveModelsDir() });
  const ctx = createApiContext(dbPath);
  await callApi(ctx, 'clips.import', { paths: [FIXTURES_DIR] });
  ctx.close();
}, 120_000);

describe('Ctrl-C', () => {
  it('cancels a running analyze through its AbortSignal and exits 130', async () => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/viper.js'), '--db', dbPath, 'analyze'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const watcher = new Database(dbPath, { readonly: true });
    const analysed = (): number => (watcher.prepare('SELECT COUNT(*) AS n FROM analyses').get() as { n: number }).n;
    // On a loaded 2-core machine the first clip can take minutes; wait for it, so the signal lands mid-job.
    for (let waited = 0; analysed() < 1 && waited < 400_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    const atSignal = analysed();
    child.kill('SIGINT');
    const code = await exited;
    const finished = analysed();
    watcher.close();
    expect(atSignal, 'clips stored when Ctrl-C came').toBeGreaterThanOrEqual(1);
    expect(finished, 'clips after Ctrl-C').toBeLessThan(4);
    expect(code, stderr).toBe(130);
    // The worker reports a cancelled job (the report says so), or the host gives up on it (jobs/cancelled).
    expect(`${stdout}${stderr}`).toMatch(/cancelled: clips not reached were not analysed|cancelled/);
  }, 600_000);
});
