import { describe, expect, it } from 'vitest';
import { COALESCE_MS, draftReducer, initialDraft, type DraftAction, type LabelDraft } from './label-draft';

const run = (actions: DraftAction[], start: LabelDraft = initialDraft(null)): LabelDraft => actions.reduce(draftReducer, start);

describe('draftReducer', () => {
  it('nudges the selected emotion within [0,1] at 2 decimals', () => {
    const draft = run([{ type: 'select', emotion: 'Fear' }, { type: 'nudge', delta: 0.05, atMs: 0 }, { type: 'nudge', delta: 0.05, atMs: 100 }]);
    expect(draft.values.Fear).toBe(0.1);
    expect(run([{ type: 'nudge', delta: -0.05, atMs: 0 }]).values.Adoration).toBe(0);
    expect(run([{ type: 'set', emotion: 'Surprise', value: 1.7, atMs: 0 }]).values.Surprise).toBe(1);
  });

  it('makes one undo step of quick changes to one emotion, and redoes what was undone', () => {
    const edited = run([
      { type: 'set', emotion: 'Fear', value: 0.1, atMs: 0 },
      { type: 'set', emotion: 'Fear', value: 0.2, atMs: 100 },
      { type: 'set', emotion: 'Fear', value: 0.3, atMs: 100 + COALESCE_MS },
      { type: 'set', emotion: 'Anxiety', value: 0.4, atMs: 200 + COALESCE_MS },
    ]);
    expect(edited.undo).toHaveLength(3);
    const undone = run([{ type: 'undo' }, { type: 'undo' }], edited);
    expect(undone.values).toMatchObject({ Fear: 0.2, Anxiety: null });
    const redone = run([{ type: 'redo' }], undone);
    expect(redone.values).toMatchObject({ Fear: 0.3, Anxiety: null });
    expect(run([{ type: 'set', emotion: 'Disgust', value: 0.5, atMs: 9e9 }], undone).redo).toEqual([]);
  });

  it('takes an accepted prediction as one undo step, and ignores one the draft already holds', () => {
    const start = run([{ type: 'set', emotion: 'Fear', value: 0.3, atMs: 0 }]);
    const accepted = draftReducer(start, { type: 'accept', values: { Fear: 0.62, Surprise: 0.456 }, atMs: 10 });
    expect(accepted.values).toMatchObject({ Fear: 0.62, Surprise: 0.46, Adoration: null });
    expect(draftReducer(accepted, { type: 'undo' }).values).toEqual(start.values);
    expect(draftReducer(accepted, { type: 'accept', values: { Fear: 0.62 }, atMs: 20 })).toBe(accepted);
  });
});

