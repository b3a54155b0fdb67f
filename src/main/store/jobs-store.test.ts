/**
 * How a job reads, on a real SQLite file: running while its owner lives, interrupted once it is gone (with
 * the command and call that resume it), and the heartbeat a running job keeps.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeTempDir } from '../test-support/fixtures';
import { openStore, type Db } from './database';
import { currentOwner, HEARTBEAT_INTERVAL_MS, type JobOwner } from './job-owner';
import { JobsStore } from './jobs-store';
import { RunningJob } from './running-job';

let temp: ReturnType<typeof makeTempDir>;
let db: Db;
beforeEach(() => {
  temp = makeTempDir();
  db = openStore(join(temp.dir, 'viper.db'));
});
afterEach(() => {
  vi.useRealTimers();
  db.close();
  temp.cleanup();
});

const at = '2026-12-01T12:00:00.000Z';
/** An owner on this host whose pid no process has (pids stop well below 2^22 on Linux). */
const goneOwner = (): JobOwner => ({ ...currentOwner(), pid: 2 ** 22 + 17 });
const importParams = { paths: ['/videos/a b', '/videos/c.mp4'], labelsCsv: '/labels/it\'s.csv', annotator: 'gold', sampling: { frameCount: 16, method: 'paper' } };

describe('the state a job reads as', () => {
  it('running while its owner (this process) lives; interrupted once its owner is gone, with what resumes it', () => {
    const jobs = new JobsStore(db);
    const live = jobs.start('import', importParams, 4, at, currentOwner());
    const killed = jobs.start('import', importParams, 4, at, goneOwner());
    jobs.progress(killed, 2, 4, at);
    const [second, first] = jobs.recent(10);
    expect(first).toMatchObject({ id: live, state: 'running', resume: null });
    expect(second).toMatchObject({
      id: killed,
      state: 'interrupted',
      done: 2,
      finishedAt: null,
      resume: {
        call: 'clips.import',
        command: `npx viper import '/videos/a b' /videos/c.mp4 --labels '/labels/it'\\''s.csv' --frames 16`,
        // The contract reads one labels file as a list of one (imports merge several).
        input: { ...importParams, labelsCsv: [importParams.labelsCsv] },
      },
    });
    expect(jobs.stateOf(killed)?.state).toBe('interrupted');
  });

  it('reads what was stored once finished, whoever owned it; cancelled ones say how to resume', () => {
    const jobs = new JobsStore(db);
    const ids = (['done', 'failed', 'cancelled'] as const).map((state) => {
      const id = jobs.start('analyze', { clipIds: [3, 5], modalities: ['image', 'fau'], force: true }, 2, at, goneOwner());
      jobs.finish(id, state, at);
      return id;
    });
    expect(ids.map((id) => jobs.stateOf(id))).toEqual([
      { state: 'done', resume: null },
      { state: 'failed', resume: null },
      // Resuming never forces: clips already analysed are skipped.
      { state: 'cancelled', resume: { call: 'clips.analyze', command: 'npx viper analyze 3 5 --modalities image,fau', input: { clips: [3, 5], modalities: ['image', 'fau'], auReference: 'population', force: false, protocol: 'default', attempts: 3 } } },
    ]);
  });

  it('gives the resume command of every kind, leaving out options at the contract defaults', () => {
    const jobs = new JobsStore(db);
    const analyze = jobs.start('analyze', { clipIds: [], modalities: ['image', 'audio', 'text', 'fau'], force: false }, 9, at, goneOwner());
    const train = jobs.start('train', { runId: 7 }, 50, at, goneOwner());
    const imported = jobs.start('import', { paths: ['/v'], annotator: 'gold', sampling: { frameCount: 32, method: 'paper' } }, 1, at, goneOwner());
    const other = jobs.start('export', {}, 1, at, goneOwner());
    expect(jobs.stateOf(analyze)?.resume?.command).toBe('npx viper analyze');
    const authors = jobs.start('analyze', { clipIds: [], modalities: ['image', 'audio', 'text', 'fau'], force: false, protocol: 'authors-code' }, 9, at, goneOwner());
    expect(jobs.stateOf(authors)?.resume?.command).toBe('npx viper analyze --protocol authors-code');
    // An analysis measuring AUs against the clip's own baseline resumes with the same reference.
    const byClip = jobs.start('analyze', { clipIds: [], modalities: ['image', 'audio', 'text', 'fau'], auReference: 'clip', force: false }, 9, at, goneOwner());
    expect(jobs.stateOf(byClip)?.resume?.command).toBe('npx viper analyze --au-reference clip');
    expect(jobs.stateOf(train)?.resume).toEqual({ call: 'fusion.train', command: 'npx viper train --resume 7', input: { resume: 7 } });
    expect(jobs.stateOf(imported)?.resume?.command).toBe('npx viper import /v');
    // MuSe 2022's labels.csv with its partition.csv: every file given comes back as a --labels.
    const merged = jobs.start('import', { paths: ['/v'], labelsCsv: ['/m/labels.csv', '/m/partition.csv'], annotator: 'gold', sampling: { frameCount: 32, method: 'paper' } }, 1, at, goneOwner());
    expect(jobs.stateOf(merged)?.resume?.command).toBe('npx viper import /v --labels /m/labels.csv --labels /m/partition.csv');
    expect(jobs.stateOf(other)).toEqual({ state: 'interrupted', resume: null });
  });

  it('resumes a queued analysis that failed (Redis gone mid-run) with its queue, never its password', () => {
    const jobs = new JobsStore(db);
    const queued = jobs.start('analyze', { clipIds: [], modalities: ['image', 'audio', 'text', 'fau'], force: false, queue: 'redis://10.0.0.5:6379', attempts: 5, mediaAddress: '10.0.0.2:8765' }, 9, at, goneOwner());
    jobs.finish(queued, 'failed', at);
    expect(jobs.stateOf(queued)?.resume).toMatchObject({
      command: 'npx viper analyze --queue redis://10.0.0.5:6379 --attempts 5 --media-address 10.0.0.2:8765',
      input: { clips: [], queue: 'redis://10.0.0.5:6379', attempts: 5, mediaAddress: '10.0.0.2:8765' },
    });
  });

  it('judges a job owned on another host by its heartbeat', () => {
    const now = Date.parse(at);
    const jobs = new JobsStore(db, () => ({ host: 'here', nowMs: now, probe: () => ({ alive: false, started: null }) }));
    const id = jobs.start('train', { runId: 1 }, 5, at, { pid: 1, host: 'there', started: null });
    expect(jobs.stateOf(id)?.state).toBe('running');
    const stale = new JobsStore(db, () => ({ host: 'here', nowMs: now + 61_000, probe: () => ({ alive: false, started: null }) }));
    expect(stale.stateOf(id)?.state).toBe('interrupted');
    jobs.heartbeat(id, new Date(now + 60_000).toISOString());
    expect(stale.stateOf(id)?.state).toBe('running');
  });
});

