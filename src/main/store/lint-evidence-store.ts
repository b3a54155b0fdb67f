/**
 * What `labels.lint` reads, in a few whole-library statements (25,067 clips answer in one pass each rather
 * than one query per clip): the labels of every annotator, per analysed clip its frames' face and speech
 * columns, the stored FAU tensors (streamed, never all in memory), and a run's predictions. Read-only.
 */
import { EMOTIONS, type LabelValues, type Split } from '../../shared/emotions';
import type { Db } from './database';
import { EMOTION_COLUMNS, labelValuesFromRow } from './emotion-columns';
import { parseFeatureShape } from './features-store';
import { sql } from './statements';

export interface LabelRow {
  clipId: number;
  fileId: string;
  split: Split | null;
  annotator: string;
  values: LabelValues;
}

/** Per analysed clip: frames the analysis found the subject's face in, and how many frames sound like speech. */
export interface FrameEvidence {
  clipId: number;
  frames: number;
  faceFrames: number;
  /** Frames whose speech probability reaches the threshold given. */
  speechFrames: number;
  /** null: no speech probability was measured (no audio analysed). */
  maxSpeechProb: number | null;
}

export interface FauTensor {
  clipId: number;
  /** [N, D] as stored; null when shape_json does not parse. */
  shape: number[] | null;
  data: Buffer;
}

const SPLIT_FILTER = '(? IS NULL OR c.split = ?)';
const COLUMNS = EMOTIONS.map((emotion) => EMOTION_COLUMNS[emotion]);

export class LintEvidenceStore {
  constructor(private readonly db: Db) {}

  /** Every labels row (any annotator, at least one emotion set) of the clips of the split, or of every clip. */
  labelRows(split: Split | null): LabelRow[] {
    const rows = sql(
      this.db,
      `SELECT l.clip_id AS clipId, c.file_id AS fileId, c.split, l.annotator, ${COLUMNS.map((column) => `l.${column}`).join(', ')}
       FROM labels l JOIN clips c ON c.id = l.clip_id WHERE ${SPLIT_FILTER} ORDER BY l.clip_id, l.annotator`,
    ).all(split, split) as (Record<string, unknown> & { clipId: number; fileId: string; split: Split | null; annotator: string })[];
    return rows.flatMap((row) => {
      const values = labelValuesFromRow(row);
      return values ? [{ clipId: row.clipId, fileId: String(row.fileId), split: row.split, annotator: row.annotator, values }] : [];
    });
  }

  /** Face and speech per analysed clip of the split (clips with an analyses row only); speech is a probability ≥ speechMin. */
  frameEvidence(split: Split | null, speechMin: number): FrameEvidence[] {
    return sql(
      this.db,
      `SELECT f.clip_id AS clipId, COUNT(*) AS frames, COUNT(f.face_x) AS faceFrames,
         COALESCE(SUM(f.speech_prob >= ?), 0) AS speechFrames, MAX(f.speech_prob) AS maxSpeechProb
       FROM frames f JOIN analyses a ON a.clip_id = f.clip_id JOIN clips c ON c.id = f.clip_id
       WHERE ${SPLIT_FILTER} GROUP BY f.clip_id`,
    ).all(speechMin, split, split) as FrameEvidence[];
  }

  /** The FAU tensors of the split's clips that have gold labels, one at a time. */
  *fauTensors(split: Split | null): Generator<FauTensor> {
    const rows = sql(
      this.db,
      `SELECT f.clip_id AS clipId, f.shape_json AS shapeJson, f.data FROM features f JOIN clips c ON c.id = f.clip_id
       WHERE f.modality = 'fau' AND ${SPLIT_FILTER} AND EXISTS (SELECT 1 FROM labels l WHERE l.clip_id = f.clip_id AND l.annotator = 'gold')`,
    ).iterate(split, split) as IterableIterator<{ clipId: number; shapeJson: string; data: Buffer }>;
    for (const row of rows) yield { clipId: row.clipId, shape: parseFeatureShape(row.shapeJson), data: row.data };
  }

  /** A run's predictions (EMOTIONS order) of the split's clips. */
  predictions(runId: number, split: Split | null): Map<number, number[]> {
    const rows = sql(
      this.db,
      `SELECT p.clip_id AS clipId, ${COLUMNS.map((column) => `p.${column}`).join(', ')}
       FROM predictions p JOIN clips c ON c.id = p.clip_id WHERE p.run_id = ? AND ${SPLIT_FILTER}`,
    ).all(runId, split, split) as (Record<string, number> & { clipId: number })[];
    return new Map(rows.map((row) => [row.clipId, COLUMNS.map((column) => row[column] ?? Number.NaN)]));
  }

  /** The latest finished trained (perceiver) run, or null. */
  latestTrainedRun(): number | null {
    const row = sql(this.db, `SELECT id FROM fusion_runs WHERE kind = 'perceiver' AND state = 'done' ORDER BY id DESC LIMIT 1`).get() as { id: number } | undefined;
    return row?.id ?? null;
  }
}
