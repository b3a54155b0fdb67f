/**
 * The model's guess shown beside the label controls: one clip's prediction by the chosen run. The choice
 * is remembered for the next clips and sessions (localStorage); without one, the server picks the latest
 * trained run, else the prior.
 */
import { useCallback, useState } from 'react';
import type { ApiOutput } from '../../../shared/api';
import { useApi, type Loaded } from '../app/use-api';

const RUN_KEY = 'viper.review.run';

function rememberedRun(): number | undefined {
  const stored = Number(window.localStorage.getItem(RUN_KEY));
  return Number.isInteger(stored) && stored > 0 ? stored : undefined;
}

export type ClipPrediction = ApiOutput<'fusion.clipPrediction'>;

export interface PredictionChoice {
  prediction: Loaded<ClipPrediction>;
  chooseRun: (runId: number) => void;
}

export function useClipPrediction(clipId: number): PredictionChoice {
  const [run, setRun] = useState<number | undefined>(rememberedRun);
  const [prediction] = useApi('fusion.clipPrediction', { clip: clipId, ...(run === undefined ? {} : { run }) });
  const chooseRun = useCallback((runId: number) => {
    window.localStorage.setItem(RUN_KEY, String(runId));
    setRun(runId);
  }, []);
  return { prediction, chooseRun };
}

/** How a run is named in review: PRIOR for the untrained prior (never to be mistaken for a trained model). */
export const runLabel = (run: { id: number; kind: string }): string => (run.kind === 'prior' ? `PRIOR (run ${run.id})` : `run ${run.id}`);
