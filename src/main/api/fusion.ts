/** Handlers of the fusion calls: training runs, predictions, evaluation, the ablation table, the runs list. */
import type { ApiOutput, ApiParsedInput } from '../../shared/api';
import { PAPER_TABLE, runAblation } from '../fusion/ablate';
import type { TrainOptions } from '../fusion/config';
import { evaluateRun, predictionsCsv } from '../fusion/evaluate';
import { predictPrior } from '../fusion/prior';
import { predictWithRun } from '../fusion/predict';
import { predictionsWithAttributionCsv } from '../fusion/attribution-views';
import { predictUncertainty } from '../fusion/uncertainty';
import { PredictionsStore } from '../store/predictions-store';
import { RunsStore } from '../store/runs-store';
import { trainRun, type TrainRequest } from '../fusion/train-run';
import type { ApiContext, CallControls } from './context';
import { recordedAction } from './recorded-action';
import { resolveClipId } from './resolve-clip';

type Settings = ApiParsedInput<'fusion.train'> | ApiParsedInput<'fusion.ablate'>;

function trainRequest(input: Settings): Omit<TrainRequest, 'modalities'> {
  const options: Partial<TrainOptions> = {};
  // The authors' code: PerceiverModel called without an attention mask, its scheduler stepped per batch.
  if (input.protocol === 'authors-code') Object.assign(options, { attentionMask: false, lrHalvingUnit: 'batch' });
  for (const key of ['epochs', 'batchSize', 'learningRate', 'lrHalvingEvery', 'lrHalvingUnit', 'weightDecay', 'seed'] as const) {
    if (input[key] !== undefined) Object.assign(options, { [key]: input[key] });
  }
  return { preset: input.preset, protocol: input.protocol, options, ...(input.backend ? { backend: input.backend } : {}) };
}

export async function trainHandler(input: ApiParsedInput<'fusion.train'>, ctx: ApiContext, controls: CallControls): Promise<ApiOutput<'fusion.train'>> {
  // A resumed run keeps its recorded settings; only an --epochs the user gives changes how far it trains.
  const resume = input.resume === undefined ? {} : { resumeRunId: input.resume, ...(input.epochs !== undefined ? { resumeEpochs: input.epochs } : {}) };
  const request: TrainRequest = { ...trainRequest(input), modalities: input.modalities, ...resume };
  // The total is the run's own epochs (its recorded config on --resume), as the training job records it.
  return trainRun(ctx, request, {
    ...(controls.signal ? { signal: controls.signal } : {}),
    onEpoch: (m, job) =>
      controls.onProgress?.({ call: 'fusion.train', jobId: job.id, done: m.epoch, total: job.epochs, current: `epoch ${m.epoch}: loss ${m.trainLoss.toFixed(5)}, Val mean Pearson ${m.valMeanPearson?.toFixed(4) ?? 'undefined'}` }),
  });
}

export function predictHandler(input: ApiParsedInput<'fusion.predict'>, ctx: ApiContext, controls: CallControls): Promise<ApiOutput<'fusion.predict'>> {
  const flagged = (runId: number): string[] => new PredictionsStore(ctx.db).noFramePresentFileIds(runId);
  return recordedAction(ctx, 'predict', input, 1, controls, async () => {
    if (input.prior) {
      const prior = predictPrior(ctx.db, ctx.now);
      return { ...prior, kind: 'prior' as const, noFramePresent: flagged(prior.runId) };
    }
    const run = new RunsStore(ctx.db).resolve(input.run);
    const clips = await predictWithRun(ctx.db, run, { now: ctx.now });
    // Writing a prediction again clears its uncertainty: measured again from the run's last epochs.
    await predictUncertainty(ctx.db, run);
    return { runId: run.id, kind: run.kind, clips, reused: false, noFramePresent: flagged(run.id) };
  });
}

export function evaluateHandler(input: ApiParsedInput<'fusion.evaluate'>, ctx: ApiContext, controls: CallControls): Promise<ApiOutput<'fusion.evaluate'>> {
  return recordedAction(ctx, 'evaluate', input, 1, controls, () => evaluateRun(ctx.db, input));
}

export function ablateHandler(input: ApiParsedInput<'fusion.ablate'>, ctx: ApiContext, controls: CallControls): Promise<ApiOutput<'fusion.ablate'>> {
  // One job for the table (cancel it to stop the row in training), one training job per row inside it.
  return recordedAction(ctx, 'ablate', input, PAPER_TABLE.length, controls, async ({ job, signal }) => {
    const rows = await runAblation(ctx, { ...trainRequest(input), partOfJob: job.id }, {
      resamples: input.resamples,
      signal,
      onRun: (row, index) => {
        job.progress(index, PAPER_TABLE.length);
        controls.onProgress?.({ call: 'fusion.ablate', jobId: job.id, done: index, total: PAPER_TABLE.length, current: row.label });
      },
    });
    return { rows };
  });
}

export function exportPredictionsHandler(input: ApiParsedInput<'fusion.exportPredictions'>, ctx: ApiContext): ApiOutput<'fusion.exportPredictions'> {
  return input.withAttribution ? predictionsWithAttributionCsv(ctx.db, input) : predictionsCsv(ctx.db, input);
}

export function runsHandler(_input: ApiParsedInput<'fusion.runs'>, ctx: ApiContext): ApiOutput<'fusion.runs'> {
  const meanOf = (scores: unknown): number | null => (scores as { meanPearson?: number | null } | null)?.meanPearson ?? null;
  return {
    runs: new RunsStore(ctx.db).list().map((run) => ({
      id: run.id,
      name: run.name,
      nameIsDefault: run.customName === null,
      kind: run.kind,
      state: run.state,
      jobId: run.jobId,
      modalities: run.modalities,
      createdAt: run.createdAt,
      chosenEpoch: run.chosenEpoch,
      valMeanPearson: meanOf(run.metrics?.val),
      testMeanPearson: meanOf(run.metrics?.test),
      onnxSha256: run.onnxSha256,
      resume: run.resume,
    })),
  };
}

/** The run the review screen shows: the one asked for, else the latest trained run, else the latest prior. */
export function clipPredictionHandler(input: ApiParsedInput<'fusion.clipPrediction'>, ctx: ApiContext): ApiOutput<'fusion.clipPrediction'> {
  const clipId = resolveClipId(ctx, input.clip);
  const runs = new RunsStore(ctx.db).runsPredicting(clipId);
  const chosen = (input.run !== undefined ? runs.find((run) => run.id === input.run) : undefined) ?? runs.filter((run) => run.kind === 'perceiver').at(-1) ?? runs.at(-1);
  if (!chosen) return { runs, runId: null, kind: null, values: null, noFramePresent: false };
  const store = new PredictionsStore(ctx.db);
  return { runs, runId: chosen.id, kind: chosen.kind, values: store.clipPrediction(chosen.id, clipId), noFramePresent: store.noFramePresent(chosen.id, clipId) };
}
