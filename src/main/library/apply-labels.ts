/** Applies parsed label rows to stored clips: split, intensities (with edit history), File_ID form. */
import { readFile } from 'node:fs/promises';
import type { ImportReport } from '../../shared/api';
import type { LabelConflict } from '../../shared/labels-api';
import { ViperError, type ErrorInfo } from '../../shared/errors';
import type { Db } from '../store/database';
import { ClipsStore } from '../store/clips-store';
import { LabelsStore } from '../store/labels-store';
import { writeTransaction } from '../store/statements';
import { IMPORT_OVERWRITE_SOURCE, IMPORT_SOURCE, planLabelImport } from './label-import-plan';
import { parseLabelsCsv, type LabelRow } from './labels-csv';

export interface ApplyLabelsOptions {
  annotator: string;
  editedBy: string;
  at: string;
  /** Replace values edited in the app since the last import (see label-import-plan.ts); default keep them. */
  overwrite?: boolean;
}

const withoutLeadingZeros = (id: string): string => id.replace(/^0+(?=.)/, '');

/** Finds the clip a row names: the exact file name stem, else the same number without leading zeros. */
function clipIdsFor(row: LabelRow, exact: Map<string, number[]>, loose: Map<string, number[]>): number[] {
  return exact.get(row.fileId) ?? loose.get(withoutLeadingZeros(row.fileId)) ?? [];
}

export async function applyLabelsFile(db: Db, file: string, options: ApplyLabelsOptions): Promise<NonNullable<ImportReport['labels']>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ViperError('labels/unreadable', `${file}: cannot read the labels file (${code === 'ENOENT' ? 'no such file' : (code ?? String(error))}). Check the path given to --labels.`, { subject: file, cause: error });
  }
  const parsed = parseLabelsCsv(text, file);
  const clips = new ClipsStore(db);
  const labels = new LabelsStore(db);
  const exact = clips.idsByFileId();
  const loose = new Map<string, number[]>();
  for (const [id, ids] of exact) loose.set(withoutLeadingZeros(id), [...(loose.get(withoutLeadingZeros(id)) ?? []), ...ids]);

  const failed: ErrorInfo[] = [...parsed.failed];
  const conflicts: LabelConflict[] = [];
  let applied = 0;
  let unchanged = 0;
  let conflicting = 0;
  const overwrite = options.overwrite ?? false;
  writeTransaction(db, () => {
    for (const row of parsed.rows) {
      const ids = clipIdsFor(row, exact, loose);
      if (ids.length !== 1) {
        failed.push(
          new ViperError(
            'labels/unknown-id',
            ids.length === 0
              ? `${file} line ${row.line}: File_ID ${row.fileId} matches no imported clip. Import the clip (its file name must be ${row.fileId}.<ext>) and apply the labels again, or fix the ID.`
              : `${file} line ${row.line}: File_ID ${row.fileId} matches ${ids.length} imported clips (ids ${ids.join(', ')}); rename the files so each ID names one clip.`,
            { subject: `${file}:${row.line}` },
          ).toInfo(),
        );
        continue;
      }
      const clipId = ids[0] as number;
      let changed = clips.setLabelFileId(clipId, row.rawFileId);
      if (parsed.hasSplitColumn && clips.setSplit(clipId, row.split)) changed = true;
      let rowConflicts = false;
      if (row.values) {
        const plan = planLabelImport(row.values, labels.get(clipId, options.annotator)?.values ?? null, labels.latestEdits(clipId, options.annotator), overwrite);
        const source = overwrite ? IMPORT_OVERWRITE_SOURCE : IMPORT_SOURCE;
        if (labels.write({ clipId, annotator: options.annotator, values: plan.values, editedBy: options.editedBy, source, at: options.at })) changed = true;
        for (const { emotion, edit, csvValue } of plan.conflicts) {
          conflicts.push({ file, line: row.line, clipId, fileId: row.fileId, emotion, appValue: edit.newValue, appEditedBy: edit.editedBy, appEditedAt: edit.editedAt, appSource: edit.source, csvValue });
        }
        if (plan.conflicts.length > 0) rowConflicts = true;
      }
      // A row counts once per outcome it had: it may have applied some values and kept others.
      if (rowConflicts) conflicting += 1;
      if (changed) applied += 1;
      else if (!rowConflicts) unchanged += 1;
    }
  });
  return { file, rows: parsed.rows.length + parsed.failed.length, applied, unchanged, conflicting, conflicts, failed };
}
