/**
 * kill -9 as it happens: real processes own jobs on a real SQLite file and are killed with SIGKILL, and then
 * `viper status`, `viper runs` and the API read those jobs "interrupted" with the command that resumes them,
 * while jobs of a live process still read "running" and a pid now used by another process is not taken for
 * the owner. A real `viper train` killed mid-run resumes with the command it is given.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiOutput } from '../../shared/api';
import { createApiContext } from '../api/context';
import { callApi } from '../api/handlers';
import { writeSyntheticSet } from '../fusion/synthetic-features';
import { openStore } from '../store/database';
import { FIXTURES_DIR, makeTempDir, REPO_ROOT } from '../test-support/fixtures';

const temp = makeTempDir();
const dbPath = join(temp.dir, 'jobs.db');
const children: ChildProcessWithoutNullStreams[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  temp.cleanup();
});

interface Held {
  child: ChildProcessWithoutNullStreams;
  pid: number;
  importJob: number;
  runId: number;
  trainJob: number;
}

/** Starts job-holder.test-child.ts and waits for the rows it wrote. */
async function holdJobs(paths: string[]): Promise<Held> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/main/cli/job-holder.test-child.ts'), dbPath, ...paths], { cwd: REPO_ROOT });
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout });
  const line = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`job holder exited ${code}: ${stderr}`)));
  });
  return { child, ...(JSON.parse(line) as Omit<Held, 'child'>) };
}

async function killHard(child: ChildProcessWithoutNullStreams): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

function viper(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'bin/viper.js'), '--db', dbPath, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

type Status = ApiOutput<'store.status'>;
type Runs = ApiOutput<'fusion.runs'>;
const jobOf = (status: Status, id: number): Status['jobs'][number] | undefined => status.jobs.find((job) => job.id === id);
const runOf = (runs: Runs, id: number): Runs['runs'][number] | undefined => runs.runs.find((run) => run.id === id);

let killed: Held;
let live: Held;

beforeAll(async () => {
  killed = await holdJobs(['/videos/day one', '/videos/day2.mp4']);
  live = await holdJobs(['/videos/live']);
  await killHard(killed.child);
}, 120_000);

describe('jobs whose process was killed with -9', () => {
  it('read "interrupted" in viper status --json, with the command that resumes each', () => {
    const run = viper(['--json', 'status']);
    expect(run.code, run.stderr).toBe(0);
    const status = JSON.parse(run.stdout) as Status;
    expect(jobOf(status, killed.importJob)).toMatchObject({
      kind: 'import',
      state: 'interrupted',
      done: 1,
      total: 2,
      finishedAt: null,
      resume: { call: 'clips.import', command: "npx viper import '/videos/day one' /videos/day2.mp4", input: { paths: ['/videos/day one', '/videos/day2.mp4'] } },
    });
    expect(jobOf(status, killed.trainJob)).toMatchObject({ kind: 'train', state: 'interrupted', resume: { call: 'fusion.train', command: `npx viper train --resume ${killed.runId}`, input: { resume: killed.runId } } });
  });

  it('read "interrupted" in viper runs --json, and in the text of both commands', () => {
    const runs = JSON.parse(viper(['--json', 'runs']).stdout) as Runs;
    expect(runOf(runs, killed.runId)).toMatchObject({ state: 'interrupted', jobId: killed.trainJob, resume: { command: `npx viper train --resume ${killed.runId}` } });
    expect(viper(['status']).stdout).toContain(`job ${killed.importJob} (import) was interrupted: its process is gone. Resume it with: npx viper import '/videos/day one' /videos/day2.mp4`);
    expect(viper(['runs']).stdout).toContain(`run ${killed.runId} was interrupted: the process training it is gone. Resume it with: npx viper train --resume ${killed.runId}`);
  });

  it('read "interrupted" through the API too', async () => {
    const ctx = createApiContext(dbPath);
    try {
      const status = await callApi(ctx, 'store.status', {});
      expect(jobOf(status, killed.importJob)?.state).toBe('interrupted');
      const runs = await callApi(ctx, 'fusion.runs', {});
      expect(runOf(runs, killed.runId)?.state).toBe('interrupted');
    } finally {
      ctx.close();
    }
  });
});

describe('jobs of a live process', () => {
  it('still read "running", without a resume hint', () => {
    const status = JSON.parse(viper(['--json', 'status']).stdout) as Status;
    expect(jobOf(status, live.importJob)).toMatchObject({ state: 'running', resume: null });
    expect(jobOf(status, live.trainJob)).toMatchObject({ state: 'running', resume: null });
    expect(runOf(JSON.parse(viper(['--json', 'runs']).stdout) as Runs, live.runId)).toMatchObject({ state: 'running', resume: null });
  });

  it('refuse to be resumed while their owner lives', () => {
    const run = viper(['train', '--resume', String(live.runId)]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`fusion run ${live.runId} is being trained by a live process`);
  });

  it('read "interrupted" when the owner recorded is a pid now used by another process (another start time)', () => {
    const db = new Database(dbPath);
    const owner = db.prepare('SELECT owner_pid, owner_host, owner_started FROM jobs WHERE id = ?').get(live.importJob) as { owner_pid: number; owner_host: string; owner_started: string | null };
    expect(owner.owner_pid).toBe(live.pid);
    // The same pid and host, started at another time: the job of an earlier process that had this pid.
    const reused = Number(
      db
        .prepare(`INSERT INTO jobs (kind, state, params_json, total, started_at, owner_pid, owner_host, owner_started, heartbeat_at) VALUES ('analyze', 'running', '{"clipIds":[],"modalities":["fau"],"force":false}', 3, ?, ?, ?, ?, ?)`)
        .run(new Date().toISOString(), owner.owner_pid, owner.owner_host, `${owner.owner_started ?? ''}0`, new Date().toISOString()).lastInsertRowid,
    );
    db.close();
    const status = JSON.parse(viper(['--json', 'status']).stdout) as Status;
    if (process.platform === 'linux') expect(jobOf(status, reused)).toMatchObject({ state: 'interrupted', resume: { command: 'npx viper analyze --modalities fau' } });
    expect(jobOf(status, live.importJob)?.state).toBe('running');
  });
});

