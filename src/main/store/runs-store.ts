/**
 * Fusion runs and their epochs: the queries of tables fusion_runs and fusion_epochs (a run's predictions
 * are predictions-store.ts'). config_json and metrics_json are parsed with zod here, so a run row another
 * version wrote is read or refused as 'store/bad-row', never cast. A run reads its state as its training
 * job does (jobs-store.ts): a run stored as 'running' whose job's owner is gone reads 'interrupted', with
 * the command that resumes it. A run has a name (the user's, else the default of shared/run-name.ts); a
 * deleted run leaves a row in deleted_runs, so its id is never given again and a lookup says it was deleted.
 */
import { z } from 'zod';
import type { RunKind } from '../../shared/common-schemas';
import { ViperError } from '../../shared/errors';
import type { EpochMetrics } from '../../shared/fusion-api';
import type { JobState, ResumeHint } from '../../shared/job-schemas';
import { defaultRunName } from '../../shared/run-name';
import type { Db } from './database';
import { systemWorld, type OwnerWorld } from './job-owner';
import { jobOwnerColumns, jobOwnerRowOf, jobStateOf, type StoredJobState } from './jobs-store';
import { parseJsonColumn } from './json-columns';
import { sql, writeTransaction } from './statements';

export type { RunKind };
/** What a run's row stores; 'interrupted' is only ever read. */
export type RunState = StoredJobState;

export interface RunRow {
  id: number;
  /** The name shown: the user's, else the default from modalities, preset and time. */
  name: string;
  /** The name the user gave; null while the default is used. */
  customName: string | null;
  createdAt: string;
  kind: RunKind;
  modalities: string[];
  config: Record<string, unknown>;
  /** As it reads now: 'interrupted' when stored 'running' and its owner is gone. */
  state: JobState;
  /** The job that trains it; null for the prior and runs from before training was a job. */
  jobId: number | null;
  /** For an interrupted or cancelled trained run: what continues it; null otherwise. */
  resume: ResumeHint | null;
  metrics: Record<string, unknown> | null;
  onnxSha256: string | null;
  onnxPath: string | null;
  chosenEpoch: number | null;
  finishedAt: string | null;
}

interface RawRun {
  id: number;
  name: string | null;
  created_at: string;
  kind: RunKind;
  modalities: string;
  config_json: string;
  state: RunState;
  metrics_json: string | null;
  onnx_sha256: string | null;
  onnx_path: string | null;
  chosen_epoch: number | null;
  finished_at: string | null;
  job_id: number | null;
  /** The training job's columns (jobOwnerColumns), null without a job. */
  job_started_at: string | null;
}

/**
 * The run's own stored state, judged by its job's owner (or, without a job, by its creation as the
 * heartbeat: a run from before owners were recorded). Only a trained run can be resumed.
 */
function readState(raw: RawRun, world: OwnerWorld): { state: JobState; resume: ResumeHint | null } {
  const job = raw.job_started_at === null ? null : jobOwnerRowOf(raw as unknown as Record<string, unknown>);
  const { state, resume } = jobStateOf(
    {
      kind: 'train',
      state: raw.state,
      params_json: JSON.stringify({ runId: raw.id }),
      owner_pid: job?.owner_pid ?? null,
      owner_host: job?.owner_host ?? null,
      owner_started: job?.owner_started ?? null,
      heartbeat_at: job?.heartbeat_at ?? null,
      started_at: job?.started_at ?? raw.created_at,
    },
    world,
  );
  return { state, resume: raw.kind === 'perceiver' ? resume : null };
}

/** Both columns hold a JSON object; what is inside is the fusion code's to read. */
const jsonObject = z.record(z.string(), z.unknown(), { error: 'expected a JSON object' });
const REWRITE_RUN = 'Train the run again ("viper train"), or make the prior again ("viper predict --prior").';

