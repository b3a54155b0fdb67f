/**
 * @file A synthetic labelled set written into a real store, for tests and the benchmark: clips with a
 * split, gold labels and `features` rows laid out as the feature pipeline writes them. The 7 targets are a
 * known nonlinear function of the first 8 values of one modality (`signalIn`, by default the last one in
 * `dims`; the others hold noise only), averaged over the present frames (each clip shows 8 hidden factors
 * there, with per-frame noise) or, with the 'one-frame' placement, taken from one marked frame; missing
 * frames hold large noise that only masking keeps out.
 */
import type { Split } from '../../shared/emotions';
import type { Db } from '../store/database';
import { FeaturesStore } from '../store/features-store';
import { writeTransaction } from '../store/statements';
import { insertSyntheticAnalysis, insertSyntheticClip, insertSyntheticGoldLabels } from '../store/synthetic-rows';
import { MODALITIES, type Modality } from '../../shared/common-schemas';
import { MASK_MODALITY } from './feature-reader';
import { seededRandom } from './metrics';

export interface SyntheticSpec {
  /** Clips per split, in this order of ids. */
  splits: Partial<Record<Split, number>>;
  frames: number;
  dims: Partial<Record<Modality, number>>;
  /** Share of frames marked missing (0..1). */
  missingShare?: number;
  seed?: number;
  /** Permute the labels among the clips (the shuffled-label control). */
  shuffleLabels?: boolean;
  /** Where the signal is: 'every-frame' (default) or 'one-frame'; see SignalPlacement. */
  signal?: SignalPlacement;
  /** Also store what an analysis stores beside the tokens (presence, the analyses row), so that the features export them. */
  asAnalysed?: boolean;
  /** The modality that carries the signal (default: the last key of `dims`), e.g. for an ablation whose rows with it must win. */
  signalIn?: Modality;
}

/**
 * 'every-frame': each present frame shows the clip's 8 factors, and z is their mean over the present
 * frames; a linear model of the frame means already reaches it (ridge ~0.98 mean Pearson).
 * 'one-frame': only frame 0 (always present) shows them, marked by ONE_FRAME_MARK in value 8; every other
 * present frame shows distractor factors of its own, and z is frame 0's values. The Perceiver has no frame
 * positions, so it must find the marked frame by its content, through attention; a mean over the frames
 * dilutes the signal among the distractors (ridge ~0.4).
 */
export type SignalPlacement = 'every-frame' | 'one-frame';
const ONE_FRAME_MARK = 3;

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * The known function of z, the 8 signal values (see SignalPlacement): a saturating sigmoid of two factors.
 * (A term in |z| or z² made the tiny test model need 3× the epochs to pass 0.9; the test budget decided.
 * What the model must learn beyond a mean-pooled linear model is instead the 'one-frame' placement.)
 */
export function syntheticTargets(z: readonly number[]): number[] {
  return Array.from({ length: 7 }, (_, e) => sigmoid(1.2 * (z[e] ?? 0) + 0.6 * (z[e + 1] ?? 0)));
}

export function writeSyntheticSet(db: Db, spec: SyntheticSpec): { clipIds: number[] } {
  const random = seededRandom(spec.seed ?? 1);
  const modalities = Object.keys(spec.dims) as Modality[];
  const signal = spec.signalIn ?? modalities[modalities.length - 1];
  if (signal === undefined || !modalities.includes(signal)) throw new Error(`synthetic set: the signal modality ${String(signal)} is not among dims (${modalities.join(', ')})`);
  const at = '2026-11-25T00:00:00.000Z';
  const features = new FeaturesStore(db);
  const clips: { id: number; targets: number[] }[] = [];
  let index = 0;
  writeTransaction(db, () => {
    for (const [split, count] of Object.entries(spec.splits) as [Split, number][]) {
      for (let c = 0; c < count; c += 1, index += 1) {
        const fileId = String(index + 1).padStart(5, '0');
        const id = insertSyntheticClip(db, { fileId, path: `/synthetic/${fileId}.mp4`, contentHash: `synthetic-${spec.seed ?? 1}-${index}`, split, importedAt: at, sampleCount: spec.frames });
        const mask = Float32Array.from({ length: spec.frames }, (_, f) => (f > 0 && random() < (spec.missingShare ?? 0) ? 0 : 1));
        const present = mask.reduce((a, b) => a + b, 0);
        let z: number[] = [];
        for (const modality of modalities) {
          const dim = spec.dims[modality] ?? 0;
          const values = new Float32Array(spec.frames * dim);
          // Each clip has 8 hidden factors; its present frames show them with unit noise in the signal modality's first 8 values.
          const factors = Array.from({ length: 8 }, () => gaussian(random));
          // Drawn only for 'one-frame', so that the default sets stay the ones other tests were tuned on.
          const oneFrame = spec.signal === 'one-frame' && modality === signal;
          const distractors = oneFrame ? Array.from({ length: spec.frames }, () => Array.from({ length: 8 }, () => gaussian(random))) : [];
          for (let i = 0; i < values.length; i += 1) {
            const k = i % dim;
            const f = Math.floor(i / dim);
            let shown = modality === signal && k < 8 ? (factors[k] ?? 0) : 0;
            if (oneFrame) shown = k < 8 ? ((f === 0 ? factors : distractors[f])?.[k] ?? 0) : k === 8 && f === 0 ? ONE_FRAME_MARK : 0;
            values[i] = mask[f] ? shown + gaussian(random) : 20 * gaussian(random);
          }
          if (oneFrame) {
            z = Array.from({ length: 8 }, (_, k) => values[k] ?? 0);
          } else if (modality === signal) {
            z = Array.from({ length: 8 }, (_, k) => {
              let sum = 0;
              for (let f = 0; f < spec.frames; f += 1) if (mask[f]) sum += values[f * dim + k] ?? 0;
              return sum / present;
            });
          }
          features.insert({ clipId: id, modality, modelId: `synthetic-${modality}`, shape: [spec.frames, dim], data: values, createdAt: at });
        }
        features.insert({ clipId: id, modality: MASK_MODALITY, modelId: 'synthetic-mask', shape: [spec.frames], data: mask, createdAt: at });
        if (spec.asAnalysed) {
          // presence [N, 4]: which of image, audio, text, FAU hold data per frame.
          const presence = Float32Array.from({ length: spec.frames * MODALITIES.length }, (_, i) => (mask[Math.floor(i / MODALITIES.length)] && spec.dims[MODALITIES[i % MODALITIES.length] as Modality] ? 1 : 0));
          features.insert({ clipId: id, modality: 'presence', modelId: 'synthetic-presence', shape: [spec.frames, MODALITIES.length], data: presence, createdAt: at });
          insertSyntheticAnalysis(db, id, modalities, at);
        }
        clips.push({ id, targets: syntheticTargets(z) });
      }
    }
    const targets = clips.map((c) => c.targets);
    if (spec.shuffleLabels) {
      for (let i = targets.length - 1; i > 0; i -= 1) {
        const j = Math.floor(random() * (i + 1));
        [targets[i], targets[j]] = [targets[j] ?? [], targets[i] ?? []];
      }
    }
    clips.forEach((clip, i) => insertSyntheticGoldLabels(db, clip.id, targets[i] ?? [], at));
  });
  return { clipIds: clips.map((c) => c.id) };
}
