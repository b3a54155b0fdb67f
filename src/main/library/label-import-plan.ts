/**
 * Decides, value by value, what a labels CSV may change on a clip that already has labels. A value edited
 * in the app (a review correction, a CLI save) after the CSV's values were last imported is the user's
 * newer decision: re-importing the same or an older CSV must not undo it silently. Such a value is kept
 * and reported as a conflict unless the user asked to overwrite.
 */
import { EMOTIONS, type Emotion, type LabelValues } from '../../shared/emotions';
import { ViperError } from '../../shared/errors';
import type { LabelConflict } from '../../shared/labels-api';
import type { RecordedEdit } from '../store/label-versions';

/** History source of a value written by a labels CSV; 'import:overwrite' when forced over app edits. */
export const IMPORT_SOURCE = 'import';
export const IMPORT_OVERWRITE_SOURCE = 'import:overwrite';

const cameFromImport = (source: string): boolean => source === IMPORT_SOURCE || source.startsWith(`${IMPORT_SOURCE}:`);

export interface LabelImportPlan {
  /** The seven values to store: the CSV's, except where a conflict keeps the app's or the CSV leaves one empty. */
  values: LabelValues;
  /** Emotions whose CSV value differs from a value edited in the app since the last import. */
  conflicts: { emotion: Emotion; edit: RecordedEdit; csvValue: number }[];
}

/**
 * @param stored the values stored now (null: none yet)
 * @param latestEdits the latest history entry per emotion (LabelsStore.latestEdits)
 */
export function planLabelImport(csv: LabelValues, stored: LabelValues | null, latestEdits: Map<string, RecordedEdit>, overwrite: boolean): LabelImportPlan {
  // An empty cell is no information: it keeps what is stored (or leaves the emotion unset).
  const values = Object.fromEntries(EMOTIONS.map((emotion) => [emotion, csv[emotion] ?? stored?.[emotion] ?? null])) as LabelValues;
  const conflicts: LabelImportPlan['conflicts'] = [];
  if (!stored || overwrite) return { values, conflicts };
  for (const emotion of EMOTIONS) {
    const csvValue = csv[emotion];
    if (csvValue === null || stored[emotion] === csvValue) continue;
    const edit = latestEdits.get(emotion);
    if (edit && !cameFromImport(edit.source)) {
      values[emotion] = stored[emotion];
      conflicts.push({ emotion, edit, csvValue });
    }
  }
  return { values, conflicts };
}

const shown = (value: number | null): string => (value === null ? 'unset' : value.toFixed(2));

/** A kept value as the error recorded with the import job, naming the file, line, clip, both values and the fix. */
export function labelConflictError(conflict: LabelConflict): ViperError {
  return new ViperError(
    'labels/conflict',
    `${conflict.file} line ${conflict.line}: ${conflict.fileId} ${conflict.emotion} kept at ${shown(conflict.appValue)} (edited in the app by ${conflict.appEditedBy} at ${conflict.appEditedAt}), not the CSV's ${shown(conflict.csvValue)}. ` +
      'Keep it, correct the CSV, or import again with --overwrite to take the CSV\'s values (recorded in the history).',
    { subject: `${conflict.file}:${conflict.line}` },
  );
}
