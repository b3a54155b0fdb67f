/**
 * Train: the options of `viper train`, the run training now (this page's or anyone's) with its loss and Val
 * mean Pearson per epoch as they come, Cancel, Resume for a stopped run, and "Retrain from corrections" —
 * the cooperative loop: correct labels in review, then continue the latest run on them.
 */
import { useState } from 'react';
import type { ViperError } from '../../../../shared/errors';
import { ErrorNotice } from '../../ErrorNotice';
import { invoke, toViperError } from '../../api';
import { TrainingCurves } from './TrainingCurves';
import { TrainSettingsForm } from './TrainSettingsForm';
import { trainInput, type TrainSettings } from './train-settings';
import { useTrainingStatus } from './use-training-status';

interface Props {
  settings: TrainSettings;
  onSettings: (settings: TrainSettings) => void;
  /** A run finished, was made or changed state: the screen's run list is stale. */
  onRunsChanged: () => void;
}

type Busy = 'train' | 'resume' | 'retrain' | null;

export function TrainPanel({ settings, onSettings, onRunsChanged }: Props) {
  const [busy, setBusy] = useState<Busy>(null);
  const [error, setError] = useState<ViperError | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [retrainEpochs, setRetrainEpochs] = useState('');
  const { status, error: statusError, refresh } = useTrainingStatus(undefined, busy !== null);
  const run = status?.run ?? null;

  async function act(kind: Exclude<Busy, null>, work: () => Promise<string>): Promise<void> {
    setBusy(kind);
    setError(null);
    setMessage(null);
    refresh();
    try {
      setMessage(await work());
    } catch (reason) {
      setError(toViperError(reason));
    } finally {
      setBusy(null);
      refresh();
      onRunsChanged();
    }
  }

  const train = (): Promise<void> =>
    act('train', async () => {
      const result = await invoke('fusion.train', trainInput(settings));
      return result.cancelled ? `Run ${result.runId} cancelled after epoch ${result.history.length}; Resume continues it.` : `Run ${result.runId} done: chose epoch ${result.chosenEpoch} of ${result.history.length}.`;
    });
  const resume = (runId: number): Promise<void> =>
    act('resume', async () => {
      const result = await invoke('fusion.train', { resume: runId });
      return result.cancelled ? `Run ${runId} cancelled again after epoch ${result.history.length}.` : `Run ${runId} done: chose epoch ${result.chosenEpoch}.`;
    });
  const retrain = (parent: number): Promise<void> =>
    act('retrain', async () => {
      const epochs = retrainEpochs.trim() === '' ? undefined : Number(retrainEpochs);
      const result = await invoke('training.retrain', { run: parent, epochs });
      return result.cancelled ? `Run ${result.runId} (from run ${parent}) cancelled.` : `Run ${result.runId} continued run ${parent} on the corrected labels: chose epoch ${result.chosenEpoch}.`;
    });
  async function cancel(jobId: number): Promise<void> {
    try {
      await invoke('jobs.cancel', { job: jobId });
    } catch (reason) {
      setError(toViperError(reason));
    }
    refresh();
  }

  const running = run?.state === 'running';
  return (
    <section className="action-panel train-panel" aria-label="train">
      <h4>Train</h4>
      <TrainSettingsForm settings={settings} onChange={onSettings} />
      <p>
        <button type="button" onClick={() => void train()} disabled={busy === 'train'}>
          {busy === 'train' ? 'Training…' : 'Train'}
        </button>{' '}
        <span className="muted">One training at a time: a second is refused while one runs. Leaving the page cancels a training it started (Resume continues it).</span>
      </p>
      {statusError ? <ErrorNotice error={statusError} onRetry={refresh} /> : null}
      {error ? <ErrorNotice error={error} /> : null}
      {message ? <p role="status">{message}</p> : null}
      {run ? (
        <div className="training-run" aria-label={`training run ${run.runId}`}>
          <p>
            <strong>Run {run.runId}</strong> ({run.modalities.join('+')}
            {run.continuedFrom !== null ? `, continued from run ${run.continuedFrom}` : ''}): <span className={`job-state ${run.state}`}>{run.cancelRequested ? 'cancelling…' : run.state}</span>, epoch {run.history.length}
            {run.epochs !== null ? ` of ${run.epochs}` : ''}{' '}
            {running && run.jobId !== null ? (
              <button type="button" disabled={run.cancelRequested} onClick={() => void cancel(run.jobId ?? 0)}>
                Cancel training
              </button>
            ) : null}
            {run.resume && busy === null ? (
              <button type="button" onClick={() => void resume(run.runId)}>
                Resume run {run.runId}
              </button>
            ) : null}
          </p>
          {run.history.length > 0 ? <TrainingCurves history={run.history} /> : <p className="muted">Preparing the data; the first epoch's numbers come when it ends.</p>}
        </div>
      ) : null}
      {status?.corrections ? (
        <p className="retrain">
          <button type="button" disabled={busy !== null} onClick={() => void retrain(status.corrections?.runId ?? 0)}>
            Retrain from corrections
          </button>{' '}
          <label>
            epochs{' '}
            <input aria-label="retrain epochs" inputMode="numeric" size={4} placeholder="as run" value={retrainEpochs} onChange={(event) => setRetrainEpochs(event.target.value)} />
          </label>{' '}
          <span className="muted">
            continues run {status.corrections.runId} from its chosen weights on the gold labels as they are now ({status.corrections.clips} clip{status.corrections.clips === 1 ? '' : 's'} corrected since it
            was trained); the run itself is kept.
          </span>
        </p>
      ) : null}
    </section>
  );
}
