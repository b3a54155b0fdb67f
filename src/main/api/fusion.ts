/** Handlers of the fusion calls: training runs, predictions, evaluation, the ablation table, the runs list. */
import type { ApiOutput, ApiParsedInput } from '../../shared/api';
import { PAPER_TABLE, runAblation } from '../fusion/ablate';
import type { TrainOptions } from '../fusion/config';
import { evaluateRun, predictionsCsv } from '../fusion/evaluate';
import { predictPrior } from '../fusion/prior';
import { predictWithRun } from '../fusion/predict';
import { predictUncertainty } from '../fusion/uncertainty';
import { PredictionsStore } from '../store/predictions-store';
import { RunsStore } from '../store/runs-store';
import { trainRun, type TrainRequest } from '../fusion/train-run';
import type { ApiContext, CallControls } from './context';
import { resolveClipId } from './resolve-clip';

type Settings = ApiParsedInput<'fusion.train'> | ApiParsedInput<'fusion.ablate'>;

function trainRequest(input: Settings): Omit<TrainRequest, 'modalities'> {
  const options: Partial<TrainOptions> = {};
  for (const key of ['epochs', 'batchSize', 'learningRate', 'lrHalvingEvery', 'lrHalvingUnit', 'weightDecay', 'seed'] as const) {
    if (input[key] !== undefined) Object.assign(options, { [key]: input[key] });
  }
  return { preset: input.preset, options, ...(input.backend ? { backend: input.backend } : {}) };
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

export async function predictHandler(input: ApiParsedInput<'fusion.predict'>, ctx: ApiContext): Promise<ApiOutput<'fusion.predict'>> {
  if (input.prior) return { ...predictPrior(ctx.db, ctx.now), kind: 'prior' };
  const run = new RunsStore(ctx.db).resolve(input.run);
  const clips = await predictWithRun(ctx.db, run, { now: ctx.now });
  // Writing a prediction again clears its uncertainty: measured again from the run's last epochs.
  await predictUncertainty(ctx.db, run);
  return { runId: run.id, kind: run.kind, clips, reused: false };
}

export function evaluateHandler(input: ApiParsedInput<'fusion.evaluate'>, ctx: ApiContext): ApiOutput<'fusion.evaluate'> {
  return evaluateRun(ctx.db, input);
}

export async function ablateHandler(input: ApiParsedInput<'fusion.ablate'>, ctx: ApiContext, controls: CallControls): Promise<ApiOutput<'fusion.ablate'>> {
  const rows = await runAblation(ctx, trainRequest(input), {
    resamples: input.resamples,
    ...(controls.signal ? { signal: controls.signal } : {}),
    onRun: (row, index) => controls.onProgress?.({ call: 'fusion.ablate', jobId: 0, done: index, total: PAPER_TABLE.length, current: row.label }),
  });
  return { rows };
}

export function exportPredictionsHandler(input: ApiParsedInput<'fusion.exportPredictions'>, ctx: ApiContext): ApiOutput<'fusion.exportPredictions'> {
  return predictionsCsv(ctx.db, input);
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
  if (!chosen) return { runs, runId: null, kind: null, values: null };
  return { runs, runId: chosen.id, kind: chosen.kind, values: new PredictionsStore(ctx.db).clipPrediction(chosen.id, clipId) };
}
