/**
 * The attribution kept with a trained run's predictions: table prediction_contributions (per clip and
 * modality, the change of each emotion's prediction when that modality is masked out), read beside the
 * frame weights of prediction_attention. Rows go with their prediction (foreign key, cascade), so a clip
 * predicted again without attribution has none, never a stale one.
 */
import { EMOTIONS, type Split } from '../../shared/emotions';
import type { Db } from './database';
import { EMOTION_COLUMN_LIST, EMOTION_COLUMNS } from './emotion-columns';
import { float32FromBlob } from './float32-blob';
import { sql, writeTransaction } from './statements';

const COLUMNS = EMOTIONS.map((e) => EMOTION_COLUMNS[e]);

export interface ContributionWrite {
  clipId: number;
  /** [modalities × 7]: row m is modalities[m], columns in EMOTIONS order. */
  contributions: ArrayLike<number>;
}

/** One modality's contribution to each emotion (EMOTIONS order). */
export interface ModalityContribution {
  modality: string;
  values: number[];
}

export interface ClipAttributionRow {
  clipId: number;
  fileId: string;
  labelFileId: string | null;
  /** The stored prediction, EMOTIONS order. */
  values: number[];
  contributions: ModalityContribution[];
  /** The latents' attention over the frames [N], as prediction_attention holds it; null when none was kept. */
  frameWeights: Float32Array | null;
}

export class AttributionStore {
  constructor(private readonly db: Db) {}

  /** Writes each clip's contributions (after its prediction row, which a REPLACE would otherwise take them with). */
  write(runId: number, modalities: readonly string[], rows: readonly ContributionWrite[]): void {
    const insert = sql(this.db, `INSERT OR REPLACE INTO prediction_contributions (run_id, clip_id, modality, ${EMOTION_COLUMN_LIST}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    writeTransaction(this.db, () => {
      for (const row of rows) {
        modalities.forEach((modality, m) => insert.run(runId, row.clipId, modality, ...Array.from({ length: 7 }, (_, e) => row.contributions[m * 7 + e] ?? 0)));
      }
    });
  }

  /** One clip's contributions by the run, in the order the run's tokens hold the modalities; [] when none were kept. */
  clipContributions(runId: number, clipId: number, modalities: readonly string[]): ModalityContribution[] {
    const rows = sql(this.db, `SELECT modality, ${EMOTION_COLUMN_LIST} FROM prediction_contributions WHERE run_id = ? AND clip_id = ?`).all(runId, clipId) as Record<string, unknown>[];
    return orderRows(rows, modalities);
  }

  /** The latest run (trained, finished) with attribution for this clip; null when none has any. */
  latestRunWith(clipId: number): number | null {
    const row = sql(
      this.db,
      `SELECT r.id FROM fusion_runs r WHERE r.state = 'done' AND r.kind = 'perceiver' AND EXISTS (SELECT 1 FROM prediction_contributions c WHERE c.run_id = r.id AND c.clip_id = ?) ORDER BY r.id DESC LIMIT 1`,
    ).get(clipId) as { id: number } | undefined;
    return row?.id ?? null;
  }

  /** How many of the run's predictions (of the split, or all) have no attribution kept. */
  predictionsWithout(runId: number, split?: Split): number {
    const row = sql(
      this.db,
      `SELECT COUNT(*) AS n FROM predictions p JOIN clips c ON c.id = p.clip_id
       WHERE p.run_id = ? AND (? IS NULL OR c.split = ?) AND NOT EXISTS (SELECT 1 FROM prediction_contributions k WHERE k.run_id = p.run_id AND k.clip_id = p.clip_id)`,
    ).get(runId, split ?? null, split ?? null) as { n: number };
    return row.n;
  }

  /** Per modality, the mean (and mean absolute) contribution to each emotion over the run's clips of the split (all clips without one). */
  meanByModality(runId: number, modalities: readonly string[], split?: Split): { clips: number; perModality: { modality: string; mean: number[]; meanAbs: number[] }[] } {
    const rows = sql(
      this.db,
      `SELECT k.modality, COUNT(*) AS n, ${COLUMNS.map((c) => `AVG(k.${c}) AS mean_${c}, AVG(ABS(k.${c})) AS abs_${c}`).join(', ')}
       FROM prediction_contributions k JOIN clips c ON c.id = k.clip_id
       WHERE k.run_id = ? AND (? IS NULL OR c.split = ?) GROUP BY k.modality`,
    ).all(runId, split ?? null, split ?? null) as Record<string, unknown>[];
    const byModality = new Map(rows.map((r) => [String(r.modality), r]));
    const perModality = modalities.flatMap((modality) => {
      const r = byModality.get(modality);
      return r ? [{ modality, mean: COLUMNS.map((c) => Number(r[`mean_${c}`])), meanAbs: COLUMNS.map((c) => Number(r[`abs_${c}`])) }] : [];
    });
    return { clips: Number(rows[0]?.n ?? 0), perModality };
  }

  /** Every prediction of the run (of the split) with its contributions and frame weights, ordered by File_ID. */
  runRows(runId: number, modalities: readonly string[], split?: Split): ClipAttributionRow[] {
    const clips = sql(
      this.db,
      `SELECT p.clip_id, c.file_id, c.label_file_id, ${COLUMNS.map((c) => `p.${c}`).join(', ')}, a.frame_weights FROM predictions p JOIN clips c ON c.id = p.clip_id
       LEFT JOIN prediction_attention a ON a.run_id = p.run_id AND a.clip_id = p.clip_id
       WHERE p.run_id = ? AND (? IS NULL OR c.split = ?) ORDER BY c.file_id`,
    ).all(runId, split ?? null, split ?? null) as ({ clip_id: number; file_id: string; label_file_id: string | null; frame_weights: Buffer | null } & Record<string, unknown>)[];
    const contributions = sql(this.db, `SELECT clip_id, modality, ${EMOTION_COLUMN_LIST} FROM prediction_contributions WHERE run_id = ?`).all(runId) as Record<string, unknown>[];
    const byClip = new Map<number, Record<string, unknown>[]>();
    for (const row of contributions) {
      const id = Number(row.clip_id);
      byClip.set(id, [...(byClip.get(id) ?? []), row]);
    }
    return clips.map((c) => ({
      clipId: c.clip_id,
      fileId: String(c.file_id),
      labelFileId: c.label_file_id === null ? null : String(c.label_file_id),
      values: COLUMNS.map((column) => Number(c[column])),
      contributions: orderRows(byClip.get(c.clip_id) ?? [], modalities),
      frameWeights: c.frame_weights ? float32FromBlob(c.frame_weights, `attention of run ${runId}, clip ${c.clip_id} (frame_weights)`) : null,
    }));
  }
}

function orderRows(rows: readonly Record<string, unknown>[], modalities: readonly string[]): ModalityContribution[] {
  const byModality = new Map(rows.map((r) => [String(r.modality), r]));
  return modalities.flatMap((modality) => {
    const r = byModality.get(modality);
    return r ? [{ modality, values: COLUMNS.map((c) => Number(r[c])) }] : [];
  });
}
