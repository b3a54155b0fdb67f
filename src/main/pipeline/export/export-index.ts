/**
 * The two files that say what an export's arrays hold: index.json (everything: row order, clip facts,
 * gold labels, the model and width of each part, the token order, the names of the FAU columns) and
 * index.csv (one row per clip, for pandas.read_csv). Row r of every .npy file is clip r here.
 */
import { stringify } from 'csv-stringify/sync';
import { MODALITIES, type ClipSummary } from '../../../shared/api';
import { EMOTIONS, type LabelValues } from '../../../shared/emotions';
import { AU_NAMES } from '../fau/au-intensities';
import { BASIC_EMOTIONS, FAU_TOKEN_DIMS } from '../fau/clip-fau';
import type { ExportPlan } from './plan-export';

export const INDEX_FORMAT = 'viper-features-export';
export const INDEX_VERSION = 1;

export interface ExportFileEntry {
  file: string;
  shape: number[];
  dtype: 'float32';
  modelId: string;
  /** Per-frame width D; absent for the mask, which is [clips, N]. */
  dims?: number;
}

export interface ExportIndex {
  format: typeof INDEX_FORMAT;
  version: typeof INDEX_VERSION;
  exportedAt: string;
  database: string;
  clipCount: number;
  frames: number;
  /** The authors' concatenation order of a frame token; also presence.npy's four columns. */
  tokenOrder: readonly string[];
  files: Record<string, ExportFileEntry>;
  /** The 32 columns of fau.npy: AU intensities, the FER model's basic-emotion probabilities, zero padding. */
  fauColumns: string[];
  labelColumns: readonly string[];
  clips: { row: number; clipId: number; fileId: string; path: string; split: string | null; labels: LabelValues | null }[];
}

const FAU_COLUMNS = [...AU_NAMES, ...BASIC_EMOTIONS, ...Array.from({ length: FAU_TOKEN_DIMS - AU_NAMES.length - BASIC_EMOTIONS.length }, (_, i) => `zero_${i + 1}`)];

/** The file of each part and its shape; the .npy files are written with exactly these shapes. */
export function exportFiles(plan: ExportPlan): Record<string, ExportFileEntry> {
  return Object.fromEntries(
    plan.parts.map((part) => {
      const shape = part.dims === null ? [plan.clips.length, plan.frames] : [plan.clips.length, plan.frames, part.dims];
      return [part.name, { file: `${part.name}.npy`, shape, dtype: 'float32', modelId: part.modelId, ...(part.dims === null ? {} : { dims: part.dims }) }];
    }),
  );
}

export function exportIndex(plan: ExportPlan, meta: { exportedAt: string; database: string }): ExportIndex {
  return {
    format: INDEX_FORMAT,
    version: INDEX_VERSION,
    exportedAt: meta.exportedAt,
    database: meta.database,
    clipCount: plan.clips.length,
    frames: plan.frames,
    tokenOrder: MODALITIES,
    files: exportFiles(plan),
    fauColumns: FAU_COLUMNS,
    labelColumns: EMOTIONS,
    clips: plan.clips.map((clip, row) => ({ row, clipId: clip.id, fileId: clip.fileId, path: clip.path, split: clip.split, labels: clip.labels })),
  };
}

export function exportIndexCsv(clips: readonly ClipSummary[]): string {
  const rows = clips.map((clip, row) => [row, clip.id, clip.fileId, clip.split ?? '', ...EMOTIONS.map((e) => String(clip.labels?.[e] ?? ''))]);
  return stringify([['row', 'clip_id', 'File_ID', 'split', ...EMOTIONS], ...rows]);
}
