/**
 * @file Predictions of a trained run through onnxruntime-node: every analysed clip (one that has all the
 * run's modalities) in batches, the 7 intensities clipped to [0,1] (the challenge's range; the raw
 * outputs are the trained values) stored with the frame and latent attention of each prediction, and with
 * each modality's contribution to each emotion (attribution.ts), computed from the same feeds.
 */
import * as ort from 'onnxruntime-node';
import { ViperError } from '../../shared/errors';
import type { Db } from '../store/database';
import { FeaturesStore } from '../store/features-store';
import { AttributionStore } from '../store/attribution-store';
import { PredictionsStore, type PredictionWrite } from '../store/predictions-store';
import type { RunRow } from '../store/runs-store';
import { writeTransaction } from '../store/statements';
import { clipIntensity, modalityContributions } from './attribution';
import { readClips } from './dataset';
import { parseStoredValue } from '../store/json-columns';
import { FeatureReader, featureLayoutSchema, type FeatureLayout } from './feature-reader';
import { ONNX_INPUTS, ONNX_OUTPUTS } from './onnx-export';
import { openRunModel } from './run-model';

export interface PredictOptions {
  batchSize?: number;
  /** Only these clips (default: every analysed clip). */
  clipIds?: readonly number[];
  now?: () => string;
  onProgress?: (done: number, total: number) => void;
  /** Compute and keep each modality's contribution (default true; false only to time prediction alone). */
  attribution?: boolean;
}

/** A batch of clips as the fusion model's ONNX inputs: tokens [clips, frames, D] and the frame mask [clips, frames]. */
export function fusionFeeds(batch: { tokens: Float32Array; mask: Float32Array }, clips: number, layout: Pick<FeatureLayout, 'frames' | 'tokenDim'>): Record<string, ort.Tensor> {
  return {
    [ONNX_INPUTS.tokens]: new ort.Tensor('float32', batch.tokens, [clips, layout.frames, layout.tokenDim]),
    [ONNX_INPUTS.mask]: new ort.Tensor('float32', batch.mask, [clips, layout.frames]),
  };
}

/** Clips that have features of every one of these modalities. */
export function analysedClipIds(db: Db, modalities: readonly string[]): number[] {
  return new FeaturesStore(db).clipIdsWithAll(modalities);
}

export function runLayout(run: RunRow): FeatureLayout {
  const layout = run.config.layout;
  if (layout === undefined || layout === null) throw new ViperError('runs/not-trained', `fusion run ${run.id} has no trained model (state ${run.state}). Train again with "viper train".`, { subject: String(run.id) });
  return parseStoredValue(featureLayoutSchema, layout, `fusion run ${run.id}, config_json layout`, 'Train the run again ("viper train").');
}

/** Whether the run was trained with missing frames masked out (all runs but the authors-code protocol's). */
export function runAttentionMask(run: RunRow): boolean {
  return (run.config.options as { attentionMask?: unknown } | undefined)?.attentionMask !== false;
}

/** Runs the run's ONNX model over the clips and stores the results; returns how many clips were predicted. */
export async function predictWithRun(db: Db, run: RunRow, options: PredictOptions = {}): Promise<number> {
  if (!run.onnxPath) throw new ViperError('runs/not-trained', `fusion run ${run.id} has no ONNX export (state ${run.state}). Train again with "viper train".`, { subject: String(run.id) });
  const layout = runLayout(run);
  const clipIds = options.clipIds ?? analysedClipIds(db, layout.modalities);
  const names = new Map(readClips(db).map((c) => [c.clipId, `clip ${c.clipId} (${c.fileId})`]));
  const reader = new FeatureReader(db, layout, (id) => names.get(id) ?? `clip ${id}`, { attentionMask: runAttentionMask(run) });
  // Refused when the file is gone or is not the one training exported (its sha256).
  const session = await openRunModel(run);
  const store = new PredictionsStore(db);
  const attribution = new AttributionStore(db);
  const batchSize = options.batchSize ?? 256;
  const at = (options.now ?? (() => new Date().toISOString()))();
  for (let start = 0; start < clipIds.length; start += batchSize) {
    const ids = clipIds.slice(start, start + batchSize);
    const batch = reader.loadBatch(ids);
    const feeds = fusionFeeds(batch, ids.length, layout);
    const { outputs } = await session.run(feeds, [ONNX_OUTPUTS.intensities, ONNX_OUTPUTS.frameAttention, ONNX_OUTPUTS.latentAttention]);
    const intensities = outputs[ONNX_OUTPUTS.intensities].data as Float32Array;
    const frames = outputs[ONNX_OUTPUTS.frameAttention].data as Float32Array;
    const latents = outputs[ONNX_OUTPUTS.latentAttention].data as Float32Array;
    const latentCount = latents.length / ids.length;
    const writes: PredictionWrite[] = ids.map((clipId, i) => ({
      clipId,
      values: Array.from(intensities.subarray(i * 7, i * 7 + 7), clipIntensity),
      frameWeights: frames.slice(i * layout.frames, (i + 1) * layout.frames),
      latentWeights: latents.slice(i * latentCount, (i + 1) * latentCount),
      noFramePresent: batch.noFramePresent[i] ?? false,
    }));
    const contributions = options.attribution === false ? null : await modalityContributions(session, feeds, layout, writes.flatMap((w) => Array.from(w.values)));
    const perClip = layout.modalities.length * 7;
    writeTransaction(db, () => {
      store.write(run.id, writes, at);
      if (contributions) attribution.write(run.id, layout.modalities, ids.map((clipId, i) => ({ clipId, contributions: contributions.subarray(i * perClip, (i + 1) * perClip) })));
    });
    options.onProgress?.(start + ids.length, clipIds.length);
  }
  return clipIds.length;
}
