/**
 * Reads a labels CSV's header row into column roles: File_ID (or Id, as the MuSe 2022 partition file
 * names it), Split (or Partition), the seven emotions, and any other column, kept as clip metadata.
 * Names match with case, spaces, '-' and '_' ignored; a name given twice is refused, since which of the
 * two columns holds the truth cannot be told.
 */
import { EMOTIONS, type Emotion } from '../../shared/emotions';
import { ViperError } from '../../shared/errors';

export interface LabelColumns {
  /** 0-based positions in the record. */
  fileId: number;
  split: number | undefined;
  /** Every emotion's position, or null for a split-only file (a partition file). */
  emotions: Record<Emotion, number> | null;
  /** Columns that are neither: Age, Country, … in the ABAW5 copy. */
  extra: { name: string; position: number }[];
  /** Columns with an empty name (a pandas index written without its name), read as nothing. */
  unnamed: number[];
}

/** "Empathic Pain", "empathic_pain" and "Empathic-Pain" all give "empathicpain". */
export function headerKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

type Role = 'fileId' | 'split' | Emotion;

const ROLE_BY_KEY = new Map<string, Role>([
  ['fileid', 'fileId'],
  ['id', 'fileId'],
  ['split', 'split'],
  ['partition', 'split'],
  ...EMOTIONS.map((emotion) => [headerKey(emotion), emotion] as [string, Role]),
]);

const ROLE_NAMES: Record<'fileId' | 'split', string> = { fileId: 'File_ID', split: 'Split' };

const describeHeader = (header: readonly string[]): string => header.map((name) => `"${name}"`).join(', ');

function refuseDuplicates(header: readonly string[], file: string): void {
  // File_ID and Id (or Split and Partition) are two names for one role: both present is a duplicate too.
  const positionsByKey = new Map<string, number[]>();
  header.forEach((name, i) => {
    const key = headerKey(name);
    if (key === '') return;
    const role = ROLE_BY_KEY.get(key);
    const groupKey = role === 'fileId' || role === 'split' ? `role:${role}` : key;
    positionsByKey.set(groupKey, [...(positionsByKey.get(groupKey) ?? []), i + 1]);
  });
  for (const positions of positionsByKey.values()) {
    if (positions.length < 2) continue;
    const names = positions.map((p) => `"${header[p - 1] ?? ''}" (column ${p})`).join(' and ');
    throw new ViperError(
      'labels/duplicate-column',
      `${file}: the header names one column twice: ${names}. Delete or rename one of them so that each column appears once; no row of the file was applied.`,
      { subject: `${file}:1` },
    );
  }
}

export function readLabelsHeader(header: readonly string[], file: string): LabelColumns {
  refuseDuplicates(header, file);
  const positions = new Map<Role, number>();
  const extra: LabelColumns['extra'] = [];
  const unnamed: number[] = [];
  header.forEach((name, i) => {
    const key = headerKey(name);
    const role = ROLE_BY_KEY.get(key);
    if (role) positions.set(role, i);
    else if (key === '') unnamed.push(i);
    else extra.push({ name: name.trim(), position: i });
  });

  const fileId = positions.get('fileId');
  const presentEmotions = EMOTIONS.filter((emotion) => positions.has(emotion));
  const missing = [
    ...(fileId === undefined ? [ROLE_NAMES.fileId] : []),
    // No emotion column at all is a split-only (partition) file; some but not all is a mistake.
    ...(presentEmotions.length > 0 || !positions.has('split') ? EMOTIONS.filter((emotion) => !positions.has(emotion)) : []),
  ];
  if (fileId === undefined || missing.length > 0) {
    throw new ViperError(
      'labels/missing-column',
      `${file}: missing column(s) ${missing.join(', ')} (found: ${describeHeader(header)}). The header must name File_ID, Split and the seven emotions: ${EMOTIONS.join(', ')} (a partition file: File_ID and Split only).`,
      { subject: `${file}:1` },
    );
  }
  const emotions = presentEmotions.length > 0 ? (Object.fromEntries(EMOTIONS.map((emotion) => [emotion, positions.get(emotion)])) as Record<Emotion, number>) : null;
  return { fileId, split: positions.get('split'), emotions, extra, unnamed };
}
