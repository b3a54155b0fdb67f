/** The Library: what the store holds (store.status) and its clips (clips.list). */
import { useEffect, useState } from 'react';
import type { ApiOutput } from '../../../shared/api';
import type { ViperError } from '../../../shared/errors';
import { invoke } from '../api';
import { ErrorNotice } from '../ErrorNotice';
import { ClipsTable } from './ClipsTable';
import { StoreSummary } from './StoreSummary';

type LibraryState =
  | { phase: 'loading' }
  | { phase: 'ready'; status: ApiOutput<'store.status'>; list: ApiOutput<'clips.list'> }
  | { phase: 'failed'; error: ViperError };

export function LibraryScreen() {
  const [state, setState] = useState<LibraryState>({ phase: 'loading' });
  /** Bumped by Reload / Retry to fetch again. */
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let current = true;
    setState({ phase: 'loading' });
    Promise.all([invoke('store.status', {}), invoke('clips.list', {})]).then(
      ([status, list]) => {
        if (current) setState({ phase: 'ready', status, list });
      },
      // invoke rejects only with ViperError.
      (error: ViperError) => {
        if (current) setState({ phase: 'failed', error });
      },
    );
    return () => {
      current = false;
    };
  }, [generation]);

  const reload = (): void => setGeneration((n) => n + 1);

  return (
    <section className="library">
      <div className="screen-title">
        <h2>Library</h2>
        <button type="button" onClick={reload} disabled={state.phase === 'loading'}>
          Reload
        </button>
      </div>
      {state.phase === 'loading' ? <p className="muted">Loading…</p> : null}
      {state.phase === 'failed' ? <ErrorNotice error={state.error} onRetry={reload} /> : null}
      {state.phase === 'ready' ? (
        <>
          <StoreSummary status={state.status} />
          <ClipsTable clips={state.list.clips} total={state.list.total} />
        </>
      ) : null}
    </section>
  );
}
