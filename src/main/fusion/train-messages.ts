/** The typed messages between train-run.ts (main thread) and train-worker.ts. Errors cross as plain {code, message}. */
import type { ErrorInfo } from '../../shared/errors';
import type { PerceiverSize, TrainOptions } from './config';
import type { DatasetLimits } from './dataset';
import type { FeatureLayout } from './feature-reader';
import type { TfBackendName } from './tf-backend';
import type { EpochMetrics, TrainLoopResult } from './train-loop';
import type { Modality } from './config';

export interface StartTraining {
  type: 'start';
  dbPath: string;
  modalities: Modality[];
  size: PerceiverSize;
  options: TrainOptions;
  checkpointDir: string;
  resume: boolean;
  backend?: TfBackendName;
  limits: DatasetLimits;
}

export type ToWorker = StartTraining | { type: 'cancel' };

export type FromWorker =
  | { type: 'prepared'; layout: FeatureLayout; splitSizes: { train: number; val: number; test: number }; backend: TfBackendName }
  | { type: 'epoch'; metrics: EpochMetrics }
  | { type: 'done'; result: TrainLoopResult }
  | { type: 'error'; error: ErrorInfo };
