/**
 * `viper retrain` as a user types it: after `viper train`, a gold label corrected, then a new run from the
 * trained run's weights (continuedFrom recorded, the old run unchanged); a run that does not exist exits 2
 * naming it; and a second training while one runs (here: a train job a live process holds) is refused.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiContext } from '../api/context';
import { writeSyntheticSet } from '../fusion/synthetic-features';
import { currentOwner } from '../store/job-owner';
import { JobsStore } from '../store/jobs-store';
import { RunsStore } from '../store/runs-store';
import { makeTempDir, REPO_ROOT } from '../test-support/fixtures';

const temp = makeTempDir('viper-retrain-');
const dbPath = join(temp.dir, 'viper.db');
afterAll(() => temp.cleanup());

function viper(...args: string[]): { status: number | null; json: Record<string, unknown>; stderr: string } {
  const run = spawnSync(process.execPath, [join(REPO_ROOT, 'bin/viper.js'), '--db', dbPath, '--json', ...args], { encoding: 'utf8', timeout: 300_000 });
  return { status: run.status, json: JSON.parse(run.stdout || '{}') as Record<string, unknown>, stderr: run.stderr };
}

beforeAll(() => {
  const ctx = createApiContext(dbPath, { actor: 'seed', env: {} });
  writeSyntheticSet(ctx.db, { splits: { Train: 16, Val: 6, Test: 4 }, frames: 4, dims: { fau: 32 }, seed: 2 });
  ctx.close();
});

describe('viper retrain', () => {
  it('continues the latest trained run on the corrected labels as a new run, the old one kept', () => {
    const trained = viper('train', '--modalities', 'fau', '--epochs', '2', '--backend', 'wasm');
    expect(trained.status, trained.stderr).toBe(0);
    const retrained = viper('retrain', '--epochs', '1');
    expect(retrained.status, retrained.stderr).toBe(0);
    expect(retrained.json).toMatchObject({ runId: 2, continuedFrom: 1, cancelled: false });
    const ctx = createApiContext(dbPath, { actor: 'check', env: {} });
    try {
      const runs = new RunsStore(ctx.db);
      expect(runs.get(2).config).toMatchObject({ continuedFrom: 1, modalities: ['fau'], options: { epochs: 1 } });
      expect(runs.get(1)).toMatchObject({ state: 'done', chosenEpoch: expect.any(Number) });
    } finally {
      ctx.close();
    }
    const missing = viper('retrain', '--run', '99');
    expect(missing.status).toBe(2);
    expect(missing.json).toMatchObject({ error: { code: 'runs/not-found' } });
  }, 600_000);

  it('is refused while another training runs, and makes no run', () => {
    const ctx = createApiContext(dbPath, { actor: 'check', env: {} });
    // A training held by this (live) test process, as a terminal's viper train would hold it.
    const job = new JobsStore(ctx.db).start('train', { runId: 1 }, 3, new Date().toISOString(), currentOwner());
    try {
      const refused = viper('retrain');
      expect(refused.status).toBe(2);
      expect(refused.json).toMatchObject({ error: { code: 'runs/still-running', message: expect.stringContaining('a second training is refused') } });
      expect(new RunsStore(ctx.db).list()).toHaveLength(2);
    } finally {
      new JobsStore(ctx.db).finish(job, 'cancelled', new Date().toISOString());
      ctx.close();
    }
  }, 300_000);
});
