/** Writes labels back out in the layout they came in: File_ID, Split, the seven emotions. */
import { stringify } from 'csv-stringify/sync';
import { EMOTIONS, type Split } from '../../shared/emotions';
import type { Db } from '../store/database';
import { LabelsStore } from '../store/labels-store';

export interface ExportLabelsOptions {
  annotator: string;
  split?: Split | undefined;
  includeUnlabelled: boolean;
}

export function exportLabelsCsv(db: Db, options: ExportLabelsOptions): { csv: string; rows: number } {
  const records = new LabelsStore(db)
    .exportRows(options.annotator)
    .filter((row) => (options.split ? row.split === options.split : true))
    .filter((row) => row.values !== null || (options.includeUnlabelled && row.split !== null))
    .map((row) => [row.labelFileId ?? row.fileId, row.split ?? '', ...EMOTIONS.map((emotion) => String(row.values?.[emotion] ?? ''))]);
  const csv = stringify([['File_ID', 'Split', ...EMOTIONS], ...records]);
  return { csv, rows: records.length };
}