function toRun(raw: RawRun, world: OwnerWorld): RunRow {
  const modalities = raw.modalities.split(',').filter(Boolean);
  const config = parseJsonColumn(jsonObject, raw.config_json, `fusion run ${raw.id}, config_json`, REWRITE_RUN);
  const preset = typeof config.preset === 'string' ? config.preset : null;
  return {
    id: raw.id,
    name: raw.name ?? defaultRunName({ kind: raw.kind, modalities, preset, createdAt: raw.created_at }),
    customName: raw.name,
    createdAt: raw.created_at,
    kind: raw.kind,
    modalities,
    config,
    ...readState(raw, world),
    jobId: raw.job_id,
    metrics: raw.metrics_json ? parseJsonColumn(jsonObject, raw.metrics_json, `fusion run ${raw.id}, metrics_json`, REWRITE_RUN) : null,
    onnxSha256: raw.onnx_sha256,
    onnxPath: raw.onnx_path,
    chosenEpoch: raw.chosen_epoch,
    finishedAt: raw.finished_at,
  };
}

/** Every run column, and its training job's owner columns (job_*, NULL without a job). */
const RUN_SELECT = `SELECT r.*, ${jobOwnerColumns('j')} FROM fusion_runs r LEFT JOIN jobs j ON j.id = r.job_id`;

export class RunsStore {
  /** `world` answers whether job owners are alive; tests pass their own. */
  constructor(
    private readonly db: Db,
    private readonly world: () => OwnerWorld = systemWorld,
  ) {}

  /** A new run, under an id no run ever had (not even a deleted one). */
  create(kind: RunKind, modalities: readonly string[], config: object, at: string): number {
    return Number(
      sql(
        this.db,
        `INSERT INTO fusion_runs (id, created_at, kind, modalities, config_json, state)
         VALUES (MAX(COALESCE((SELECT MAX(id) FROM fusion_runs), 0), COALESCE((SELECT MAX(id) FROM deleted_runs), 0)) + 1, ?, ?, ?, ?, 'running')`,
      ).run(at, kind, modalities.join(','), JSON.stringify(config)).lastInsertRowid,
    );
  }

  get(id: number): RunRow {
    const raw = sql(this.db, `${RUN_SELECT} WHERE r.id = ?`).get(id) as RawRun | undefined;
    if (!raw) {
      const deleted = sql(this.db, 'SELECT name, deleted_at AS deletedAt, deleted_by AS deletedBy FROM deleted_runs WHERE id = ?').get(id) as { name: string; deletedAt: string; deletedBy: string } | undefined;
      const why = deleted ? `was deleted (“${deleted.name}”, ${deleted.deletedAt} by ${deleted.deletedBy})` : 'does not exist';
      throw new ViperError('runs/not-found', `fusion run ${id} ${why}. "viper runs" lists the runs.`, { subject: String(id) });
    }
    return toRun(raw, this.world());
  }

  /** Gives the run a name; null (or empty) goes back to the default. */
  rename(id: number, name: string | null): RunRow {
    return writeTransaction(this.db, () => {
      this.get(id);
      sql(this.db, 'UPDATE fusion_runs SET name = ? WHERE id = ?').run(name === null || name.trim() === '' ? null : name.trim(), id);
      return this.get(id);
    });
  }

  /**
   * Deletes a run with its predictions, their attention and its epochs (the schema's cascades), and records
   * it in deleted_runs; checked and done under the write lock, so a run a live process trains is refused
   * even when that process starts meanwhile. Labels are never touched (accepted:<run> stays in their history).
   * The run's files are the caller's to remove, after this commits.
   */
  delete(id: number, by: string, at: string): { run: RunRow; predictions: number } {
    return writeTransaction(this.db, () => {
      const run = this.get(id);
      if (run.state === 'running') {
        throw new ViperError('runs/still-running', `fusion run ${id} is being trained by a live process (job ${run.jobId ?? '–'}). Cancel it first ("viper cancel ${run.jobId ?? ''}", or the Jobs screen), then delete it.`, { subject: String(id) });
      }
      const { count } = sql(this.db, 'SELECT COUNT(*) AS count FROM predictions WHERE run_id = ?').get(id) as { count: number };
      sql(this.db, 'INSERT INTO deleted_runs (id, name, kind, predictions, deleted_at, deleted_by) VALUES (?, ?, ?, ?, ?, ?)').run(id, run.name, run.kind, count, at, by);
      sql(this.db, 'DELETE FROM fusion_runs WHERE id = ?').run(id);
      // An interrupted run's job is still stored as running (its owner gone): with the run deleted it will
      // never be resumed, so it ends as cancelled instead of reading "interrupted" for ever.
      if (run.jobId !== null) sql(this.db, `UPDATE jobs SET state = 'cancelled', finished_at = ?, heartbeat_at = ? WHERE id = ? AND state = 'running'`).run(at, at, run.jobId);
      return { run, predictions: count };
    });
  }

