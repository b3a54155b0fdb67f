/** Predict and Evaluate for the run the screen shows: `viper predict --run R` and `viper evaluate --run R --split S` from the page. */
import { useState } from 'react';
import type { ApiOutput } from '../../../../shared/api';
import type { Split } from '../../../../shared/emotions';
import type { ViperError } from '../../../../shared/errors';
import { ErrorNotice } from '../../ErrorNotice';
import { invoke, toViperError } from '../../api';
import { runLabel, type RunInfo } from '../run-label';
import { EvaluationTable } from './EvaluationTable';

interface Props {
  run: RunInfo;
  split: Split;
  onPredicted: () => void;
}

export function RunActions({ run, split, onPredicted }: Props) {
  const [busy, setBusy] = useState<'predict' | 'evaluate' | null>(null);
  const [error, setError] = useState<ViperError | null>(null);
  const [predicted, setPredicted] = useState<string | null>(null);
  const [evaluation, setEvaluation] = useState<ApiOutput<'fusion.evaluate'> | null>(null);

  async function predict(): Promise<void> {
    setBusy('predict');
    setError(null);
    try {
      // The prior is made again from the FAU mapping; a trained run predicts with its ONNX model.
      const result = await invoke('fusion.predict', run.kind === 'prior' ? { prior: true } : { run: run.id });
      setPredicted(`Run ${result.runId} predicted ${result.clips} clips.`);
      onPredicted();
    } catch (reason) {
      setError(toViperError(reason));
    } finally {
      setBusy(null);
    }
  }

  async function evaluate(): Promise<void> {
    setBusy('evaluate');
    setError(null);
    try {
      setEvaluation(await invoke('fusion.evaluate', { run: run.id, split }));
    } catch (reason) {
      setError(toViperError(reason));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="action-panel" aria-label="predict and evaluate">
      <h4>{runLabel(run)}</h4>
      <p>
        <button type="button" disabled={busy !== null} onClick={() => void predict()}>
          {busy === 'predict' ? 'Predicting…' : 'Predict every analysed clip'}
        </button>{' '}
        <button type="button" disabled={busy !== null} onClick={() => void evaluate()}>
          {busy === 'evaluate' ? 'Evaluating…' : `Evaluate on ${split}`}
        </button>
      </p>
      {error ? <ErrorNotice error={error} /> : null}
      {predicted ? <p role="status">{predicted}</p> : null}
      {evaluation ? <EvaluationTable evaluation={evaluation} /> : null}
    </section>
  );
}
