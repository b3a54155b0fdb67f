/**
 * @file What is read back of the attribution kept with a trained run's predictions (attribution.ts
 * computes it at prediction time): one clip's, a run's mean per emotion, and the predictions CSV with it.
 * The prior is a fixed FAU mapping, not a model over tokens: asked of it, each says so (fusion/no-attribution).
 */
import { stringify } from 'csv-stringify/sync';
import type { ClipAttribution } from '../../shared/attribution-api';
import { EMOTIONS, type Split } from '../../shared/emotions';
import { ViperError } from '../../shared/errors';
import { AttributionStore } from '../store/attribution-store';
import type { Db } from '../store/database';
import { PredictionsStore } from '../store/predictions-store';
import { RunsStore, type RunRow } from '../store/runs-store';
import { predictionsCsv, submissionFileId } from './evaluate';

/** The run, refused when it is the prior. */
function attributedRun(run: RunRow): RunRow {
  if (run.kind === 'prior') {
    throw new ViperError(
      'fusion/no-attribution',
      `fusion run ${run.id} is the untrained PRIOR, a fixed FAU → emotion mapping: it weighs no frames or modalities, so it has no attribution. Ask a trained run ("viper runs" lists them; "viper train" makes one).`,
      { subject: String(run.id) },
    );
  }
  return run;
}

const predictAgain = (run: RunRow): string => `Run "viper predict --run ${run.id}" to predict with attribution (the run's ONNX file must be the one training exported).`;

/**
 * A clip's attribution by the run named, else by the latest trained run that kept one for it (null when
 * none did). `sampleCount` cuts the frame weights to the clip's own frames (the run pads to its longest clip).
 */
export function clipAttribution(db: Db, clip: { id: number; fileId: string; sampleCount: number }, runId: number | undefined): ClipAttribution | null {
  const store = new AttributionStore(db);
  const id = runId ?? store.latestRunWith(clip.id);
  if (id === null) return null;
  const run = attributedRun(new RunsStore(db).get(id));
  const predictions = new PredictionsStore(db);
  if (!predictions.clipPrediction(run.id, clip.id)) {
    throw new ViperError('fusion/no-predictions', `fusion run ${run.id} has no prediction of clip ${clip.fileId}. Analyse the clip ("viper analyze ${clip.fileId}"), then run "viper predict --run ${run.id}".`, { subject: String(run.id) });
  }
  const contributions = store.clipContributions(run.id, clip.id, run.modalities);
  const attention = predictions.attention(run.id, clip.id);
  if (contributions.length === 0 || !attention) {
    throw new ViperError('fusion/no-attribution', `fusion run ${run.id} predicted clip ${clip.fileId} before attribution was kept with predictions. ${predictAgain(run)}`, { subject: String(run.id) });
  }
  const frames = clip.sampleCount > 0 ? attention.frameWeights.subarray(0, clip.sampleCount) : attention.frameWeights;
  return { runId: run.id, clipId: clip.id, modalities: run.modalities, frameWeights: Array.from(frames), contributions };
}

/** A run's mean (and mean absolute) contribution of each modality to each emotion over its clips of the split. */
export function runAttribution(db: Db, options: { run?: number; split?: Split }) {
  const run = attributedRun(new RunsStore(db).resolve(options.run));
  const store = new AttributionStore(db);
  const { clips, perModality } = store.meanByModality(run.id, run.modalities, options.split);
  return { runId: run.id, modalities: run.modalities, clips, withoutAttribution: store.predictionsWithout(run.id, options.split), perModality };
}

/**
 * The challenge CSV (File_ID, the 7 emotions) with, per clip, every modality's contribution to every
 * emotion (columns `contribution_<modality>_<Emotion>`) and the weight of each frame (`frame_weight_<k>`,
 * 1-based, the run's N frames; a clip's missing or padded frames have 0).
 */
export function predictionsWithAttributionCsv(db: Db, options: { run?: number; split?: Split }): ReturnType<typeof predictionsCsv> {
  const run = attributedRun(new RunsStore(db).resolve(options.run));
  const plain = predictionsCsv(db, { run: run.id, ...(options.split ? { split: options.split } : {}) });
  const store = new AttributionStore(db);
  const without = store.predictionsWithout(run.id, options.split);
  if (without > 0) {
    throw new ViperError('fusion/no-attribution', `fusion run ${run.id}: ${without} of its ${plain.rows} predictions${options.split ? ` of ${options.split}` : ''} were made before attribution was kept with them. ${predictAgain(run)}`, {
      subject: String(run.id),
    });
  }
  const rows = store.runRows(run.id, run.modalities, options.split);
  const frames = Math.max(0, ...rows.map((r) => r.frameWeights?.length ?? 0));
  const header = [
    'File_ID',
    ...EMOTIONS,
    ...run.modalities.flatMap((m) => EMOTIONS.map((e) => `contribution_${m}_${e}`)),
    ...Array.from({ length: frames }, (_, k) => `frame_weight_${k + 1}`),
  ];
  const body = rows.map((r) => [
    submissionFileId(r),
    ...r.values.map((v) => v.toFixed(6)),
    ...r.contributions.flatMap((c) => c.values.map((v) => v.toFixed(6))),
    ...Array.from({ length: frames }, (_, k) => (r.frameWeights?.[k] ?? 0).toFixed(6)),
  ]);
  return { ...plain, csv: stringify([header, ...body]) };
}
