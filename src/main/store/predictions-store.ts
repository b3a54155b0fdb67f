/**
 * A run's predictions and the attention behind them: the queries of tables predictions and
 * prediction_attention, and the gold labels they are scored against. A prediction's uncertainty is set
 * after it is written (fusion/uncertainty.ts); writing the prediction again clears it.
 */
import { EMOTIONS, type EmotionVector, type Split } from '../../shared/emotions';
import type { Db } from './database';
import { EMOTION_COLUMN_LIST, EMOTION_COLUMNS, emotionVectorFromRow } from './emotion-columns';
import { float32Blob, float32FromBlob } from './float32-blob';
import { sql, writeTransaction } from './statements';

export interface PredictionWrite {
  clipId: number;
  /** In EMOTIONS order. */
  values: ArrayLike<number>;
  frameWeights?: Float32Array;
  latentWeights?: Float32Array;
  /** None of the clip's frames was present: predicted by the rule of fusion/feature-reader.ts, and flagged. */
  noFramePresent?: boolean;
}

/** A run's predictions beside the gold labels: row i of gold and predicted is clip clipIds[i], columns EMOTIONS order. */
export interface ScoredPairs {
  clipIds: number[];
  gold: number[][];
  predicted: number[][];
}

const COLUMNS = EMOTIONS.map((e) => EMOTION_COLUMNS[e]);

export class PredictionsStore {
  constructor(private readonly db: Db) {}

  /** Replaces the run's predictions for these clips, with their attention when given; one transaction. */
  write(runId: number, predictions: readonly PredictionWrite[], at: string): void {
    const insert = sql(this.db, `INSERT OR REPLACE INTO predictions (run_id, clip_id, ${EMOTION_COLUMN_LIST}, created_at, no_frame_present) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const insertAttention = sql(this.db, `INSERT OR REPLACE INTO prediction_attention (run_id, clip_id, frame_weights, latent_weights) VALUES (?, ?, ?, ?)`);
    writeTransaction(this.db, () => {
      for (const p of predictions) {
        insert.run(runId, p.clipId, ...Array.from(p.values), at, p.noFramePresent ? 1 : 0);
        if (p.frameWeights && p.latentWeights) insertAttention.run(runId, p.clipId, float32Blob(p.frameWeights), float32Blob(p.latentWeights));
      }
    });
  }

  /** Sets the uncertainty of predictions already written (fusion/uncertainty.ts); one transaction. */
  writeUncertainty(runId: number, values: readonly { clipId: number; uncertainty: number }[]): void {
    const update = sql(this.db, 'UPDATE predictions SET uncertainty = ? WHERE run_id = ? AND clip_id = ?');
    writeTransaction(this.db, () => {
      for (const v of values) update.run(v.uncertainty, runId, v.clipId);
    });
  }

  /** Predictions of a run beside the gold labels, for clips of a split that have both. */
  scoredPairs(runId: number, split: Split, annotator = 'gold'): ScoredPairs {
    const rows = sql(
      this.db,
      `SELECT p.clip_id, ${COLUMNS.map((c) => `p.${c} AS p_${c}, l.${c} AS g_${c}`).join(', ')}
       FROM predictions p JOIN clips c ON c.id = p.clip_id JOIN labels l ON l.clip_id = p.clip_id AND l.annotator = ?
       WHERE p.run_id = ? AND c.split = ? AND ${COLUMNS.map((c) => `l.${c} IS NOT NULL`).join(' AND ')} ORDER BY p.clip_id`,
    ).all(annotator, runId, split) as Record<string, number>[];
    return {
      clipIds: rows.map((r) => r.clip_id ?? 0),
      gold: rows.map((r) => COLUMNS.map((c) => r[`g_${c}`] ?? 0)),
      predicted: rows.map((r) => COLUMNS.map((c) => r[`p_${c}`] ?? 0)),
    };
  }

  /** The run's predictions, with each clip's File_ID as its file is named and as the labels CSV wrote it. */
  rows(runId: number, split?: Split): { fileId: string; labelFileId: string | null; values: number[] }[] {
    const rows = sql(
      this.db,
      `SELECT c.file_id, c.label_file_id, ${COLUMNS.map((c) => `p.${c}`).join(', ')}
       FROM predictions p JOIN clips c ON c.id = p.clip_id WHERE p.run_id = ? AND (? IS NULL OR c.split = ?) ORDER BY c.file_id`,
    ).all(runId, split ?? null, split ?? null) as Record<string, unknown>[];
    return rows.map((r) => ({ fileId: String(r.file_id), labelFileId: r.label_file_id === null ? null : String(r.label_file_id), values: COLUMNS.map((c) => Number(r[c])) }));
  }

  /** Clips of the split (every clip without one) that the run has no prediction for. */
  clipsWithout(runId: number, split?: Split): { fileId: string; labelFileId: string | null }[] {
    return sql(
      this.db,
      `SELECT c.file_id AS fileId, c.label_file_id AS labelFileId FROM clips c
       WHERE (? IS NULL OR c.split = ?) AND NOT EXISTS (SELECT 1 FROM predictions p WHERE p.run_id = ? AND p.clip_id = c.id) ORDER BY c.file_id`,
    ).all(split ?? null, split ?? null, runId) as { fileId: string; labelFileId: string | null }[];
  }

  /** One clip's predicted intensities by one run; null when the run did not predict it. */
  clipPrediction(runId: number, clipId: number): EmotionVector | null {
    const row = sql(this.db, `SELECT ${EMOTION_COLUMN_LIST} FROM predictions WHERE run_id = ? AND clip_id = ?`).get(runId, clipId) as Record<string, unknown> | undefined;
    return row ? emotionVectorFromRow(row) : null;
  }

  /** Whether the run predicted this clip with none of its frames present (false when it did not predict it). */
  noFramePresent(runId: number, clipId: number): boolean {
    const row = sql(this.db, 'SELECT no_frame_present FROM predictions WHERE run_id = ? AND clip_id = ?').get(runId, clipId) as { no_frame_present: number } | undefined;
    return row?.no_frame_present === 1;
  }

  /** File_IDs of the clips the run predicted without a present frame. */
  noFramePresentFileIds(runId: number): string[] {
    const rows = sql(this.db, 'SELECT c.file_id FROM predictions p JOIN clips c ON c.id = p.clip_id WHERE p.run_id = ? AND p.no_frame_present = 1 ORDER BY c.file_id').all(runId) as { file_id: string }[];
    return rows.map((row) => row.file_id);
  }

  attention(runId: number, clipId: number): { frameWeights: Float32Array; latentWeights: Float32Array } | null {
    const row = sql(this.db, 'SELECT frame_weights, latent_weights FROM prediction_attention WHERE run_id = ? AND clip_id = ?').get(runId, clipId) as
      | { frame_weights: Buffer; latent_weights: Buffer }
      | undefined;
    if (!row) return null;
    const where = `attention of run ${runId}, clip ${clipId}`;
    return { frameWeights: float32FromBlob(row.frame_weights, `${where} (frame_weights)`), latentWeights: float32FromBlob(row.latent_weights, `${where} (latent_weights)`) };
  }
}
