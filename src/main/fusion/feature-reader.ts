/**
 * @file Reads the feature pipeline's tensors from table `features` in batches, so training streams them
 * instead of holding every clip in memory. Per clip: one row per modality, shape [N, D] float32
 * little-endian, plus an optional row 'mask', shape [N], 1 = frame present, 0 = missing (no face, failed
 * decode); no mask row means every frame is present. The token of a frame is the concatenation of the
 * requested modalities in the authors' order (image, audio, text, fau). A clip with fewer frames than
 * the longest is padded with masked frames.
 *
 * Two rules decide the mask the Perceiver gets:
 *   - without an attention mask (the authors-code protocol: their train_perceiver.py calls PerceiverModel
 *     with none), every stored frame of a clip is attended, present or not;
 *   - a clip none of whose frames is present is attended over all its stored frames as they stand (zero
 *     parts, the audio part where there is sound), i.e. without its mask, and flagged: masking every
 *     frame would leave the softmax over scores all shifted by −1e9, where float32 keeps only rounding.
 */
import { z } from 'zod';
import { ViperError } from '../../shared/errors';
import type { Db } from '../store/database';
import { FeaturesStore, type StoredFeatureBlob } from '../store/features-store';
import { float32FromBlob } from '../store/float32-blob';
import { MODALITIES, modalitySchema, type Modality } from '../../shared/common-schemas';

export const MASK_MODALITY = 'mask';

export interface FeatureLayout {
  /** In token order. */
  modalities: Modality[];
  /** Width of each modality in `modalities` order. */
  dims: number[];
  modelIds: string[];
  /** N: frames per clip (the longest clip's). */
  frames: number;
  tokenDim: number;
}

/** A layout as a run's config_json stores it, checked when read back (predict.ts). */
export const featureLayoutSchema: z.ZodType<FeatureLayout> = z.object({
  modalities: z.array(modalitySchema),
  dims: z.array(z.number().int().nonnegative()),
  modelIds: z.array(z.string()),
  frames: z.number().int().nonnegative(),
  tokenDim: z.number().int().nonnegative(),
});

export interface FeatureBatch {
  /** [B, N, tokenDim] */
  tokens: Float32Array;
  /** [B, N] */
  mask: Float32Array;
  /** [B]: true where the clip had no present frame, so its mask was dropped (the rule above). */
  noFramePresent: boolean[];
}

export interface FeatureReaderOptions {
  /** false: every stored frame attended, as the authors' code (default true: missing frames masked out). */
  attentionMask?: boolean;
}

/** Requested modalities in the authors' token order, duplicates removed. */
export function orderModalities(requested: readonly Modality[]): Modality[] {
  return MODALITIES.filter((m) => requested.includes(m));
}

export class FeatureReader {
  private readonly store;
  private readonly offsets: number[];

  constructor(
    db: Db,
    readonly layout: FeatureLayout,
    private readonly describeClip: (clipId: number) => string = (id) => `clip ${id}`,
    private readonly options: FeatureReaderOptions = {},
  ) {
    this.store = new FeaturesStore(db);
    let offset = 0;
    this.offsets = layout.dims.map((d) => {
      const at = offset;
      offset += d;
      return at;
    });
  }

  private bad(clipId: number, modality: string, what: string): ViperError {
    const subject = `${this.describeClip(clipId)} ${modality}`;
    return new ViperError('fusion/bad-features', `${subject}: ${what}. Analyse the clip again, or leave it out of the split.`, { subject });
  }

  /** The batch of these clips, in this order. Throws 'fusion/bad-features' on NaN, ±Infinity or a shape that does not fit. */
  loadBatch(clipIds: readonly number[]): FeatureBatch {
    const { frames, tokenDim, modalities } = this.layout;
    const tokens = new Float32Array(clipIds.length * frames * tokenDim);
    const mask = new Float32Array(clipIds.length * frames);
    const noFramePresent = clipIds.map(() => false);
    const rowOf = new Map(clipIds.map((id, row) => [id, row]));
    const framesOf = new Map<number, number>();
    const rows = this.store.blobsOf(clipIds, [...modalities, MASK_MODALITY]);
    const masks = new Map<number, StoredFeatureBlob>();
    for (const feature of rows) {
      const row = rowOf.get(feature.clipId);
      if (row === undefined) continue;
      if (feature.modality === MASK_MODALITY) {
        masks.set(feature.clipId, feature);
        continue;
      }
      const m = modalities.indexOf(feature.modality as Modality);
      const dim = this.layout.dims[m] ?? 0;
      const shape = feature.shape;
      const n = shape?.[0] ?? 0;
      if (feature.dtype !== 'float32' || !shape || shape.length !== 2 || shape[1] !== dim || n > frames || feature.data.length !== n * dim * 4) {
        throw this.bad(feature.clipId, feature.modality, `stored as ${feature.dtype} ${feature.shapeJson} in ${feature.data.length} bytes, expected float32 [≤${frames}, ${dim}]`);
      }
      const seen = framesOf.get(feature.clipId);
      if (seen !== undefined && seen !== n) throw this.bad(feature.clipId, feature.modality, `has ${n} frames, another modality of the clip has ${seen}`);
      framesOf.set(feature.clipId, n);
      const values = float32FromBlob(feature.data, `${this.describeClip(feature.clipId)} ${feature.modality}`);
      const base = row * frames * tokenDim + (this.offsets[m] ?? 0);
      for (let f = 0; f < n; f += 1) {
        for (let d = 0; d < dim; d += 1) {
          const value = values[f * dim + d] ?? 0;
          if (!Number.isFinite(value)) throw this.bad(feature.clipId, feature.modality, `frame ${f} value ${d} is ${value}`);
          tokens[base + f * tokenDim + d] = value;
        }
      }
    }
    for (const [clipId, row] of rowOf) {
      const n = framesOf.get(clipId);
      if (n === undefined) throw this.bad(clipId, modalities.join('+'), 'has no stored features');
      const stored = masks.get(clipId);
      const values = stored ? float32FromBlob(stored.data, `${this.describeClip(clipId)} ${MASK_MODALITY}`) : null;
      if (values && values.length !== n) throw this.bad(clipId, MASK_MODALITY, `has ${values.length} frames, the features have ${n}`);
      let presentFrames = 0;
      for (let f = 0; f < n; f += 1) {
        const present = values ? (values[f] ?? 0) : 1;
        if (present !== 0 && present !== 1) throw this.bad(clipId, MASK_MODALITY, `frame ${f} is ${present}, expected 1 (present) or 0 (missing)`);
        mask[row * frames + f] = present;
        presentFrames += present;
      }
      if (presentFrames === 0) noFramePresent[row] = true;
      if (presentFrames === 0 || this.options.attentionMask === false) mask.fill(1, row * frames, row * frames + n);
    }
    return { tokens, mask, noFramePresent };
  }
}
