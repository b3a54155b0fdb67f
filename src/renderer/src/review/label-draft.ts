/**
 * The label editor's draft as a reducer: the seven values, the selected emotion, and undo / redo
 * stacks. A run of changes to one emotion within COALESCE_MS (a slider drag, held arrow keys) is one
 * undo step.
 */
import { EMOTIONS, UNSET_LABELS, type Emotion, type EmotionVector, type LabelValues } from '../../../shared/emotions';

export const COALESCE_MS = 800;

export interface LabelDraft {
  /** Each emotion set or not yet (null): a clip nobody labelled shows empty fields, not zeros. */
  values: LabelValues;
  selected: Emotion;
  undo: LabelValues[];
  redo: LabelValues[];
  lastEdit: { emotion: Emotion; atMs: number } | null;
}

export type DraftAction =
  | { type: 'load'; values: LabelValues | null }
  | { type: 'select'; emotion: Emotion }
  | { type: 'set'; emotion: Emotion; value: number; atMs: number }
  | { type: 'nudge'; delta: number; atMs: number }
  /** Several values at once (a prediction accepted): one undo step. */
  | { type: 'accept'; values: Partial<EmotionVector>; atMs: number }
  | { type: 'undo' }
  | { type: 'redo' };

export function initialDraft(values: LabelValues | null): LabelDraft {
  return { values: values ?? UNSET_LABELS, selected: EMOTIONS[0], undo: [], redo: [], lastEdit: null };
}

/** Values are kept to 2 decimals, the precision of the sliders and of the challenge's labels. */
const clamp = (value: number): number => Math.round(Math.min(1, Math.max(0, value)) * 100) / 100;

export function draftReducer(draft: LabelDraft, action: DraftAction): LabelDraft {
  switch (action.type) {
    case 'load':
      return { ...initialDraft(action.values), selected: draft.selected };
    case 'select':
      return { ...draft, selected: action.emotion };
    case 'nudge':
      // An unset emotion nudged up starts from 0; nudged down it becomes 0, a decision like any other.
      return draftReducer(draft, { type: 'set', emotion: draft.selected, value: (draft.values[draft.selected] ?? 0) + action.delta, atMs: action.atMs });
    case 'set': {
      const value = clamp(action.value);
      if (value === draft.values[action.emotion]) return { ...draft, selected: action.emotion };
      const coalesce = draft.lastEdit?.emotion === action.emotion && action.atMs - draft.lastEdit.atMs < COALESCE_MS;
      return {
        values: { ...draft.values, [action.emotion]: value },
        selected: action.emotion,
        undo: coalesce ? draft.undo : [...draft.undo, draft.values],
        redo: [],
        lastEdit: { emotion: action.emotion, atMs: action.atMs },
      };
    }
    case 'accept': {
      const values = { ...draft.values };
      for (const emotion of EMOTIONS) {
        const value = action.values[emotion];
        if (value !== undefined) values[emotion] = clamp(value);
      }
      if (EMOTIONS.every((emotion) => values[emotion] === draft.values[emotion])) return draft;
      return { ...draft, values, undo: [...draft.undo, draft.values], redo: [], lastEdit: null };
    }
    case 'undo': {
      const previous = draft.undo.at(-1);
      if (!previous) return draft;
      return { ...draft, values: previous, undo: draft.undo.slice(0, -1), redo: [...draft.redo, draft.values], lastEdit: null };
    }
    case 'redo': {
      const next = draft.redo.at(-1);
      if (!next) return draft;
      return { ...draft, values: next, redo: draft.redo.slice(0, -1), undo: [...draft.undo, draft.values], lastEdit: null };
    }
  }
}
