/** Fusion runs, their epochs, predictions and attention: the queries of tables fusion_runs, fusion_epochs, predictions, prediction_attention. */
import type { RunKind } from '../../shared/common-schemas';
import { EMOTIONS, type EmotionVector, type Split } from '../../shared/emotions';
import { ViperError } from '../../shared/errors';
import type { Db } from '../store/database';
import { EMOTION_COLUMN_LIST, EMOTION_COLUMNS, emotionVectorFromRow } from '../store/emotion-columns';
import type { EpochMetrics } from './train-loop';

export type { RunKind };
export type RunState = 'running' | 'done' | 'failed' | 'cancelled';

export interface RunRow {
  id: number;
  createdAt: string;
  kind: RunKind;
  modalities: string[];
  config: Record<string, unknown>;
  state: RunState;
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
}

function toRun(raw: RawRun): RunRow {
  return {
    id: raw.id,
    createdAt: raw.created_at,
    kind: raw.kind,
    modalities: raw.modalities.split(',').filter(Boolean),
    config: JSON.parse(raw.config_json) as Record<string, unknown>,
    state: raw.state,
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

export class RunsStore {
  constructor(private readonly db: Db) {}

  create(kind: RunKind, modalities: readonly string[], config: object, at: string): number {
    return Number(
      this.db
        .prepare(`INSERT INTO fusion_runs (created_at, kind, modalities, config_json, state) VALUES (?, ?, ?, ?, 'running')`)
        .run(at, kind, modalities.join(','), JSON.stringify(config)).lastInsertRowid,
    );
  }

  get(id: number): RunRow {
    const raw = this.db.prepare('SELECT * FROM fusion_runs WHERE id = ?').get(id) as RawRun | undefined;
    if (!raw) throw new ViperError('runs/not-found', `fusion run ${id} does not exist. "viper runs" lists the runs.`, { subject: String(id) });
    return toRun(raw);
  }

  /** The given run, else the latest finished trained run, else the latest prior. */
  resolve(id: number | undefined): RunRow {
    if (id !== undefined) return this.get(id);
    const raw = this.db.prepare(`SELECT * FROM fusion_runs WHERE state = 'done' ORDER BY kind = 'perceiver' DESC, id DESC LIMIT 1`).get() as RawRun | undefined;
    if (!raw) throw new ViperError('runs/not-found', 'no finished fusion run yet. Train one with "viper train", or make the prior with "viper predict --prior".');
    return toRun(raw);
  }

  list(): RunRow[] {
    return (this.db.prepare('SELECT * FROM fusion_runs ORDER BY id').all() as RawRun[]).map(toRun);
  }

  update(id: number, fields: { state?: RunState; metrics?: object; onnxSha256?: string; onnxPath?: string; chosenEpoch?: number; finishedAt?: string; error?: object; config?: object }): void {
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

  /** The run's predictions, with each clip's File_ID as its file is named and as the labels CSV wrote it. */
  predictionRows(runId: number, split?: Split): { fileId: string; labelFileId: string | null; values: number[] }[] {
    const cols = EMOTIONS.map((e) => EMOTION_COLUMNS[e]);
    const rows = this.db
      .prepare(
        `SELECT c.file_id, c.label_file_id, ${cols.map((c) => `p.${c}`).join(', ')}
         FROM predictions p JOIN clips c ON c.id = p.clip_id WHERE p.run_id = ? AND (? IS NULL OR c.split = ?) ORDER BY c.file_id`,
      )
      .all(runId, split ?? null, split ?? null) as Record<string, unknown>[];
    return rows.map((r) => ({ fileId: String(r.file_id), labelFileId: r.label_file_id === null ? null : String(r.label_file_id), values: cols.map((c) => Number(r[c])) }));
  }

  /** Clips of the split (every clip without one) that the run has no prediction for. */
  clipsWithoutPrediction(runId: number, split?: Split): { fileId: string; labelFileId: string | null }[] {
    return this.db
      .prepare(
        `SELECT c.file_id AS fileId, c.label_file_id AS labelFileId FROM clips c
         WHERE (? IS NULL OR c.split = ?) AND NOT EXISTS (SELECT 1 FROM predictions p WHERE p.run_id = ? AND p.clip_id = c.id) ORDER BY c.file_id`,
      )
      .all(split ?? null, split ?? null, runId) as { fileId: string; labelFileId: string | null }[];
  }

  /** Finished runs that predicted this clip, oldest first. */
  runsPredicting(clipId: number): { id: number; kind: RunKind; createdAt: string }[] {
    return this.db
      .prepare(`SELECT r.id, r.kind, r.created_at AS createdAt FROM fusion_runs r WHERE r.state = 'done' AND EXISTS (SELECT 1 FROM predictions p WHERE p.run_id = r.id AND p.clip_id = ?) ORDER BY r.id`)
      .all(clipId) as { id: number; kind: RunKind; createdAt: string }[];
  }

  /** One clip's predicted intensities by one run; null when the run did not predict it. */
  clipPrediction(runId: number, clipId: number): EmotionVector | null {
    const row = this.db.prepare(`SELECT ${EMOTION_COLUMN_LIST} FROM predictions WHERE run_id = ? AND clip_id = ?`).get(runId, clipId) as Record<string, unknown> | undefined;
    return row ? emotionVectorFromRow(row) : null;
  }

  attention(runId: number, clipId: number): { frameWeights: Float32Array; latentWeights: Float32Array } | null {
    const row = this.db.prepare('SELECT frame_weights, latent_weights FROM prediction_attention WHERE run_id = ? AND clip_id = ?').get(runId, clipId) as
      | { frame_weights: Buffer; latent_weights: Buffer }
      | undefined;
    const floats = (b: Buffer): Float32Array => new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
    return row ? { frameWeights: floats(row.frame_weights), latentWeights: floats(row.latent_weights) } : null;
  }
}
