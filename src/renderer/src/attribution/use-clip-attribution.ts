/**
 * The attribution of the prediction the review shows: fetched for the chosen run only when it is a trained
 * run (the prior has none, and the page says so without asking), and not at all in blind mode.
 */
import { useEffect, useState } from 'react';
import type { ApiOutput } from '../../../shared/api';
import type { ViperError } from '../../../shared/errors';
import { invoke, toViperError } from '../api';

export type ClipAttributionState =
  | { phase: 'none' }
  | { phase: 'prior'; runId: number }
  | { phase: 'loading' }
  | { phase: 'ready'; value: NonNullable<ApiOutput<'fusion.clipAttribution'>> }
  | { phase: 'failed'; error: ViperError };

export function useClipAttribution(clipId: number, run: { runId: number | null; kind: string | null } | null): ClipAttributionState {
  const runId = run?.runId ?? null;
  const kind = run?.kind ?? null;
  const [state, setState] = useState<ClipAttributionState>({ phase: 'none' });
  useEffect(() => {
    if (runId === null || kind === null) return setState({ phase: 'none' });
    if (kind === 'prior') return setState({ phase: 'prior', runId });
    let current = true;
    setState({ phase: 'loading' });
    invoke('fusion.clipAttribution', { clip: clipId, run: runId }).then(
      (value) => current && setState(value ? { phase: 'ready', value } : { phase: 'none' }),
      (error: unknown) => current && setState({ phase: 'failed', error: toViperError(error) }),
    );
    return () => {
      current = false;
    };
  }, [clipId, runId, kind]);
  return state;
}
