/**
 * The one API contract: every call's name, input schema and output type. The CLI, `viper serve`
 * and Electron's IPC all parse input with these schemas and call the same handler table
 * (src/main/api). Types are inferred from the schemas, never restated. Each domain declares its calls
 * in its own module (clips-api.ts, labels-api.ts, …) over the shared pieces of common-schemas.ts; this
 * module assembles them.
 */
import type { z } from 'zod';
import { attributionContract } from './attribution-api';
import { actionsContract } from './actions-api';
import { clipsContract } from './clips-api';
import { evaluationContract } from './evaluation-api';
import { featuresContract } from './features-api';
import { fusionContract } from './fusion-api';
import { labelsContract } from './labels-api';
import { lintContract } from './lint-api';
import { modelsContract } from './models-api';
import { runsContract } from './runs-api';
import { storeContract } from './store-api';

// The names most of the app imports from here; each is defined in its domain's module.
export { MODALITIES, type Modality } from './common-schemas';
export type { AnalysisReport, ClipAnalysisView, ClipSummary, FrameSample, ImportReport, SamplingOptions } from './clips-api';
export type { ClipLabels } from './labels-api';
export type { StoreStatus } from './store-api';

export const apiContract = {
  ...clipsContract,
  ...storeContract,
  ...labelsContract,
  ...modelsContract,
  ...featuresContract,
  ...fusionContract,
  ...evaluationContract,
  ...attributionContract,
  ...lintContract,
  ...actionsContract,
  ...runsContract,
} as const;

export type ApiContract = typeof apiContract;
export type ApiCall = keyof ApiContract;
/** What a caller may send (defaults optional). */
export type ApiInput<K extends ApiCall> = z.input<ApiContract[K]['input']>;
/** What a handler receives after parsing (defaults filled in). */
export type ApiParsedInput<K extends ApiCall> = z.output<ApiContract[K]['input']>;
export type ApiOutput<K extends ApiCall> = z.infer<ApiContract[K]['output']>;

/** Progress of a long call, pushed to the caller while it runs. */
export interface ProgressEvent {
  call: ApiCall;
  jobId: number;
  done: number;
  total: number;
  /** What is being worked on now (a file name, a clip id). */
  current?: string;
}

export function isApiCall(name: string): name is ApiCall {
  return Object.hasOwn(apiContract, name);
}