  /** The given run, else the latest finished trained run, else the latest prior. */
  resolve(id: number | undefined): RunRow {
    if (id !== undefined) return this.get(id);
    const raw = sql(this.db, `${RUN_SELECT} WHERE r.state = 'done' ORDER BY r.kind = 'perceiver' DESC, r.id DESC LIMIT 1`).get() as RawRun | undefined;
    if (!raw) throw new ViperError('runs/not-found', 'no finished fusion run yet. Train one with "viper train", or make the prior with "viper predict --prior".');
    return toRun(raw, this.world());
  }

  list(): RunRow[] {
    const world = this.world();
    return (sql(this.db, `${RUN_SELECT} ORDER BY r.id`).all() as RawRun[]).map((raw) => toRun(raw, world));
  }

  update(id: number, fields: { state?: RunState; metrics?: object; onnxSha256?: string; onnxPath?: string; chosenEpoch?: number; finishedAt?: string; error?: object; config?: object; jobId?: number }): void {
    const sets: string[] = [];
    const values: unknown[] = [];
    const add = (column: string, value: unknown): void => {
      sets.push(`${column} = ?`);
      values.push(value);
    };
    if (fields.state !== undefined) add('state', fields.state);
    if (fields.metrics !== undefined) add('metrics_json', JSON.stringify(fields.metrics));
    if (fields.onnxSha256 !== undefined) add('onnx_sha256', fields.onnxSha256);
    if (fields.onnxPath !== undefined) add('onnx_path', fields.onnxPath);
    if (fields.chosenEpoch !== undefined) add('chosen_epoch', fields.chosenEpoch);
    if (fields.finishedAt !== undefined) add('finished_at', fields.finishedAt);
    if (fields.error !== undefined) add('error_json', JSON.stringify(fields.error));
    if (fields.config !== undefined) add('config_json', JSON.stringify(fields.config));
    if (fields.jobId !== undefined) add('job_id', fields.jobId);
    // One statement per set of columns given: a handful in practice, each prepared once per connection.
    if (sets.length > 0) sql(this.db, `UPDATE fusion_runs SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
  }

  /** Finished runs that predicted this clip, oldest first. */
  runsPredicting(clipId: number): { id: number; kind: RunKind; createdAt: string }[] {
    return sql(
      this.db,
      `SELECT r.id, r.kind, r.created_at AS createdAt FROM fusion_runs r WHERE r.state = 'done' AND EXISTS (SELECT 1 FROM predictions p WHERE p.run_id = r.id AND p.clip_id = ?) ORDER BY r.id`,
    ).all(clipId) as { id: number; kind: RunKind; createdAt: string }[];
  }

  recordEpoch(runId: number, m: EpochMetrics): void {
    sql(this.db, `INSERT OR REPLACE INTO fusion_epochs (run_id, epoch, train_loss, val_mean_pearson, learning_rate, duration_ms) VALUES (?, ?, ?, ?, ?, ?)`).run(runId, m.epoch, m.trainLoss, m.valMeanPearson, m.learningRate, m.ms);
  }

  epochs(runId: number): EpochMetrics[] {
    const rows = sql(this.db, 'SELECT * FROM fusion_epochs WHERE run_id = ? ORDER BY epoch').all(runId) as {
      epoch: number;
      train_loss: number;
      val_mean_pearson: number | null;
      learning_rate: number;
      duration_ms: number;
    }[];
    return rows.map((r) => ({ epoch: r.epoch, trainLoss: r.train_loss, valMeanPearson: r.val_mean_pearson, learningRate: r.learning_rate, ms: r.duration_ms }));
  }
}
