/** Labels per clip and annotator, with every changed value written to label_edits. */
import { EMOTIONS, type EmotionVector, type LabelValues, type Split } from '../../shared/emotions';
import type { LabelEdit } from '../../shared/labels-api';
import type { Db } from './database';
import { EMOTION_COLUMNS, EMOTION_COLUMN_LIST, emotionVectorFromRow, labelValuesFromRow } from './emotion-columns';
import { numberEditsBySave, type RecordedEdit } from './label-versions';
import { sql, sqlRaw, writeTransaction } from './statements';

export interface LabelWrite {
  clipId: number;
  annotator: string;
  /** An emotion left null stays unset (or is cleared): setting one emotion never sets the others. */
  values: LabelValues;
  editedBy: string;
  /** Where the change came from: 'import' (a CSV), 'ui', 'cli'. */
  source: string;
  at: string;
}

export type { LabelEdit };

export interface StoredLabels {
  values: LabelValues | null;
  /** 0 (and no author) when the clip has no labels by this annotator yet. */
  version: number;
  updatedAt: string | null;
  updatedBy: string | null;
}

const COLUMNS = EMOTIONS.map((emotion) => EMOTION_COLUMNS[emotion]);

const UPDATE_LABELS = `UPDATE labels SET ${COLUMNS.map((c) => `${c} = @${c}`).join(', ')}, version = version + 1, updated_at = @at, updated_by = @by
  WHERE clip_id = @clipId AND annotator = @annotator`;

const INSERT_LABELS = `INSERT INTO labels (clip_id, annotator, ${COLUMNS.join(', ')}, updated_at, updated_by)
  VALUES (@clipId, @annotator, ${COLUMNS.map((c) => `@${c}`).join(', ')}, @at, @by)`;

/** Outcome of a versioned write: written (or already equal), or someone else saved after `expectedVersion`. */
export type VersionedWrite = { ok: true } | { ok: false; current: StoredLabels };

export class LabelsStore {
  constructor(private readonly db: Db) {}

  get(clipId: number, annotator: string): StoredLabels | undefined {
    const row = sql(this.db, `SELECT ${EMOTION_COLUMN_LIST}, version, updated_at, updated_by FROM labels WHERE clip_id = ? AND annotator = ?`).get(clipId, annotator) as
      | (Record<string, unknown> & { version: number; updated_at: string; updated_by: string })
      | undefined;
    return row ? { values: labelValuesFromRow(row), version: row.version, updatedAt: row.updated_at, updatedBy: row.updated_by } : undefined;
  }

  /**
   * Writes only if the stored version is still `expectedVersion` (0: no labels yet), checked and written
   * under the write lock, so of two editors who loaded the same version — in this process or another
   * one on the same file — the later save is refused and told what the earlier one stored.
   */
  writeIfVersion(change: LabelWrite, expectedVersion: number): VersionedWrite {
    return writeTransaction(this.db, (): VersionedWrite => {
      const current = this.get(change.clipId, change.annotator);
      const currentVersion = current?.version ?? 0;
      if (currentVersion !== expectedVersion) {
        return { ok: false, current: current ?? { values: null, version: 0, updatedAt: null, updatedBy: null } };
      }
      this.write(change);
      return { ok: true };
    });
  }

