/**
 * Applies labels files to stored clips: every file is read and checked first, then their rows are
 * merged by File_ID, and only then written (split, intensities with edit history, File_ID form,
 * metadata) in one transaction. A file that cannot be read as a whole stops all of them: a labels file
 * applied without its partition file would leave clips without their split. Values edited in the app
 * since the last import are kept and reported unless overwrite is asked for (label-import-plan.ts).
 */
import { readFile } from 'node:fs/promises';
import type { ImportReport } from '../../shared/api';
import { ViperError, type ErrorInfo } from '../../shared/errors';
import type { LabelConflict } from '../../shared/labels-api';
import { ClipMetadataStore } from '../store/clip-metadata-store';
import { ClipsStore } from '../store/clips-store';
import type { Db } from '../store/database';
import { LabelsStore } from '../store/labels-store';
import { writeTransaction } from '../store/statements';
import { IMPORT_OVERWRITE_SOURCE, IMPORT_SOURCE, planLabelImport } from './label-import-plan';
import { parseLabelsCsv, type ParsedLabels } from './labels-csv';
import { decodeLabelsFile } from './labels-file-text';
import { mergeLabelFiles, withoutLeadingZeros, type MergedLabel } from './merge-label-files';

export interface ApplyLabelsOptions {
  annotator: string;
  editedBy: string;
  at: string;
  /** Replace values edited in the app since the last import (see label-import-plan.ts); default keep them. */
  overwrite?: boolean | undefined;
}

export type LabelsReport = NonNullable<ImportReport['labels']>;

export async function readLabelsFile(file: string): Promise<ParsedLabels> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ViperError('labels/unreadable', `${file}: cannot read the labels file (${code === 'ENOENT' ? 'no such file' : (code ?? String(error))}). Check the path given to --labels.`, { subject: file, cause: error });
  }
  return parseLabelsCsv(decodeLabelsFile(bytes, file), file);
}

/** Finds the clip a File_ID names: the exact file name stem, else the same number without leading zeros. */
function clipMatcher(clips: ClipsStore): (fileId: string) => number[] {
  const exact = clips.idsByFileId();
  const loose = new Map<string, number[]>();
  for (const [id, ids] of exact) loose.set(withoutLeadingZeros(id), [...(loose.get(withoutLeadingZeros(id)) ?? []), ...ids]);
  return (fileId) => exact.get(fileId) ?? loose.get(withoutLeadingZeros(fileId)) ?? [];
}

function unmatched(label: MergedLabel, ids: number[]): ErrorInfo {
  const where = label.places[0] ?? label.fileId;
  return new ViperError(
    'labels/unknown-id',
    ids.length === 0
      ? `${where}: File_ID ${label.fileId} matches no imported clip. Import the clip (its file name must be ${label.fileId}.<ext>) and apply the labels again, or fix the ID.`
      : `${where}: File_ID ${label.fileId} matches ${ids.length} imported clips (ids ${ids.join(', ')}); rename the files so each ID names one clip.`,
    { subject: where.replace(/ line /, ':') },
  ).toInfo();
}

export async function applyLabelFiles(db: Db, files: readonly string[], options: ApplyLabelsOptions): Promise<LabelsReport> {
  const parsed: ParsedLabels[] = [];
  for (const file of files) parsed.push(await readLabelsFile(file));
  const { labels: merged, failed } = mergeLabelFiles(parsed);
  const clips = new ClipsStore(db);
  const labels = new LabelsStore(db);
  const metadata = new ClipMetadataStore(db);
  const clipIdsFor = clipMatcher(clips);
  const overwrite = options.overwrite ?? false;
  const source = overwrite ? IMPORT_OVERWRITE_SOURCE : IMPORT_SOURCE;

  const conflicts: LabelConflict[] = [];
  let applied = 0;
  let unchanged = 0;
  let conflicting = 0;
  writeTransaction(db, () => {
    for (const label of merged) {
      const ids = clipIdsFor(label.fileId);
      if (ids.length !== 1) {
        failed.push(unmatched(label, ids));
        continue;
      }
      const clipId = ids[0] as number;
      let changed = clips.setLabelFileId(clipId, label.rawFileId);
      if (label.splitGiven && clips.setSplit(clipId, label.split)) changed = true;
      let kept = false;
      if (label.values && label.valuesPlace) {
        const plan = planLabelImport(label.values, labels.get(clipId, options.annotator)?.values ?? null, labels.latestEdits(clipId, options.annotator), overwrite);
        if (labels.write({ clipId, annotator: options.annotator, values: plan.values, editedBy: options.editedBy, source, at: options.at })) changed = true;
        const { file, line } = label.valuesPlace;
        for (const { emotion, edit, csvValue } of plan.conflicts) {
          conflicts.push({ file, line, clipId, fileId: label.fileId, emotion, appValue: edit.newValue, appEditedBy: edit.editedBy, appEditedAt: edit.editedAt, appSource: edit.source, csvValue });
        }
        kept = plan.conflicts.length > 0;
      }
      if (label.metadataGiven && metadata.replace(clipId, label.metadata)) changed = true;
      // A clip counts once per outcome it had: it may have applied some values and kept others.
      if (kept) conflicting += 1;
      if (changed) applied += 1;
      else if (!kept) unchanged += 1;
    }
  });
  return {
    files: [...files],
    rows: parsed.reduce((sum, file) => sum + file.rows.length + file.failed.length, 0),
    applied,
    unchanged,
    conflicting,
    conflicts,
    failed,
    warnings: parsed.flatMap((file) => file.warnings),
  };
}
