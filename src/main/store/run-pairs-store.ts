/**
 * Two runs' predictions of the same clips, side by side, for comparing the runs (fusion/compare-runs.ts):
 * every clip of a split that both predicted, with its gold labels when all seven are set.
 */
import { EMOTIONS, type Split } from '../../shared/emotions';
import type { Db } from './database';
import { EMOTION_COLUMNS } from './emotion-columns';
import { sql } from './statements';

export interface RunPair {
  clipId: number;
  fileId: string;
  /** EMOTIONS order. */
  a: number[];
  b: number[];
  /** null unless every emotion of the clip's gold label is set. */
  gold: number[] | null;
}

const COLUMNS = EMOTIONS.map((e) => EMOTION_COLUMNS[e]);

export class RunPairsStore {
  constructor(private readonly db: Db) {}

  /** Clips of the split predicted by both runs, by clip id. */
  pairs(runA: number, runB: number, split: Split, annotator = 'gold'): RunPair[] {
    const rows = sql(
      this.db,
      `SELECT c.id AS clip_id, c.file_id, ${COLUMNS.map((col) => `a.${col} AS a_${col}, b.${col} AS b_${col}, l.${col} AS g_${col}`).join(', ')}
       FROM predictions a JOIN predictions b ON b.clip_id = a.clip_id AND b.run_id = ? JOIN clips c ON c.id = a.clip_id
       LEFT JOIN labels l ON l.clip_id = a.clip_id AND l.annotator = ?
       WHERE a.run_id = ? AND c.split = ? ORDER BY c.id`,
    ).all(runB, annotator, runA, split) as Record<string, unknown>[];
    return rows.map((row) => {
      const gold = COLUMNS.map((col) => row[`g_${col}`]);
      return {
        clipId: Number(row.clip_id),
        fileId: String(row.file_id),
        a: COLUMNS.map((col) => Number(row[`a_${col}`])),
        b: COLUMNS.map((col) => Number(row[`b_${col}`])),
        gold: gold.every((v) => typeof v === 'number') ? (gold as number[]) : null,
      };
    });
  }
}
