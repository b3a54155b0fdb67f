/**
 * Merges the rows of every labels file given to one import (the ABAW5 data_info.csv alone, or MuSe
 * 2022's labels.csv with its partition.csv) into one entry per clip, before anything is applied: a
 * split from one file and intensities from another meet here. Two files that disagree about a clip's
 * split (or give it different intensities) leave that clip untouched and name both places.
 */
import { EMOTIONS, type LabelValues, type Split } from '../../shared/emotions';
import { ViperError, type ErrorInfo } from '../../shared/errors';
import type { LabelRow, ParsedLabels } from './labels-csv';

export interface MergedLabel {
  fileId: string;
  /** File_ID as the labels file wrote it: from a file with intensities when there is one, e.g. "[00001]". */
  rawFileId: string;
  /** Whether any file has a split column: then `split` is applied, null clearing a stored one. */
  splitGiven: boolean;
  split: Split | null;
  values: LabelValues | null;
  /** The file and line the intensities came from, for conflicts with values edited in the app. */
  valuesPlace: { file: string; line: number } | null;
  metadataGiven: boolean;
  metadata: Record<string, string>;
  /** Every "file line n" the clip appears on, for messages. */
  places: string[];
}

/** "00001" and "1" name the same clip, as apply-labels matches them to file names. */
export const withoutLeadingZeros = (id: string): string => id.replace(/^0+(?=.)/, '');

const place = (row: LabelRow): string => `${row.file} line ${row.line}`;

const sameValues = (a: LabelValues, b: LabelValues): boolean => EMOTIONS.every((emotion) => a[emotion] === b[emotion]);

interface Entry {
  merged: MergedLabel;
  splitFrom: LabelRow | null;
  valuesFrom: LabelRow | null;
  conflict: ErrorInfo | null;
}

function conflictError(code: 'labels/split-conflict' | 'labels/duplicate-id', row: LabelRow, message: string): ErrorInfo {
  return new ViperError(code, `${row.file} line ${row.line}: ${message}`, { subject: `${row.file}:${row.line}` }).toInfo();
}

function mergeRow(entry: Entry, row: LabelRow, parsed: ParsedLabels): void {
  const { merged } = entry;
  merged.places.push(place(row));
  merged.splitGiven ||= parsed.hasSplitColumn;
  merged.metadataGiven ||= parsed.hasMetadataColumns;
  for (const [key, value] of Object.entries(row.metadata)) merged.metadata[key] ??= value;
  if (row.split) {
    if (entry.splitFrom && entry.splitFrom.split !== row.split) {
      entry.conflict ??= conflictError(
        'labels/split-conflict',
        row,
        `File_ID ${row.fileId} is ${row.split} here but ${entry.splitFrom.split} in ${place(entry.splitFrom)}; the clip was left as it was. Correct one of the two files.`,
      );
    } else if (!entry.splitFrom) {
      entry.splitFrom = row;
      merged.split = row.split;
    }
  }
  if (row.values) {
    if (entry.valuesFrom?.values && !sameValues(entry.valuesFrom.values, row.values)) {
      entry.conflict ??= conflictError('labels/duplicate-id', row, `File_ID ${row.fileId} has other intensities in ${place(entry.valuesFrom)}; the clip was left as it was. Keep the labels of a clip in one file.`);
    } else if (!entry.valuesFrom) {
      entry.valuesFrom = row;
      merged.values = row.values;
      merged.valuesPlace = { file: row.file, line: row.line };
      merged.rawFileId = row.rawFileId;
    }
  }
}

export function mergeLabelFiles(files: readonly ParsedLabels[]): { labels: MergedLabel[]; failed: ErrorInfo[] } {
  const entries = new Map<string, Entry>();
  for (const parsed of files) {
    for (const row of parsed.rows) {
      const key = withoutLeadingZeros(row.fileId);
      let entry = entries.get(key);
      if (!entry) {
        entry = {
          merged: { fileId: row.fileId, rawFileId: row.rawFileId, splitGiven: false, split: null, values: null, valuesPlace: null, metadataGiven: false, metadata: {}, places: [] },
          splitFrom: null,
          valuesFrom: null,
          conflict: null,
        };
        entries.set(key, entry);
      }
      mergeRow(entry, row, parsed);
    }
  }
  const all = [...entries.values()];
  return {
    labels: all.filter((entry) => !entry.conflict).map((entry) => entry.merged),
    failed: [...files.flatMap((parsed) => parsed.failed), ...all.flatMap((entry) => (entry.conflict ? [entry.conflict] : []))],
  };
}
