/** Ablate: `viper ablate` from the page with the Train panel's settings, its progress row by row, Cancel, and the table beside the paper's. */
import { useState } from 'react';
import type { ApiOutput } from '../../../../shared/api';
import type { ViperError } from '../../../../shared/errors';
import { ErrorNotice } from '../../ErrorNotice';
import { invoke, toViperError } from '../../api';
import { ProgressBar } from '../../app/ProgressBar';
import { useProgress } from '../../app/use-progress';
import { AblationTable } from './AblationTable';
import { settingsInput, type TrainSettings } from './train-settings';

export function AblationPanel({ settings, onRunsChanged }: { settings: TrainSettings; onRunsChanged: () => void }) {
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<ViperError | null>(null);
  const [result, setResult] = useState<ApiOutput<'fusion.ablate'> | null>(null);
  const [progress, clearProgress] = useProgress();
  const event = progress['fusion.ablate'];

  async function ablate(): Promise<void> {
    setRunning(true);
    setError(null);
    try {
      setResult(await invoke('fusion.ablate', settingsInput(settings)));
    } catch (reason) {
      setError(toViperError(reason));
    } finally {
      setRunning(false);
      clearProgress('fusion.ablate');
      onRunsChanged();
    }
  }

  async function cancel(jobId: number): Promise<void> {
    try {
      await invoke('jobs.cancel', { job: jobId });
    } catch (reason) {
      setError(toViperError(reason));
    }
  }

  return (
    <section className="action-panel" aria-label="ablation">
      <h4>Ablation (the paper's Table 3)</h4>
      <p>
        <button type="button" disabled={running} onClick={() => void ablate()}>
          {running ? 'Ablating…' : 'Run the ablation'}
        </button>{' '}
        <span className="muted">Trains image, image+text, image+audio, image+FAU, all four and FAU only, one after another, with the settings above.</span>
      </p>
      {running ? (
        <div className="ablation-progress">
          <ProgressBar label="Ablation" event={event} />
          {event ? (
            <button type="button" onClick={() => void cancel(event.jobId)}>
              Cancel ablation
            </button>
          ) : null}
        </div>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
      {result ? <AblationTable rows={result.rows} /> : null}
    </section>
  );
}