describe('a real viper train killed with -9', () => {
  it('reads interrupted in viper runs, and the command it gives resumes it to the end', async () => {
    const trainDb = join(temp.dir, 'train.db');
    const db = openStore(trainDb);
    writeSyntheticSet(db, { splits: { Train: 32, Val: 12, Test: 12 }, frames: 6, dims: { fau: 32 }, seed: 8 });
    db.close();
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/viper.js'), '--db', trainDb, 'train', '--modalities', 'fau', '--epochs', '40', '--backend', 'wasm'], { cwd: REPO_ROOT });
    children.push(child);
    const watcher = new Database(trainDb, { readonly: true });
    const epochs = (): number => (watcher.prepare('SELECT COUNT(*) FROM fusion_epochs').pluck().get() as number) ?? 0;
    for (let waited = 0; epochs() < 1 && child.exitCode === null && waited < 400_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
    expect(epochs(), 'an epoch recorded before the kill').toBeGreaterThanOrEqual(1);
    await killHard(child);
    const trainViper = (args: string[]) => spawnSync(process.execPath, [join(REPO_ROOT, 'bin/viper.js'), '--db', trainDb, ...args], { encoding: 'utf8' });
    const runs = JSON.parse(trainViper(['--json', 'runs']).stdout) as Runs;
    expect(runs.runs).toEqual([expect.objectContaining({ id: 1, state: 'interrupted', resume: expect.objectContaining({ command: 'npx viper train --resume 1' }) })]);
    // The command as given, with --epochs so that the test stops soon after the last recorded epoch.
    const stopAt = (watcher.prepare('SELECT MAX(epoch) FROM fusion_epochs').pluck().get() as number) + 1;
    watcher.close();
    const resumed = trainViper(['--json', 'train', '--resume', '1', '--epochs', String(stopAt)]);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect((JSON.parse(resumed.stdout) as ApiOutput<'fusion.train'>).history.at(-1)?.epoch).toBe(stopAt);
    const after = JSON.parse(trainViper(['--json', 'status']).stdout) as Status;
    expect(after.jobs).toEqual([expect.objectContaining({ kind: 'train', state: 'done', done: stopAt, total: stopAt, resume: null })]);
    expect((JSON.parse(trainViper(['--json', 'runs']).stdout) as Runs).runs[0]).toMatchObject({ state: 'done', resume: null });
  }, 600_000);
});

describe('a real viper import killed with -9', () => {
  it('reads interrupted in viper status with the import command, which then finishes the import', async () => {
    const importDb = join(temp.dir, 'import.db');
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/viper.js'), '--db', importDb, 'import', FIXTURES_DIR], { cwd: REPO_ROOT });
    children.push(child);
    const started = async (): Promise<boolean> => {
      try {
        const watcher = new Database(importDb, { readonly: true, fileMustExist: true });
        try {
          return (watcher.prepare('SELECT COUNT(*) FROM jobs').pluck().get() as number) > 0;
        } finally {
          watcher.close();
        }
      } catch {
        return false; // Not created, or not migrated yet.
      }
    };
    for (let waited = 0; !(await started()) && child.exitCode === null && waited < 120_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    await killHard(child);
    const importViper = (args: string[]) => spawnSync(process.execPath, [join(REPO_ROOT, 'bin/viper.js'), '--db', importDb, ...args], { encoding: 'utf8' });
    const status = JSON.parse(importViper(['--json', 'status']).stdout) as Status;
    expect(status.jobs).toEqual([expect.objectContaining({ kind: 'import', state: 'interrupted', resume: expect.objectContaining({ command: `npx viper import ${FIXTURES_DIR}` }) })]);
    const again = importViper(['--json', 'import', FIXTURES_DIR]);
    expect((JSON.parse(again.stdout) as ApiOutput<'clips.import'>).imported.length + (JSON.parse(again.stdout) as ApiOutput<'clips.import'>).unchanged.length).toBe(4);
    const after = JSON.parse(importViper(['--json', 'status']).stdout) as Status;
    // The import jobs: the one that finished it, and the killed one (the HEVC clip's playback copy is a job of its own).
    expect(after.jobs.filter((job) => job.kind === 'import').map((job) => job.state)).toEqual(['done', 'interrupted']);
  }, 300_000);
});
