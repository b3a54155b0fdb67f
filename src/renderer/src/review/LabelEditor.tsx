/**
 * Seven 0–1 sliders with numeric fields; the selected emotion (keys 1–7) is the one arrow keys nudge.
 * Beside each: the chosen run's prediction and the difference gold − model.
 */
import { EMOTIONS, type EmotionVector } from '../../../shared/emotions';
import { ErrorNotice } from '../ErrorNotice';
import type { LabelEditor as Editor } from './use-label-editor';

const SAVE_TEXT = { loading: 'Loading…', saved: 'Saved', pending: 'Unsaved changes…', saving: 'Saving…', conflict: 'Not saved: conflict', failed: 'Not saved' } as const;

/** gold − model at the editor's precision: a difference that rounds to 0 reads ±0.00, never −0.00. */
function signed(value: number): string {
  const hundredths = Math.round(value * 100);
  return `${hundredths > 0 ? '+' : hundredths < 0 ? '−' : '±'}${(Math.abs(hundredths) / 100).toFixed(2)}`;
}

export function LabelEditor({ editor, predicted, title }: { editor: Editor; predicted: EmotionVector | null; title: string }) {
  const { draft, save, stored, dispatch } = editor;
  return (
    <section className="label-editor" aria-label="labels">
      <h3>
        {title} <span className="muted">version {stored?.version ?? '—'}</span>{' '}
        <span className={`save-state save-${save.kind}`} role="status" aria-label="save state">
          {SAVE_TEXT[save.kind]}
        </span>
      </h3>
      {stored && stored.values === null ? <p className="muted">Not labelled yet: each emotion you set is saved; the others stay unset.</p> : null}
      {EMOTIONS.map((emotion, i) => {
        const value = draft.values[emotion];
        const id = `label-${emotion}`;
        return (
          <div key={emotion} className={`label-row${value === null ? ' unset' : ''}`} aria-selected={draft.selected === emotion} data-emotion={emotion}>
            <label htmlFor={id}>
              <kbd>{i + 1}</kbd> {emotion}
            </label>
            <input
              id={id}
              type="range"
              min={0}
              max={1}
              step={0.01}
              // Unset shows the thumb at 0, greyed (.unset): a range input cannot show "no value".
              value={value ?? 0}
              aria-valuetext={value === null ? 'not set' : value.toFixed(2)}
              onFocus={() => dispatch({ type: 'select', emotion })}
              onChange={(event) => dispatch({ type: 'set', emotion, value: Number(event.target.value), atMs: performance.now() })}
            />
            <input
              type="number"
              aria-label={`${emotion} value`}
              min={0}
              max={1}
              step={0.01}
              placeholder="–"
              title={value === null ? "not set" : undefined}
              value={value ?? ''}
              onChange={(event) => {
                if (event.target.value !== '') dispatch({ type: 'set', emotion, value: Number(event.target.value), atMs: performance.now() });
              }}
            />
            <span className="predicted num" aria-label={`${emotion} predicted`} title="the model's prediction, and gold − model">
              {predicted ? (
                <>
                  {predicted[emotion].toFixed(2)} {value === null ? null : <span className="muted">{signed(value - predicted[emotion])}</span>}
                </>
              ) : (
                '—'
              )}
            </span>
          </div>
        );
      })}
      {save.kind === 'conflict' ? (
        <div className="conflict">
          <ErrorNotice error={save.error} />
          <button type="button" onClick={() => editor.resolveConflict('theirs')}>
            Load their values
          </button>{' '}
          <button type="button" onClick={() => editor.resolveConflict('mine')}>
            Save mine over theirs
          </button>
        </div>
      ) : null}
      {save.kind === 'failed' ? <ErrorNotice error={save.error} onRetry={editor.saveNow} /> : null}
    </section>
  );
}
