/**
 * Decides what a feature export writes, from the store's metadata alone (no tensor is read): the
 * clips in output order, the shared frame count N, and per token part the model and width. A clip
 * that cannot be exported (never analysed, analysed without a requested part, features left from an
 * older sampling, another split) is skipped with a message naming it and the command that fixes it;
 * clips that cannot be stacked together (different N, features from different models) fail the
 * whole export, since a [clips, N, D] array cannot hold them.
 */
import type { ClipSummary, Modality } from '../../../shared/api';
import type { Split } from '../../../shared/emotions';
import { ViperError, type ErrorInfo } from '../../../shared/errors';
import { MASK_FEATURE, PRESENCE_FEATURE } from '../../store/analysis-store';
import { ClipsStore } from '../../store/clips-store';
import type { Db } from '../../store/database';
import { FeaturesStore, type StoredFeatureInfo } from '../../store/features-store';
import { FLOAT32_BYTES } from './npy';

export interface ExportSelection {
  /** Clip ids or File_IDs in the order wanted; every stored clip (in File_ID order) when empty. */
  clips: readonly (number | string)[];
  split?: Split | undefined;
  /** In token order (image, audio, text, fau). */
  modalities: readonly Modality[];
}

export interface ExportPart {
  /** The feature row's modality, which is also the file's stem: image, …, presence, mask. */
  name: string;
  /** Per-frame width; null for the mask, which is [clips, N]. */
  dims: number | null;
  modelId: string;
}

export interface ExportPlan {
  clips: ClipSummary[];
  frames: number;
  parts: ExportPart[];
  skipped: ErrorInfo[];
}

/** Presence has one column per token part, in MODALITIES order, whatever was exported. */
const PRESENCE_DIMS = 4;
/** Lists in messages name this many clips, then say how many more. */
const NAMES_SHOWN = 8;

const listNames = (names: readonly string[]): string =>
  names.length <= NAMES_SHOWN ? names.join(', ') : `${names.slice(0, NAMES_SHOWN).join(', ')} and ${names.length - NAMES_SHOWN} more`;

/** Clips grouped by a key, groups in order of size (largest first). */
function groupClips(clips: readonly ClipSummary[], keyOf: (clip: ClipSummary) => string): [string, ClipSummary[]][] {
  const groups = new Map<string, ClipSummary[]>();
  for (const clip of clips) {
    const key = keyOf(clip);
    const group = groups.get(key);
    if (group) group.push(clip);
    else groups.set(key, [clip]);
  }
  return [...groups.entries()].sort((a, b) => b[1].length - a[1].length);
}

function selectClips(db: Db, dbPath: string, selection: ExportSelection, skipped: ErrorInfo[]): ClipSummary[] {
  const store = new ClipsStore(db);
  if (selection.clips.length === 0) return store.list({ split: selection.split, limit: Number.MAX_SAFE_INTEGER, offset: 0 }).clips;
  const chosen = new Map<number, ClipSummary>();
  for (const ref of selection.clips) {
    const clip = store.get(ref);
    if (!clip) throw new ViperError('clips/not-found', `clip ${ref}: not in the database ${dbPath}. Run "npx viper list" to see the stored clips (by id or File_ID).`, { subject: String(ref) });
    if (selection.split && clip.split !== selection.split) {
      skipped.push({ code: 'features/not-in-split', message: `${clip.fileId}: in split ${clip.split ?? 'none'}, not ${selection.split}; left out. Drop --split to export it.`, subject: clip.fileId });
      continue;
    }
    chosen.set(clip.id, clip);
  }
  return [...chosen.values()];
}

/** The stored shape each part must have for a clip of N frames; null where the width is free (a model's). */
const expectedShape = (name: string, n: number): (number | null)[] => (name === MASK_FEATURE ? [n] : name === PRESENCE_FEATURE ? [n, PRESENCE_DIMS] : [n, null]);

