/**
 * Fusion runs, their epochs, predictions and attention: the queries of tables fusion_runs, fusion_epochs,
 * predictions, prediction_attention. A run reads its state as its training job does (store/jobs-store.ts):
 * a run stored as 'running' whose job's owner is gone reads 'interrupted', with the command that resumes it.
 */
import type { RunKind } from '../../shared/common-schemas';
import { EMOTIONS, type Split } from '../../shared/emotions';
import { ViperError } from '../../shared/errors';
import type { JobState, ResumeHint } from '../../shared/job-schemas';
import type { Db } from '../store/database';
import { EMOTION_COLUMN_LIST, EMOTION_COLUMNS } from '../store/emotion-columns';
import { systemWorld, type OwnerWorld } from '../store/job-owner';
import { jobOwnerColumns, jobOwnerRowOf, jobStateOf, type StoredJobState } from '../store/jobs-store';
import type { EpochMetrics } from './train-loop';

export type { RunKind };
/** What a run's row stores; 'interrupted' is only ever read. */
export type RunState = StoredJobState;

export interface RunRow {
  id: number;
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

function toRun(raw: RawRun, world: OwnerWorld): RunRow {
  return {
    id: raw.id,
    createdAt: raw.created_at,
    kind: raw.kind,
    modalities: raw.modalities.split(',').filter(Boolean),
    config: JSON.parse(raw.config_json) as Record<string, unknown>,
    ...readState(raw, world),
    jobId: raw.job_id,
    metrics: raw.metrics_json ? (JSON.parse(raw.metrics_json) as Record<string, unknown>) : null,
    onnxSha256: raw.onnx_sha256,
    onnxPath: raw.onnx_path,
    chosenEpoch: raw.chosen_epoch,
    finishedAt: raw.finished_at,
  };
}

export interface PredictionWrite {
  clipId: number;
  /** In EMOTIONS order. */
  values: ArrayLike<number>;
  frameWeights?: Float32Array;
  latentWeights?: Float32Array;
}

/** A run's predictions beside the gold labels: row i of gold and predicted is clip clipIds[i], columns EMOTIONS order. */
export interface ScoredPairs {
  clipIds: number[];
  gold: number[][];
  predicted: number[][];
}

/** Every run column, and its training job's owner columns (job_*, NULL without a job). */
const RUN_SELECT = `SELECT r.*, ${jobOwnerColumns('j')} FROM fusion_runs r LEFT JOIN jobs j ON j.id = r.job_id`;

export class RunsStore {
  /** `world` answers whether job owners are alive; tests pass their own. */
  constructor(
    private readonly db: Db,
    private readonly world: () => OwnerWorld = systemWorld,
  ) {}

  create(kind: RunKind, modalities: readonly string[], config: object, at: string): number {
    return Number(
      this.db
        .prepare(`INSERT INTO fusion_runs (created_at, kind, modalities, config_json, state) VALUES (?, ?, ?, ?, 'running')`)
        .run(at, kind, modalities.join(','), JSON.stringify(config)).lastInsertRowid,
    );
  }

  get(id: number): RunRow {
    const raw = this.db.prepare(`${RUN_SELECT} WHERE r.id = ?`).get(id) as RawRun | undefined;
    if (!raw) throw new ViperError('runs/not-found', `fusion run ${id} does not exist. "viper runs" lists the runs.`, { subject: String(id) });
    return toRun(raw, this.world());
  }

  /** The given run, else the latest finished trained run, else the latest prior. */
  resolve(id: number | undefined): RunRow {
    if (id !== undefined) return this.get(id);
    const raw = this.db.prepare(`${RUN_SELECT} WHERE r.state = 'done' ORDER BY r.kind = 'perceiver' DESC, r.id DESC LIMIT 1`).get() as RawRun | undefined;
    if (!raw) throw new ViperError('runs/not-found', 'no finished fusion run yet. Train one with "viper train", or make the prior with "viper predict --prior".');
    return toRun(raw, this.world());
  }

