/**
 * The handler table: one function per call of the contract. Every transport (CLI, `viper serve`,
 * Electron IPC) goes through callApi, so input is always parsed with the contract's schema first.
 */
import type { ApiCall, ApiOutput, ApiParsedInput } from '../../shared/api';
import { parseApiInput } from '../../shared/validate';
import { exportsCreateHandler, retrainHandler, trainingStatusHandler } from './actions';
import { agreementHandler, summaryHandler } from './evaluation';
import { clipAttributionHandler, runAttributionHandler } from './attribution';
import { analyzeHandler, getHandler, importHandler, listHandler, makeProxyHandler } from './clips';
import { thumbnailsHandler, waveformHandler } from './review-media';
import type { ApiContext, CallControls } from './context';
import { exportFeaturesHandler } from './features';
import { ablateHandler, evaluateHandler, exportPredictionsHandler, predictHandler, clipPredictionHandler, runsHandler, trainHandler } from './fusion';
import { exportHandler, getLabelsHandler, saveLabelsHandler, restoreLabelsHandler, adoptLabelsHandler } from './labels';
import { lintHandler } from './lint';
import { modelsBuildHandler, modelsListHandler, modelsVerifyHandler } from './models';
import { compareRunsHandler, deleteRunHandler, renameRunHandler } from './runs';
import { cancelJobHandler, statusHandler } from './store';
import { storeErrorOf } from '../store/store-errors';

export type Handler<K extends ApiCall> = (
  input: ApiParsedInput<K>,
  ctx: ApiContext,
  controls: CallControls,
) => ApiOutput<K> | Promise<ApiOutput<K>>;

export type HandlerTable = { [K in ApiCall]: Handler<K> };

export const handlers = {
  'clips.import': importHandler,
  'clips.list': listHandler,
  'clips.waveform': waveformHandler,
  'clips.thumbnails': thumbnailsHandler,
  'clips.get': getHandler,
  'clips.analyze': analyzeHandler,
  'clips.makeProxy': makeProxyHandler,
  'store.status': statusHandler,
  'jobs.cancel': cancelJobHandler,
  'labels.export': exportHandler,
  'labels.get': getLabelsHandler,
  'labels.save': saveLabelsHandler,
  'labels.restore': restoreLabelsHandler,
  'labels.adopt': adoptLabelsHandler,
  'models.list': modelsListHandler,
  'models.build': modelsBuildHandler,
  'models.verify': modelsVerifyHandler,
  'features.export': exportFeaturesHandler,
  'fusion.train': trainHandler,
  'fusion.predict': predictHandler,
  'fusion.evaluate': evaluateHandler,
  'fusion.ablate': ablateHandler,
  'fusion.exportPredictions': exportPredictionsHandler,
  'fusion.clipPrediction': clipPredictionHandler,
  'fusion.runs': runsHandler,
  'evaluation.summary': summaryHandler,
  'annotators.agreement': agreementHandler,
  'fusion.clipAttribution': clipAttributionHandler,
  'fusion.runAttribution': runAttributionHandler,
  'labels.lint': lintHandler,
  'training.status': trainingStatusHandler,
  'training.retrain': retrainHandler,
  'exports.create': exportsCreateHandler,
  'runs.rename': renameRunHandler,
  'runs.delete': deleteRunHandler,
  'runs.compare': compareRunsHandler,
} satisfies HandlerTable;

/** A database that cannot be written, a full disk, a lock held too long: the environment's, named here for every transport. */
export async function callApi<K extends ApiCall>(ctx: ApiContext, call: K, rawInput: unknown, controls: CallControls = {}): Promise<ApiOutput<K>> {
  const input = parseApiInput(call, rawInput);
  const handler = handlers[call] as unknown as Handler<K>;
  try {
    return await handler(input, ctx, controls);
  } catch (error) {
    throw storeErrorOf(error, ctx.dbPath) ?? error;
  }
}