/** Why the clip's stored features cannot be exported (N = its sample count), or null if they can. */
function unusableReason(clip: ClipSummary, analysed: string[] | null, info: readonly StoredFeatureInfo[], wanted: readonly Modality[]): string | null {
  const analyse = `Run "npx viper analyze ${clip.fileId}"`;
  // The analysis signature does not cover the sampling, so features from before a re-sample need --force.
  const reanalyse = `Run "npx viper analyze ${clip.fileId} --force"`;
  if (analysed === null) return `not analysed yet. ${analyse}.`;
  const missing = wanted.filter((m) => !analysed.includes(m) || !info.some((f) => f.modality === m));
  if (missing.length > 0) return `analysed without ${missing.join(', ')}. ${analyse} (it computes every part by default).`;
  const n = clip.sampleCount;
  for (const name of [...wanted, PRESENCE_FEATURE, MASK_FEATURE]) {
    const row = info.find((f) => f.modality === name);
    if (!row) return `its stored ${name} features are missing. ${reanalyse}.`;
    const shape = row.shape;
    if (shape && shape[0] !== n) return `its features hold ${shape[0]} frames but the clip is now sampled with ${n} (re-imported with another --frames). ${reanalyse}.`;
    const expected = expectedShape(name, n);
    const fits = shape !== null && shape.length === expected.length && expected.every((d, i) => d === null || d === shape[i]);
    if (!fits || row.dtype !== 'float32' || row.bytes !== shape.reduce((a, b) => a * b, 1) * FLOAT32_BYTES) {
      return `its stored ${name} features are damaged (${row.dtype} ${row.shapeJson}, ${row.bytes} bytes). ${reanalyse}.`;
    }
  }
  return null;
}

function sharedFrameCount(clips: readonly ClipSummary[]): number {
  const groups = groupClips(clips, (clip) => String(clip.sampleCount));
  const majority = Number(groups[0]?.[0]);
  if (groups.length === 1) return majority;
  const described = groups.map(([n, group]) => `${n} frames: ${listNames(group.map((c) => c.fileId))}`).join('; ');
  const odd = clips.filter((c) => c.sampleCount !== majority).map((c) => c.fileId);
  throw new ViperError(
    'features/frame-count-mismatch',
    `the clips do not share a frame count N (${described}). One export stacks them as [clips, N, D], so N must match: re-import the others with --frames ${majority} ("npx viper import <their files> --frames ${majority}"), then "npx viper analyze ${listNames(odd)} --force"; or export each group separately (name the clips, or use --split).`,
    { subject: odd[0] },
  );
}

/** The part's model and width, which every clip must share. */
function sharedPart(name: string, clips: readonly ClipSummary[], infoOf: (clipId: number) => StoredFeatureInfo): ExportPart {
  const describe = (clip: ClipSummary): string => {
    const row = infoOf(clip.id);
    const width = row.shape?.slice(1) ?? [];
    return width.length > 0 ? `${row.modelId} (width ${width.join('×')})` : row.modelId;
  };
  const groups = groupClips(clips, describe);
  if (groups.length > 1) {
    const described = groups.map(([model, group]) => `${model}: ${listNames(group.map((c) => c.fileId))}`).join('; ');
    throw new ViperError(
      'features/mixed-models',
      `the ${name} features come from different models (${described}), and one array must hold one model's features. Run "npx viper analyze" to bring every clip to the current models (clips already analysed with them are skipped), then export again.`,
      { subject: name },
    );
  }
  const first = infoOf((clips[0] as ClipSummary).id);
  // unusableReason let through only clips whose shapes parse.
  const shape = first.shape as number[];
  return { name, dims: name === MASK_FEATURE ? null : (shape[1] as number), modelId: first.modelId };
}

export function planFeatureExport(db: Db, dbPath: string, selection: ExportSelection): ExportPlan {
  const skipped: ErrorInfo[] = [];
  const selected = selectClips(db, dbPath, selection, skipped);
  const features = new FeaturesStore(db);
  const infoByClip = new Map<number, StoredFeatureInfo[]>();
  const clips = selected.filter((clip) => {
    const info = features.info(clip.id);
    const reason = unusableReason(clip, features.analysedModalities(clip.id), info, selection.modalities);
    if (reason === null) infoByClip.set(clip.id, info);
    else skipped.push({ code: 'features/not-analysed', message: `${clip.fileId} (clip ${clip.id}): ${reason}`, subject: clip.fileId });
    return reason === null;
  });
  if (clips.length === 0) {
    const scope = selection.split ? ` of split ${selection.split}` : '';
    const reasons = skipped.slice(0, 3).map((s) => s.message).join(' ') + (skipped.length > 3 ? ` (and ${skipped.length - 3} more)` : '');
    throw new ViperError(
      'features/nothing-to-export',
      selected.length === 0
        ? `nothing to export: the database ${dbPath} holds no clips${scope}. ${selection.split ? 'Splits come from a labels CSV ("npx viper import --labels labels.csv"); or leave out --split.' : 'Import some with "npx viper import <folder>".'}`
        : `nothing to export: none of the ${selected.length} selected clips${scope} can be exported. ${reasons}`,
    );
  }
  const frames = sharedFrameCount(clips);
  const names = [...selection.modalities, PRESENCE_FEATURE, MASK_FEATURE];
  const parts = names.map((name) => sharedPart(name, clips, (clipId) => infoByClip.get(clipId)?.find((f) => f.modality === name) as StoredFeatureInfo));
  return { clips, frames, parts, skipped };
}
