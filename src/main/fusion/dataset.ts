/**
 * @file What a training run learns from, checked before any training starts: the labelled clips of each
 * split (gold annotator), the feature layout of the requested modalities, and every clip's features
 * (streamed once to find NaN / Infinity). Each problem is a ViperError naming the clips and the fix.
 */
import { EMOTIONS, type Split } from '../../shared/emotions';
import { ViperError } from '../../shared/errors';
import type { Db } from '../store/database';
import { FeaturesStore } from '../store/features-store';
import { LabelsStore } from '../store/labels-store';
import type { Modality } from '../../shared/common-schemas';
import { FeatureReader, orderModalities, type FeatureLayout } from './feature-reader';

export interface DatasetClip {
  clipId: number;
  fileId: string;
  split: Split | null;
  /** Gold intensities in EMOTIONS order; null when unlabelled. */
  targets: number[] | null;
}

export interface TrainingData {
  layout: FeatureLayout;
  train: DatasetClip[];
  val: DatasetClip[];
  /** Labelled Test clips; empty when Test is unlabelled (as in the challenge). */
  test: DatasetClip[];
}

export interface DatasetLimits {
  /** Fewest labelled clips Train must have. */
  minTrain: number;
  /** Fewest labelled clips Val must have (Pearson needs variety). */
  minVal: number;
}

export const DEFAULT_LIMITS: DatasetLimits = { minTrain: 16, minVal: 5 };

/** Lists a few subjects and how many more, so a message about 10,000 clips stays readable. */
export function listSome(items: readonly string[], shown = 8): string {
  return items.length <= shown ? items.join(', ') : `${items.slice(0, shown).join(', ')} and ${items.length - shown} more`;
}

/** Every clip with its split and gold labels. */
export function readClips(db: Db, annotator = 'gold'): DatasetClip[] {
  return new LabelsStore(db)
    .clipsWithLabels(annotator)
    .map(({ values, ...clip }) => ({ ...clip, targets: values ? EMOTIONS.map((e) => values[e]) : null }));
}

const describe = (clip: DatasetClip): string => `clip ${clip.clipId} (${clip.fileId})`;

/** The layout of the requested modalities over these clips; errors for a modality nobody analysed, clips lacking one, or widths that differ. */
export function inspectLayout(db: Db, requested: readonly Modality[], clips: readonly DatasetClip[]): FeatureLayout {
  const modalities = orderModalities(requested);
  const byClip = new Map<number, Map<string, { modelId: string; shape: number[] | null }>>();
  for (const row of new FeaturesStore(db).shapesOf(modalities)) {
    const entry = byClip.get(row.clipId) ?? new Map();
    entry.set(row.modality, { modelId: row.modelId, shape: row.shape });
    byClip.set(row.clipId, entry);
  }
  const dims: number[] = [];
  const modelIds: string[] = [];
  let frames = 0;
  for (const modality of modalities) {
    const having = clips.filter((clip) => byClip.get(clip.clipId)?.has(modality));
    if (having.length === 0) {
      throw new ViperError('fusion/modality-not-analysed', `modality "${modality}" was requested but no clip has ${modality} features. Run the ${modality} analysis first, or leave ${modality} out of --modalities.`, { subject: modality });
    }
    const lacking = clips.filter((clip) => !byClip.get(clip.clipId)?.has(modality));
    if (lacking.length > 0) {
      throw new ViperError('fusion/missing-features', `${lacking.length} clip(s) have no ${modality} features: ${listSome(lacking.map(describe))}. Analyse them, or remove them from their split.`, { subject: modality });
    }
    const first = byClip.get(having[0]?.clipId ?? -1)?.get(modality);
    const dim = first?.shape?.[1] ?? 0;
    const differing = clips.filter((clip) => {
      const f = byClip.get(clip.clipId)?.get(modality);
      return f?.shape?.length !== 2 || f.shape[1] !== dim || f.modelId !== first?.modelId;
    });
    if (differing.length > 0 || dim === 0) {
      throw new ViperError('fusion/bad-features', `${modality} features differ in model or width across clips (${first?.modelId ?? '?'} [N, ${dim}] first): ${listSome(differing.map(describe))}. Analyse all clips with the same ${modality} model.`, { subject: modality });
    }
    for (const clip of clips) frames = Math.max(frames, byClip.get(clip.clipId)?.get(modality)?.shape?.[0] ?? 0);
    dims.push(dim);
    modelIds.push(first?.modelId ?? '');
  }
  return { modalities, dims, modelIds, frames, tokenDim: dims.reduce((a, b) => a + b, 0) };
}

function checkLabels(clips: readonly DatasetClip[]): void {
  const bad = clips.filter((clip) => clip.targets?.some((v) => !(v >= 0 && v <= 1)));
  if (bad.length > 0) {
    throw new ViperError('fusion/bad-labels', `gold labels outside [0,1] in ${listSome(bad.map(describe))}. Correct them (viper export-labels, fix, import --labels) before training.`, { subject: bad[0] ? describe(bad[0]) : undefined });
  }
}

function checkSplit(name: Split, clips: readonly DatasetClip[], minimum: number): void {
  if (clips.length === 0) {
    throw new ViperError('fusion/split-missing', `no labelled clips in split ${name}. Give clips the ${name} split in the labels CSV (column Split) and import it with "viper import --labels".`, { subject: name });
  }
  if (clips.length < minimum) {
    throw new ViperError('fusion/too-few-clips', `split ${name} has ${clips.length} labelled clip(s) (${listSome(clips.map(describe))}); training needs at least ${minimum}. Label more clips or move some into ${name}.`, { subject: name });
  }
}

/**
 * Gathers and checks everything a run needs. Streams every clip's features once (batches of 64) to
 * reject NaN / Infinity before the first step rather than in the middle of epoch 7.
 */
export function prepareTrainingData(db: Db, modalities: readonly Modality[], limits: DatasetLimits = DEFAULT_LIMITS): TrainingData {
  const all = readClips(db);
  const labelled = all.filter((clip) => clip.targets !== null);
  checkLabels(labelled);
  const train = labelled.filter((clip) => clip.split === 'Train');
  const val = labelled.filter((clip) => clip.split === 'Val');
  const test = labelled.filter((clip) => clip.split === 'Test');
  checkSplit('Train', train, limits.minTrain);
  checkSplit('Val', val, limits.minVal);
  const used = [...train, ...val, ...test];
  const layout = inspectLayout(db, modalities, used);
  const names = new Map(used.map((clip) => [clip.clipId, describe(clip)]));
  const reader = new FeatureReader(db, layout, (id) => names.get(id) ?? `clip ${id}`);
  for (let start = 0; start < used.length; start += 64) reader.loadBatch(used.slice(start, start + 64).map((c) => c.clipId));
  return { layout, train, val, test };
}
