/**
 * Reads a labels CSV in the MuSe / Hume-Reaction layout: File_ID (maybe written "[00001]"), Split
 * (Train / Val / Test), and the seven emotion columns in any order with values in [0,1]. Every bad
 * row becomes an error naming its line; the good rows are returned for applying.
 */
import { parse } from 'csv-parse/sync';
import { EMOTIONS, type EmotionVector, type Split } from '../../shared/emotions';
import { ViperError, type ErrorInfo } from '../../shared/errors';

export interface LabelRow {
  /** 1-based line in the file. */
  line: number;
  /** File_ID as written, e.g. "[00001]". */
  rawFileId: string;
  /** File_ID without brackets or spaces, e.g. "00001". */
  fileId: string;
  split: Split | null;
  /** null when the row has a split but no intensities (e.g. the challenge's unlabelled Test rows). */
  values: EmotionVector | null;
}

export interface ParsedLabels {
  rows: LabelRow[];
  failed: ErrorInfo[];
  hasSplitColumn: boolean;
}

/** Header matching ignores case, spaces, '-' and '_': "Empathic Pain" finds Empathic-Pain. */
function headerKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const SPLIT_NAMES: Record<string, Split> = { train: 'Train', val: 'Val', dev: 'Val', devel: 'Val', validation: 'Val', test: 'Test' };

export function normaliseFileId(raw: string): string {
  return raw.trim().replace(/^\[\s*(.*?)\s*\]$/, '$1').trim();
}

export function parseLabelsCsv(text: string, file: string): ParsedLabels {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
  } catch (error) {
    throw new ViperError('labels/unreadable', `${file}: not a readable CSV (${(error as Error).message}). Save it as comma-separated UTF-8 text.`, { subject: file, cause: error });
  }
  const header = records[0];
  if (!header) throw new ViperError('labels/missing-column', `${file}: the file is empty. It needs a header row: File_ID,Split,${EMOTIONS.join(',')}.`, { subject: file });
  const position = new Map(header.map((name, i) => [headerKey(name), i]));
  const fileIdColumn = position.get('fileid');
  const splitColumn = position.get('split');
  const missing = ['File_ID', ...EMOTIONS].filter((name) => !position.has(headerKey(name)));
  if (fileIdColumn === undefined || missing.length > 0) {
    throw new ViperError(
      'labels/missing-column',
      `${file}: missing column(s) ${missing.join(', ')} (found: ${header.join(', ')}). The header must name File_ID, Split and the seven emotions: ${EMOTIONS.join(', ')}.`,
      { subject: `${file}:1` },
    );
  }

  const failed: ErrorInfo[] = [];
  const rows: LabelRow[] = [];
  const fail = (code: ViperError['code'], line: number, message: string): void => {
    failed.push(new ViperError(code, `${file} line ${line}: ${message}`, { subject: `${file}:${line}` }).toInfo());
  };

  records.slice(1).forEach((record, i) => {
    const line = i + 2;
    const rawFileId = record[fileIdColumn] ?? '';
    const fileId = normaliseFileId(rawFileId);
    if (!fileId) return fail('labels/bad-value', line, 'File_ID is empty. Fill it in or delete the row.');
    let split: Split | null = null;
    if (splitColumn !== undefined) {
      const rawSplit = (record[splitColumn] ?? '').trim();
      const known = SPLIT_NAMES[rawSplit.toLowerCase()];
      if (rawSplit && !known) return fail('labels/bad-split', line, `Split "${rawSplit}" for File_ID ${fileId} is not Train, Val or Test. Correct it.`);
      split = known ?? null;
    }
    const cells = EMOTIONS.map((emotion) => ({ emotion, text: (record[position.get(headerKey(emotion)) as number] ?? '').trim() }));
    if (cells.every((cell) => cell.text === '')) {
      rows.push({ line, rawFileId: rawFileId.trim(), fileId, split, values: null });
      return;
    }
    const values = {} as EmotionVector;
    for (const { emotion, text } of cells) {
      const value = Number(text);
      if (text === '' || !Number.isFinite(value)) {
        return fail('labels/bad-value', line, `${emotion} for File_ID ${fileId} is ${text === '' ? 'empty' : `"${text}", not a number`}. Give a number between 0 and 1 (or leave all seven empty for an unlabelled clip).`);
      }
      if (value < 0 || value > 1) {
        return fail('labels/out-of-range', line, `${emotion} for File_ID ${fileId} is ${text}, outside [0,1]. Intensities must lie between 0 and 1; rescale or correct it.`);
      }
      values[emotion] = value;
    }
    rows.push({ line, rawFileId: rawFileId.trim(), fileId, split, values });
  });

  // A File_ID given twice is ambiguous: apply neither row rather than guess which is right.
  const linesById = new Map<string, number[]>();
  for (const row of rows) linesById.set(row.fileId, [...(linesById.get(row.fileId) ?? []), row.line]);
  const duplicated = new Set([...linesById].filter(([, lines]) => lines.length > 1).map(([id]) => id));
  for (const id of duplicated) {
    const lines = linesById.get(id) as number[];
    fail('labels/duplicate-id', lines[0] as number, `File_ID ${id} appears on lines ${lines.join(', ')}; none of them was applied. Keep one row per clip.`);
  }
  return { rows: rows.filter((row) => !duplicated.has(row.fileId)), failed, hasSplitColumn: splitColumn !== undefined };
}
