/**
 * Analysis: one or two fusion runs side by side on a split (Pearson bars, and per chosen emotion the
 * scatter and confusion matrix) with the two compared on the same clips, the clips behind any clicked
 * point or cell, annotator agreement, and every run's name and deletion.
 */
import { useState } from 'react';
import { EMOTIONS, SPLITS, type Split } from '../../../shared/emotions';
import { ErrorNotice } from '../ErrorNotice';
import { useApi } from '../app/use-api';
import { ActionsPanel } from './actions/ActionsPanel';
import { AgreementTable } from './AgreementTable';
import type { ClipSelection } from './clip-selection';
import { ClipList } from './ClipList';
import { RunPicker } from './RunPicker';
import { RunComparison } from './RunComparison';
import { RunPanel } from './RunPanel';
import { RunsManager } from './RunsManager';
import { defaultRun } from './run-label';
import { ScreenTitle } from '../app/ScreenTitle';

export function AnalysisScreen() {
  const [runs, reload] = useApi('fusion.runs', {});
  const [split, setSplit] = useState<Split>('Val');
  const [emotionIndex, setEmotionIndex] = useState(0);
  const [leftId, setLeftId] = useState<number | undefined>();
  const [rightId, setRightId] = useState<number | undefined>();
  const [selection, setSelection] = useState<ClipSelection | undefined>();
  const done = runs.phase === 'ready' ? runs.value.runs.filter((run) => run.state === 'done') : [];
  const left = done.find((run) => run.id === leftId) ?? defaultRun(done);
  const right = done.find((run) => run.id === rightId);

  return (
    <section className="analysis">
      <ScreenTitle title="Analysis" onReload={reload} />
      {runs.phase === 'failed' ? <ErrorNotice error={runs.error} onRetry={reload} /> : null}
      {runs.phase === 'ready' && done.length === 0 ? (
        <p className="muted">No finished run yet: train one below (or with npx viper train), or make the prior with npx viper predict --prior.</p>
      ) : null}
      {left ? (
        <>
          <div className="filters">
            <label>
              Split{' '}
              <select aria-label="split" value={split} onChange={(event) => setSplit(event.target.value as Split)}>
                {SPLITS.map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </select>
            </label>
            <RunPicker label="run" runs={done} value={left.id} onChange={setLeftId} />
            <RunPicker label="compare with" runs={done} value={right?.id} onChange={setRightId} optional />
          </div>
          <div className="emotion-tabs" role="tablist" aria-label="emotion">
            {EMOTIONS.map((emotion, i) => (
              <button key={emotion} type="button" role="tab" aria-selected={i === emotionIndex} onClick={() => setEmotionIndex(i)}>
                {emotion}
              </button>
            ))}
          </div>
          <div className="analysis-runs">
            <RunPanel key={`${left.id}-${split}`} run={left} split={split} emotionIndex={emotionIndex} onSelect={setSelection} />
            {right ? <RunPanel key={`${right.id}-${split}`} run={right} split={split} emotionIndex={emotionIndex} onSelect={setSelection} /> : null}
          </div>
          {right && right.id !== left.id ? <RunComparison key={`${left.id}-${right.id}-${split}`} a={left} b={right} split={split} /> : null}
          {selection ? <ClipList selection={selection} onClose={() => setSelection(undefined)} /> : null}
        </>
      ) : null}
      {runs.phase === 'ready' ? <ActionsPanel run={left} split={split} onRunsChanged={reload} /> : null}
      {runs.phase === 'ready' && runs.value.runs.length > 0 ? <RunsManager runs={runs.value.runs} onChanged={reload} /> : null}
      <AgreementTable split={split} />
    </section>
  );
}
