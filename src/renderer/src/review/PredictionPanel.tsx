/** The run whose prediction the label editor shows, with the accept actions (keys a / Shift+A). */
import type { Loaded } from '../app/use-api';
import { runLabel, type ClipPrediction } from './use-clip-prediction';

export function PredictionPanel({ prediction, onChooseRun, onAcceptSelected, onAcceptAll }: { prediction: Loaded<ClipPrediction>; onChooseRun: (runId: number) => void; onAcceptSelected: () => void; onAcceptAll: () => void }) {
  if (prediction.phase === 'loading') return <p className="muted">Loading the model's prediction…</p>;
  if (prediction.phase === 'failed') return <p className="muted">The model's prediction could not be read: {prediction.error.message}</p>;
  const { runs, runId, kind, noFramePresent } = prediction.value;
  if (runId === null) return <p className="muted" aria-label="model prediction">No prediction for this clip yet: analyse it, then predict (the Library's actions, or npx viper predict).</p>;
  return (
    <div className="prediction-panel" aria-label="model prediction">
      <label>
        Model{' '}
        <select aria-label="prediction run" value={runId} onChange={(event) => onChooseRun(Number(event.target.value))}>
          {runs.map((run) => (
            <option key={run.id} value={run.id}>
              {runLabel(run)} · {new Date(run.createdAt).toLocaleDateString()}
            </option>
          ))}
        </select>
      </label>
      {kind === 'prior' ? <span className="prior-badge" title="The untrained FAU prior: a rule, not a model trained on labels">PRIOR</span> : null}
      {noFramePresent ? (
        <span className="prior-badge" role="note" title="No sampled frame held a face or sound: the model attended all frames as stored, without the mask">
          no frame present
        </span>
      ) : null}
      <button type="button" onClick={onAcceptSelected}>
        Accept selected <kbd>a</kbd>
      </button>
      <button type="button" onClick={onAcceptAll}>
        Accept all <kbd>Shift+A</kbd>
      </button>
    </div>
  );
}
