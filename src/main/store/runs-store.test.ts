/** How a fusion run reads, on a real SQLite file: by its training job's owner, or by its age without a job. */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Db } from './database';
import { currentOwner } from './job-owner';
import { JobsStore } from './jobs-store';
import { makeTempDir } from '../test-support/fixtures';
import { RunsStore } from './runs-store';

let temp: ReturnType<typeof makeTempDir>;
let db: Db;
beforeEach(() => {
  temp = makeTempDir();
  db = openStore(join(temp.dir, 'viper.db'));
});
afterEach(() => {
  db.close();
  temp.cleanup();
});

const longAgo = '2026-01-01T00:00:00.000Z';

describe('the state a fusion run reads as', () => {
  it('follows its training job: running while the owner lives, interrupted with --resume once it is gone', () => {
    const runs = new RunsStore(db);
    const jobs = new JobsStore(db);
    const live = runs.create('perceiver', ['fau'], {}, longAgo);
    runs.update(live, { jobId: jobs.start('train', { runId: live }, 5, longAgo, currentOwner()) });
    const killed = runs.create('perceiver', ['fau'], {}, longAgo);
    runs.update(killed, { jobId: jobs.start('train', { runId: killed }, 5, longAgo, { ...currentOwner(), pid: 2 ** 22 + 17 }) });
    expect(runs.get(live)).toMatchObject({ state: 'running', resume: null });
    expect(runs.get(killed)).toMatchObject({ state: 'interrupted', resume: { call: 'fusion.train', command: `npx viper train --resume ${killed}`, input: { resume: killed } } });
    expect(runs.list().map((run) => run.state)).toEqual(['running', 'interrupted']);
  });

  it('without a job (runs from before schema 10, the prior): interrupted once older than the staleness window; only a trained run resumes', () => {
    const runs = new RunsStore(db);
    const legacy = runs.create('perceiver', ['fau'], {}, longAgo);
    const prior = runs.create('prior', ['fau'], {}, longAgo);
    const fresh = runs.create('prior', ['fau'], {}, new Date().toISOString());
    expect(runs.get(legacy)).toMatchObject({ state: 'interrupted', jobId: null, resume: { command: `npx viper train --resume ${legacy}` } });
    expect(runs.get(prior)).toMatchObject({ state: 'interrupted', resume: null });
    expect(runs.get(fresh).state).toBe('running');
  });

  it('reads a finished run as stored, and tells how to continue a cancelled one', () => {
    const runs = new RunsStore(db);
    const done = runs.create('perceiver', ['fau'], {}, longAgo);
    runs.update(done, { state: 'done', finishedAt: longAgo });
    const cancelled = runs.create('perceiver', ['fau'], {}, longAgo);
    runs.update(cancelled, { state: 'cancelled', finishedAt: longAgo });
    expect(runs.get(done)).toMatchObject({ state: 'done', resume: null });
    expect(runs.get(cancelled)).toMatchObject({ state: 'cancelled', resume: { command: `npx viper train --resume ${cancelled}` } });
    expect(runs.resolve(undefined).id).toBe(done);
  });
});

describe('a run’s name and its deletion', () => {
  it('reads the default name until one is given, and again once it is cleared', () => {
    const runs = new RunsStore(db);
    const trained = runs.create('perceiver', ['image', 'fau'], { preset: 'paper' }, '2026-12-06T10:41:59.000Z');
    const prior = runs.create('prior', ['fau'], {}, '2026-12-06T10:42:00.000Z');
    expect(runs.get(trained)).toMatchObject({ name: 'image+fau · paper · 2026-12-06 10:41 UTC', customName: null });
    expect(runs.get(prior).name).toBe('prior (untrained FAU mapping) · 2026-12-06 10:42 UTC');
    expect(runs.rename(trained, ' big one ')).toMatchObject({ name: 'big one', customName: 'big one' });
    expect(runs.list().map((run) => run.name)).toEqual(['big one', 'prior (untrained FAU mapping) · 2026-12-06 10:42 UTC']);
    expect(runs.rename(trained, '')).toMatchObject({ name: 'image+fau · paper · 2026-12-06 10:41 UTC', customName: null });
  });

  it('refuses to delete a run a live process trains, deletes a stopped one with its rows, and never gives its id again', () => {
    const runs = new RunsStore(db);
    const jobs = new JobsStore(db);
    const live = runs.create('perceiver', ['fau'], {}, longAgo);
    runs.update(live, { jobId: jobs.start('train', { runId: live }, 5, longAgo, currentOwner()) });
    expect(() => runs.delete(live, 'ana', longAgo)).toThrow(expect.objectContaining({ code: 'runs/still-running' }));
    expect(runs.get(live).state).toBe('running');

    const killed = runs.create('perceiver', ['fau'], {}, longAgo);
    runs.update(killed, { jobId: jobs.start('train', { runId: killed }, 5, longAgo, { ...currentOwner(), pid: 2 ** 22 + 17 }) });
    expect(runs.get(killed).state).toBe('interrupted');
    runs.recordEpoch(killed, { epoch: 1, trainLoss: 0.1, valMeanPearson: 0.2, learningRate: 1e-5, ms: 10 });
    const killedJob = runs.get(killed).jobId ?? 0;
    expect(runs.delete(killed, 'ana', '2026-12-06T11:00:00.000Z')).toMatchObject({ run: { id: killed }, predictions: 0 });
    expect(jobs.stateOf(killedJob)?.state).toBe('cancelled');
    expect(runs.epochs(killed)).toEqual([]);
    expect(() => runs.get(killed)).toThrow(`fusion run ${killed} was deleted (“fau · perceiver · 2026-01-01 00:00 UTC”, 2026-12-06T11:00:00.000Z by ana)`);
    expect(runs.create('perceiver', ['fau'], {}, longAgo)).toBe(killed + 1);
    expect(runs.list().map((run) => run.id)).toEqual([live, killed + 1]);
  });
});
