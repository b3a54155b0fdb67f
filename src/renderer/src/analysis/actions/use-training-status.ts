/**
 * training.status, asked again every second while a run trains (its curve grows epoch by epoch, whoever
 * started it: this page, another tab, a terminal) and every few seconds otherwise, so a training started
 * elsewhere appears on its own.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ApiOutput } from '../../../../shared/api';
import type { ViperError } from '../../../../shared/errors';
import { invoke, toViperError } from '../../api';

export type TrainingStatus = ApiOutput<'training.status'>;

const WHILE_TRAINING_MS = 1000;
const OTHERWISE_MS = 5000;

export function useTrainingStatus(run: number | undefined, training: boolean): { status: TrainingStatus | null; error: ViperError | null; refresh: () => void } {
  const [status, setStatus] = useState<TrainingStatus | null>(null);
  const [error, setError] = useState<ViperError | null>(null);
  const [generation, setGeneration] = useState(0);
  const refresh = useCallback(() => setGeneration((n) => n + 1), []);
  const running = training || status?.runningRunId != null;
  useEffect(() => {
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = (): void => {
      invoke('training.status', { run }).then(
        (value) => {
          if (!current) return;
          setStatus(value);
          setError(null);
          timer = setTimeout(ask, running || value.runningRunId !== null ? WHILE_TRAINING_MS : OTHERWISE_MS);
        },
        (reason: unknown) => {
          if (!current) return;
          setError(toViperError(reason));
          timer = setTimeout(ask, OTHERWISE_MS);
        },
      );
    };
    ask();
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [run, running, generation]);
  return { status, error, refresh };
}