  list(): RunRow[] {
    const world = this.world();
    return (this.db.prepare(`${RUN_SELECT} ORDER BY r.id`).all() as RawRun[]).map((raw) => toRun(raw, world));
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
    if (sets.length > 0) this.db.prepare(`UPDATE fusion_runs SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
  }

  recordEpoch(runId: number, m: EpochMetrics): void {
    this.db
      .prepare(`INSERT OR REPLACE INTO fusion_epochs (run_id, epoch, train_loss, val_mean_pearson, learning_rate, duration_ms) VALUES (?, ?, ?, ?, ?, ?)`)
      .run(runId, m.epoch, m.trainLoss, m.valMeanPearson, m.learningRate, m.ms);
  }

  epochs(runId: number): EpochMetrics[] {
    const rows = this.db.prepare('SELECT * FROM fusion_epochs WHERE run_id = ? ORDER BY epoch').all(runId) as {
      epoch: number;
      train_loss: number;
      val_mean_pearson: number | null;
      learning_rate: number;
      duration_ms: number;
    }[];
    return rows.map((r) => ({ epoch: r.epoch, trainLoss: r.train_loss, valMeanPearson: r.val_mean_pearson, learningRate: r.learning_rate, ms: r.duration_ms }));
  }

  /** Replaces the run's predictions for these clips, with their attention when given; one transaction. */
  writePredictions(runId: number, predictions: readonly PredictionWrite[], at: string): void {
    const insert = this.db.prepare(`INSERT OR REPLACE INTO predictions (run_id, clip_id, ${EMOTION_COLUMN_LIST}, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const insertAttention = this.db.prepare(`INSERT OR REPLACE INTO prediction_attention (run_id, clip_id, frame_weights, latent_weights) VALUES (?, ?, ?, ?)`);
    const asBlob = (values: Float32Array): Buffer => Buffer.from(values.buffer, values.byteOffset, values.byteLength);
    this.db.transaction(() => {
      for (const p of predictions) {
        insert.run(runId, p.clipId, ...Array.from(p.values), at);
        if (p.frameWeights && p.latentWeights) insertAttention.run(runId, p.clipId, asBlob(p.frameWeights), asBlob(p.latentWeights));
      }
    })();
  }

  /** Predictions of a run beside the gold labels, for clips of a split that have both. */
  scoredPairs(runId: number, split: Split, annotator = 'gold'): ScoredPairs {
    const cols = EMOTIONS.map((e) => EMOTION_COLUMNS[e]);
    const rows = this.db
      .prepare(
        `SELECT p.clip_id, ${cols.map((c) => `p.${c} AS p_${c}, l.${c} AS g_${c}`).join(', ')}
         FROM predictions p JOIN clips c ON c.id = p.clip_id JOIN labels l ON l.clip_id = p.clip_id AND l.annotator = ?
         WHERE p.run_id = ? AND c.split = ? AND ${cols.map((c) => `l.${c} IS NOT NULL`).join(' AND ')} ORDER BY p.clip_id`,
      )
      .all(annotator, runId, split) as Record<string, number>[];
    return {
      clipIds: rows.map((r) => r.clip_id ?? 0),
      gold: rows.map((r) => cols.map((c) => r[`g_${c}`] ?? 0)),
      predicted: rows.map((r) => cols.map((c) => r[`p_${c}`] ?? 0)),
    };
  }

  /** The run's predictions with each clip's File_ID as the labels CSV wrote it. */
  predictionRows(runId: number, split?: Split): { fileId: string; values: number[] }[] {
    const cols = EMOTIONS.map((e) => EMOTION_COLUMNS[e]);
    const rows = this.db
      .prepare(
        `SELECT COALESCE(c.label_file_id, c.file_id) AS file_id, ${cols.map((c) => `p.${c}`).join(', ')}
         FROM predictions p JOIN clips c ON c.id = p.clip_id WHERE p.run_id = ? AND (? IS NULL OR c.split = ?) ORDER BY c.file_id`,
      )
      .all(runId, split ?? null, split ?? null) as Record<string, unknown>[];
    return rows.map((r) => ({ fileId: String(r.file_id), values: cols.map((c) => Number(r[c])) }));
  }

  attention(runId: number, clipId: number): { frameWeights: Float32Array; latentWeights: Float32Array } | null {
    const row = this.db.prepare('SELECT frame_weights, latent_weights FROM prediction_attention WHERE run_id = ? AND clip_id = ?').get(runId, clipId) as
      | { frame_weights: Buffer; latent_weights: Buffer }
      | undefined;
    const floats = (b: Buffer): Float32Array => new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
    return row ? { frameWeights: floats(row.frame_weights), latentWeights: floats(row.latent_weights) } : null;
  }
}
