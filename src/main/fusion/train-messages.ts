/** What train-run.ts (main thread) sends jobs/train-worker.ts, and the progress the worker reports back. */
import type { PerceiverSize, TrainOptions } from './config';
import type { DatasetLimits } from './dataset';
import type { FeatureLayout } from './feature-reader';
import type { TfBackendName } from './tf-backend';
import type { EpochMetrics } from './train-loop';
import type { Modality } from '../../shared/common-schemas';

export interface StartTraining {
  dbPath: string;
  modalities: Modality[];
  size: PerceiverSize;
  options: TrainOptions;
  checkpointDir: string;
  resume: boolean;
  /** A fresh run's starting weights: another run's best.ckpt (retrain from corrections). */
  initFrom?: string;
  backend?: TfBackendName;
  limits: DatasetLimits;
}

export type TrainProgress =
  | { type: 'prepared'; layout: FeatureLayout; splitSizes: { train: number; val: number; test: number }; backend: TfBackendName }
  | { type: 'epoch'; metrics: EpochMetrics };