  /**
   * Writes the values, recording one edit per changed emotion. Returns false (and writes nothing)
   * when every value is already stored.
   */
  write(change: LabelWrite): boolean {
    return writeTransaction(this.db, () => {
      const current = this.get(change.clipId, change.annotator);
      const changed = EMOTIONS.filter((emotion) => (current?.values?.[emotion] ?? null) !== change.values[emotion]);
      if (current && changed.length === 0) return false;
      const params: Record<string, unknown> = {
        clipId: change.clipId,
        annotator: change.annotator,
        at: change.at,
        by: change.editedBy,
      };
      for (const emotion of EMOTIONS) params[EMOTION_COLUMNS[emotion]] = change.values[emotion];
      sql(this.db, current ? UPDATE_LABELS : INSERT_LABELS).run(params);
      const insertEdit = sql(
        this.db,
        `INSERT INTO label_edits (clip_id, annotator, emotion, old_value, new_value, edited_by, edited_at, source)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const emotion of changed) {
        insertEdit.run(change.clipId, change.annotator, emotion, current?.values?.[emotion] ?? null, change.values[emotion], change.editedBy, change.at, change.source);
      }
      return true;
    });
  }

  /**
   * Clips whose labels by `annotator` were changed in the app (review, accepted, restored, adopted: any
   * source but a CSV import) after `at`: the corrections a retrain would learn from.
   */
  clipsCorrectedSince(annotator: string, at: string): number {
    const row = sql(
      this.db,
      `SELECT COUNT(DISTINCT clip_id) AS n FROM label_edits WHERE annotator = ? AND edited_at > ? AND source <> 'import' AND source NOT LIKE 'import:%'`,
    ).get(annotator, at) as { n: number };
    return row.n;
  }

  /** Every edit, oldest first, numbered by the save (version) that made it (label-versions.ts). */
  history(clipId: number, annotator: string): LabelEdit[] {
    const edits = sql(
      this.db,
      `SELECT emotion, old_value AS oldValue, new_value AS newValue, edited_by AS editedBy,
         edited_at AS editedAt, source
       FROM label_edits WHERE clip_id = ? AND annotator = ? ORDER BY id`,
    ).all(clipId, annotator) as RecordedEdit[];
    return numberEditsBySave(edits, this.get(clipId, annotator)?.version ?? 0);
  }

  /** Who has labels on this clip (gold first, then by name). */
  annotatorsOf(clipId: number): string[] {
    const rows = sql(this.db, `SELECT annotator FROM labels WHERE clip_id = ? ORDER BY annotator != 'gold', annotator`).all(clipId) as { annotator: string }[];
    return rows.map((row) => row.annotator);
  }

  /**
   * The latest recorded edit of each emotion of one clip and annotator: where the value now stored came
   * from ('import' for a CSV, else an edit made in the app), by whom and when.
   */
  latestEdits(clipId: number, annotator: string): Map<string, RecordedEdit> {
    const rows = sql(
      this.db,
      `SELECT emotion, old_value AS oldValue, new_value AS newValue, edited_by AS editedBy, edited_at AS editedAt, source
       FROM label_edits WHERE id IN (SELECT MAX(id) FROM label_edits WHERE clip_id = ? AND annotator = ? GROUP BY emotion)`,
    ).all(clipId, annotator) as RecordedEdit[];
    return new Map(rows.map((row) => [row.emotion, row]));
  }

  /** Clips of the split with all seven values by this annotator (what metrics score). */
  countLabelledIn(split: Split, annotator = 'gold'): number {
    return (
      sql(this.db, `SELECT COUNT(*) AS n FROM labels l JOIN clips c ON c.id = l.clip_id WHERE c.split = ? AND l.annotator = ? AND ${EMOTIONS.map((e) => `l.${EMOTION_COLUMNS[e]} IS NOT NULL`).join(' AND ')}`).get(split, annotator) as {
        n: number;
      }
    ).n;
  }

  countLabelled(annotator: string): number {
    return (sql(this.db, `SELECT COUNT(*) AS n FROM labels WHERE annotator = ? AND ${EMOTIONS.map((e) => `${EMOTION_COLUMNS[e]} IS NOT NULL`).join(' AND ')}`).get(annotator) as { n: number }).n;
  }

  /** Every clip by id, with its split and this annotator's values (null where it has none or some are missing). */
  clipsWithLabels(annotator: string): { clipId: number; fileId: string; split: Split | null; values: EmotionVector | null }[] {
    const rows = sql(
      this.db,
      `SELECT c.id AS clip_id, c.file_id, c.split, ${COLUMNS.map((c) => `l.${c}`).join(', ')}
       FROM clips c LEFT JOIN labels l ON l.clip_id = c.id AND l.annotator = ? ORDER BY c.id`,
    ).all(annotator) as (Record<string, unknown> & { clip_id: number; file_id: string; split: Split | null })[];
    return rows.map((row) => ({ clipId: row.clip_id, fileId: row.file_id, split: row.split, values: emotionVectorFromRow(row) }));
  }

  /**
   * Every complete labelling (all seven values) of clips in the split (any split when undefined), by any
   * annotator, as [clip id, annotator, ...values in EMOTIONS order]: arrays, since agreement reads many.
   */
  completeLabellings(split: Split | undefined): [number, string, ...number[]][] {
    return sqlRaw(
      this.db,
      `SELECT l.clip_id, l.annotator, ${EMOTION_COLUMN_LIST} FROM labels l JOIN clips c ON c.id = l.clip_id
       WHERE (? IS NULL OR c.split = ?) AND ${COLUMNS.map((c) => `${c} IS NOT NULL`).join(' AND ')}`,
    ).all(split ?? null, split ?? null) as [number, string, ...number[]][];
  }

  /** Rows for export: every clip with a split or labels for this annotator. */
  exportRows(annotator: string): { fileId: string; labelFileId: string | null; split: string | null; values: LabelValues | null }[] {
    const rows = sql(
      this.db,
      `SELECT c.file_id, c.label_file_id, c.split, ${EMOTION_COLUMN_LIST}
       FROM clips c LEFT JOIN labels l ON l.clip_id = c.id AND l.annotator = ?
       ORDER BY c.file_id, c.id`,
    ).all(annotator) as (Record<string, unknown> & { file_id: string; label_file_id: string | null; split: string | null })[];
    return rows.map((row) => ({
      fileId: row.file_id,
      labelFileId: row.label_file_id,
      split: row.split,
      values: labelValuesFromRow(row),
    }));
  }
}
