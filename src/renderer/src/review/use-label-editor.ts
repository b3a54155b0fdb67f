/**
 * The label editor's state: the stored labels (labels.get), the draft (label-draft.ts) and saving.
 * Every change is saved on its own after a short pause (or at once by `saveNow`), always naming the
 * version it was based on; a conflict stops saving until the user picks their values or the other's.
 */
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { ClipLabels } from '../../../shared/api';
import { EMOTIONS, UNSET_LABELS, type EmotionVector, type LabelValues } from '../../../shared/emotions';
import type { ViperError } from '../../../shared/errors';
import { invoke, toViperError } from '../api';
import { draftReducer, initialDraft, type DraftAction, type LabelDraft } from './label-draft';

const SAVE_AFTER_MS = 500;

export type SaveState = { kind: 'loading' } | { kind: 'saved' } | { kind: 'pending' } | { kind: 'saving' } | { kind: 'conflict'; error: ViperError } | { kind: 'failed'; error: ViperError };

export interface LabelEditor {
  stored: ClipLabels | null;
  draft: LabelDraft;
  save: SaveState;
  dispatch: (action: DraftAction) => void;
  saveNow: () => void;
  /** After a conflict: 'theirs' loads the other save; 'mine' saves this draft over it, on purpose. */
  resolveConflict: (keep: 'theirs' | 'mine') => void;
  /** Takes a run's predicted values (all seven, or the ones given) and saves at once, recorded as `accepted:<run>`. */
  accept: (values: Partial<EmotionVector>, runId: number) => void;
  /** Shows labels a restore or adoption saved (the call's answer). */
  replaceStored: (labels: ClipLabels) => void;
}

const sameValues = (a: LabelValues, b: LabelValues): boolean => EMOTIONS.every((emotion) => a[emotion] === b[emotion]);

/**
 * @param annotator whose labels are edited ('gold', or the person labelling as themselves)
 * @param editedBy who is credited with each save (the page's annotator name; the server's user without one)
 */
export function useLabelEditor(clipId: number, annotator: string, editedBy: string | null): LabelEditor {
  const [stored, setStored] = useState<ClipLabels | null>(null);
  const [draft, dispatch] = useReducer(draftReducer, null, initialDraft);
  const [save, setSave] = useState<SaveState>({ kind: 'loading' });
  // The save in flight and the latest state, read by callbacks that outlive the render they came from.
  const latest = useRef({ stored, draft, save, inFlight: false, acceptedFromRun: undefined as number | undefined });
  latest.current = { ...latest.current, stored, draft, save };
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const load = useCallback(
    async (keepDraft: boolean) => {
      try {
        const labels = await invoke('labels.get', { clip: clipId, annotator });
        setStored(labels);
        if (!keepDraft) dispatch({ type: 'load', values: labels.values });
        setSave({ kind: 'saved' });
      } catch (reason) {
        setSave({ kind: 'failed', error: toViperError(reason) });
      }
    },
    [clipId, annotator],
  );

  useEffect(() => {
    void load(false);
  }, [load]);

  const saveNow = useCallback(async () => {
    clearTimeout(timer.current);
    const { stored: base, draft: current, inFlight, save: state } = latest.current;
    if (!base || inFlight || state.kind === 'conflict' || sameValues(current.values, base.values ?? UNSET_LABELS)) return;
    latest.current.inFlight = true;
    const acceptedFromRun = latest.current.acceptedFromRun;
    latest.current.acceptedFromRun = undefined;
    setSave({ kind: 'saving' });
    try {
      const saved = await invoke('labels.save', {
        clip: clipId,
        annotator,
        values: current.values,
        expectedVersion: base.version,
        ...(editedBy === null ? {} : { editedBy }),
        ...(acceptedFromRun === undefined ? {} : { acceptedFromRun }),
      });
      latest.current.stored = saved;
      setStored(saved);
      setSave(sameValues(latest.current.draft.values, saved.values ?? UNSET_LABELS) ? { kind: 'saved' } : { kind: 'pending' });
    } catch (reason) {
      const error = toViperError(reason);
      setSave(error.code === 'labels/conflict' ? { kind: 'conflict', error } : { kind: 'failed', error });
    } finally {
      latest.current.inFlight = false;
    }
  }, [clipId, annotator, editedBy]);

  // Save on change: each new draft (re)starts the pause; a change made during a save is saved after it;
  // a draft back at the stored values (undo, redo) has nothing left to save.
  useEffect(() => {
    if (!stored || save.kind === 'conflict' || save.kind === 'saving' || save.kind === 'loading') return;
    if (sameValues(draft.values, stored.values ?? UNSET_LABELS)) {
      clearTimeout(timer.current);
      if (save.kind === 'pending') setSave({ kind: 'saved' });
      return;
    }
    if (save.kind !== 'pending') setSave({ kind: 'pending' });
    clearTimeout(timer.current);
    // An acceptance is one decision, saved at once so its source is not mixed with later nudges.
    timer.current = setTimeout(() => void saveNow(), latest.current.acceptedFromRun === undefined ? SAVE_AFTER_MS : 0);
  }, [draft.values, stored, save.kind, saveNow]);

  useEffect(() => () => clearTimeout(timer.current), []);

  const resolveConflict = useCallback(
    (keep: 'theirs' | 'mine') => {
      setSave({ kind: 'loading' });
      void load(keep === 'mine');
    },
    [load],
  );

  const accept = useCallback((values: Partial<EmotionVector>, runId: number) => {
    // Nothing to record when the draft already holds these values.
    if (draftReducer(latest.current.draft, { type: 'accept', values, atMs: 0 }) === latest.current.draft) return;
    latest.current.acceptedFromRun = runId;
    dispatch({ type: 'accept', values, atMs: performance.now() });
  }, []);

  /** A restore or adoption answered with the new labels: they become the stored version and the draft. */
  const replaceStored = useCallback((labels: ClipLabels) => {
    setStored(labels);
    dispatch({ type: 'load', values: labels.values });
    setSave({ kind: 'saved' });
  }, []);

  return { stored, draft, save, dispatch, saveNow: () => void saveNow(), resolveConflict, accept, replaceStored };
}
