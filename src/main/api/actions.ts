/** Handlers of the page's actions block (shared/actions-api.ts): a training run's live state, retrain from corrections, exports. */
import type { ApiOutput, ApiParsedInput } from '../../shared/api';
import { trainRun } from '../fusion/train-run';
import { JobsStore } from '../store/jobs-store';
import { LabelsStore } from '../store/labels-store';
import { RunsStore, type RunRow } from '../store/runs-store';
import type { ApiContext, CallControls } from './context';
import { createExport } from './export-file';

/** What a run's recorded config says about its epochs and its parent (train-run.ts writes it). */
function recordedConfig(run: RunRow): { epochs: number | null; continuedFrom: number | null } {
  const config = run.config as { options?: { epochs?: unknown }; continuedFrom?: unknown };
  return {
    epochs: typeof config.options?.epochs === 'number' ? config.options.epochs : null,
    continuedFrom: typeof config.continuedFrom === 'number' ? config.continuedFrom : null,
  };
}

export function trainingStatusHandler(input: ApiParsedInput<'training.status'>, ctx: ApiContext): ApiOutput<'training.status'> {
  const runs = new RunsStore(ctx.db);
  const trained = runs.list().filter((run) => run.kind === 'perceiver');
  const running = trained.filter((run) => run.state === 'running').at(-1);
  const run = input.run !== undefined ? runs.get(input.run) : (running ?? trained.at(-1));
  const latestDone = trained.filter((r) => r.state === 'done').at(-1);
  const jobs = new JobsStore(ctx.db);
  return {
    run: run
      ? {
          runId: run.id,
          kind: run.kind,
          state: run.state,
          jobId: run.jobId,
          cancelRequested: run.jobId !== null && run.state === 'running' && jobs.cancelRequested(run.jobId),
          modalities: run.modalities,
          ...recordedConfig(run),
          history: runs.epochs(run.id),
          resume: run.resume,
          createdAt: run.createdAt,
        }
      : null,
    runningRunId: running?.id ?? null,
    corrections: latestDone ? { runId: latestDone.id, clips: new LabelsStore(ctx.db).clipsCorrectedSince('gold', latestDone.createdAt) } : null,
  };
}

/** A new run from the chosen weights of `run` (default: the latest finished trained run), trained on the gold labels as they are now. */
export async function retrainHandler(input: ApiParsedInput<'training.retrain'>, ctx: ApiContext, controls: CallControls): Promise<ApiOutput<'training.retrain'>> {
  const runs = new RunsStore(ctx.db);
  const parent = input.run ?? runs.list().filter((run) => run.kind === 'perceiver' && run.state === 'done').at(-1)?.id ?? runs.resolve(undefined).id;
  const result = await trainRun(
    ctx,
    { modalities: [], preset: 'compact', continueFrom: parent, ...(input.epochs !== undefined ? { options: { epochs: input.epochs } } : {}) },
    {
      ...(controls.signal ? { signal: controls.signal } : {}),
      onEpoch: (m, job) =>
        controls.onProgress?.({ call: 'training.retrain', jobId: job.id, done: m.epoch, total: job.epochs, current: `epoch ${m.epoch}: loss ${m.trainLoss.toFixed(5)}, Val mean Pearson ${m.valMeanPearson?.toFixed(4) ?? 'undefined'}` }),
    },
  );
  return { runId: result.runId, jobId: result.jobId, continuedFrom: parent, cancelled: result.cancelled, chosenEpoch: result.chosenEpoch };
}

export function exportsCreateHandler(input: ApiParsedInput<'exports.create'>, ctx: ApiContext, controls: CallControls): Promise<ApiOutput<'exports.create'>> {
  return createExport(input, ctx, controls);
}
