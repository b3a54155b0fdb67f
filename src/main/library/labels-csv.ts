/**
 * Reads a labels CSV in the MuSe / Hume-Reaction layouts: File_ID (maybe written "[00001]", or named Id),
 * Split (or Partition: Train / Val / Test, devel for Val), and the seven emotion columns in any order
 * with values in [0,1]; or a split-only partition file. Other columns (Age, Country in the ABAW5 copy)
 * become clip metadata. Every bad row becomes an error naming its line and field; the good rows are
 * returned for merging with the other files given and applying.
 */
import { parse } from 'csv-parse/sync';
import { EMOTIONS, type LabelValues, type Split } from '../../shared/emotions';
import { ViperError, type ErrorInfo } from '../../shared/errors';
import { isUnsetCell, parseDecimal } from './label-cells';
import { readLabelsHeader, type LabelColumns } from './labels-header';

export interface LabelRow {
  file: string;
  /** 1-based line in the file. */
  line: number;
  /** File_ID as written, e.g. "[00001]". */
  rawFileId: string;
  /** File_ID without brackets or spaces, e.g. "00001". */
  fileId: string;
  /** null when the file has no split column or the cell is unset. */
  split: Split | null;
  /** null when the row has no intensities (a partition file, or the challenge's unlabelled Test rows). */
  /** null when the row sets no emotion (a split-only or unlabelled row); an emotion left empty is null. */
  values: LabelValues | null;
  /** The extra columns' non-empty cells, by column name as the header wrote it. */
  metadata: Record<string, string>;
}

export interface ParsedLabels {
  file: string;
  rows: LabelRow[];
  failed: ErrorInfo[];
  /** Said once per file, e.g. which columns were kept as metadata. */
  warnings: string[];
  hasSplitColumn: boolean;
  hasEmotionColumns: boolean;
  hasMetadataColumns: boolean;
}

const SPLIT_NAMES: Record<string, Split> = { train: 'Train', val: 'Val', dev: 'Val', devel: 'Val', validation: 'Val', test: 'Test' };

export function normaliseFileId(raw: string): string {
  return raw.trim().replace(/^\[\s*(.*?)\s*\]$/, '$1').trim();
}

function readRecords(text: string, file: string): string[][] {
  try {
    return parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
  } catch (error) {
    throw new ViperError('labels/unreadable', `${file}: not a readable CSV (${(error as Error).message}). Save it as comma-separated UTF-8 text.`, { subject: file, cause: error });
  }
}

function columnWarnings(columns: LabelColumns, file: string): string[] {
  const warnings: string[] = [];
  if (columns.extra.length > 0) {
    warnings.push(`${file}: column(s) ${columns.extra.map((c) => c.name).join(', ')} are not labels; they are kept as clip metadata ("viper show", the Library's filter), never used as labels.`);
  }
  if (columns.unnamed.length > 0) warnings.push(`${file}: column(s) ${columns.unnamed.map((p) => p + 1).join(', ')} have no name and were ignored.`);
  return warnings;
}

type RowResult = { row: LabelRow } | { error: ErrorInfo };

function readRow(record: string[], line: number, columns: LabelColumns, file: string): RowResult {
  const fail = (code: ViperError['code'], message: string): RowResult => ({ error: new ViperError(code, `${file} line ${line}: ${message}`, { subject: `${file}:${line}` }).toInfo() });
  const rawFileId = (record[columns.fileId] ?? '').trim();
  const fileId = normaliseFileId(rawFileId);
  if (!fileId) return fail('labels/bad-value', 'File_ID is empty. Fill it in or delete the row.');

  let split: Split | null = null;
  if (columns.split !== undefined) {
    const rawSplit = (record[columns.split] ?? '').trim();
    split = isUnsetCell(rawSplit) ? null : (SPLIT_NAMES[rawSplit.toLowerCase()] ?? null);
    if (!isUnsetCell(rawSplit) && !split) return fail('labels/bad-split', `Split "${rawSplit}" for File_ID ${fileId} is not Train, Val (dev, devel) or Test. Correct it.`);
  }

  const metadata: Record<string, string> = {};
  for (const { name, position } of columns.extra) {
    const cell = (record[position] ?? '').trim();
    if (!isUnsetCell(cell)) metadata[name] = cell;
  }

  const base = { file, line, rawFileId, fileId, split, metadata };
  if (!columns.emotions) return { row: { ...base, values: null } };
  const cells = EMOTIONS.map((emotion) => ({ emotion, text: (record[columns.emotions?.[emotion] as number] ?? '').trim() }));
  // All seven unset ("", nan, NA, null): an unlabelled clip, e.g. a challenge Test row; it keeps its split.
  if (cells.every((cell) => isUnsetCell(cell.text))) return { row: { ...base, values: null } };
  // Some set, some not: the unset ones stay as they are stored (a CSV's empty cell never clears a value).
  const values = {} as LabelValues;
  for (const { emotion, text } of cells) {
    if (isUnsetCell(text)) {
      values[emotion] = null;
      continue;
    }
    const value = parseDecimal(text);
    if (value === null) {
      return fail('labels/bad-value', `${emotion} for File_ID ${fileId} is "${text}", not a number in plain decimal form. Write it like 0.25, .25 or 2.5e-1 (no hex, binary, underscores or Infinity).`);
    }
    if (value < 0 || value > 1) {
      return fail('labels/out-of-range', `${emotion} for File_ID ${fileId} is ${text}, outside [0,1]. Intensities must lie between 0 and 1; rescale or correct it.`);
    }
    values[emotion] = value;
  }
  return { row: { ...base, values } };
}

export function parseLabelsCsv(text: string, file: string): ParsedLabels {
  const records = readRecords(text, file);
  const header = records[0];
  if (!header) throw new ViperError('labels/missing-column', `${file}: the file is empty. It needs a header row: File_ID,Split,${EMOTIONS.join(',')}.`, { subject: file });
  const columns = readLabelsHeader(header, file);

  const failed: ErrorInfo[] = [];
  const rows: LabelRow[] = [];
  records.slice(1).forEach((record, i) => {
    const result = readRow(record, i + 2, columns, file);
    if ('row' in result) rows.push(result.row);
    else failed.push(result.error);
  });

  // A File_ID given twice is ambiguous: apply neither row rather than guess which is right.
  const linesById = new Map<string, number[]>();
  for (const row of rows) linesById.set(row.fileId, [...(linesById.get(row.fileId) ?? []), row.line]);
  const duplicated = new Set([...linesById].filter(([, lines]) => lines.length > 1).map(([id]) => id));
  for (const id of duplicated) {
    const lines = linesById.get(id) as number[];
    failed.push(new ViperError('labels/duplicate-id', `${file} line ${lines[0]}: File_ID ${id} appears on lines ${lines.join(', ')}; none of them was applied. Keep one row per clip.`, { subject: `${file}:${lines[0]}` }).toInfo());
  }
  return {
    file,
    rows: rows.filter((row) => !duplicated.has(row.fileId)),
    failed,
    warnings: columnWarnings(columns, file),
    hasSplitColumn: columns.split !== undefined,
    hasEmotionColumns: columns.emotions !== null,
    hasMetadataColumns: columns.extra.length > 0,
  };
}