describe('a running job', () => {
  it('records this process as its owner, beats while it runs and on progress, and stops beating when it finishes', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let clock = Date.parse(at);
    const now = (): string => new Date(clock).toISOString();
    const heartbeat = (): unknown => db.prepare('SELECT heartbeat_at FROM jobs WHERE id = ?').pluck().get(job.id);
    const job = RunningJob.start(db, 'import', importParams, 3, now);
    expect(db.prepare('SELECT owner_pid, owner_host, owner_started FROM jobs').get()).toEqual({ owner_pid: process.pid, owner_host: currentOwner().host, owner_started: currentOwner().started });
    clock += 1_000;
    job.progress(1, 3);
    expect(heartbeat()).toBe(now());
    clock += HEARTBEAT_INTERVAL_MS;
    vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS);
    expect(heartbeat()).toBe(now());
    job.recordError({ code: 'media/empty-file', message: 'x.mp4: empty', subject: 'x.mp4' });
    const erredAt = now();
    job.finish('done');
    const finished = heartbeat();
    clock += HEARTBEAT_INTERVAL_MS * 3;
    vi.advanceTimersByTime(HEARTBEAT_INTERVAL_MS * 3);
    expect(heartbeat()).toBe(finished);
    expect(new JobsStore(db).stateOf(job.id)).toEqual({ state: 'done', resume: null });
    expect(new JobsStore(db).recentErrors(5)).toEqual([{ jobId: job.id, subject: 'x.mp4', code: 'media/empty-file', message: 'x.mp4: empty', at: erredAt }]);
  });

  it('is taken over when it resumes: running again under this process, unfinished', () => {
    const jobs = new JobsStore(db);
    const id = jobs.start('train', { runId: 1 }, 4, at, goneOwner());
    // Cancelled as the Jobs screen does it: a request, then the owner stops.
    jobs.requestCancel(id, at);
    jobs.finish(id, 'cancelled', at);
    const job = RunningJob.adopt(db, id, 6, () => at);
    expect(jobs.recent(1)[0]).toMatchObject({ id, state: 'running', total: 6, finishedAt: null, resume: null, cancelRequested: false });
    // The old request does not stop the resumed job.
    job.progress(1, 6);
    expect(job.signal().aborted).toBe(false);
    job.finish('done');
    expect(jobs.stateOf(id)?.state).toBe('done');
  });
});
