/** One API call's result as state: loading, ready or failed, fetched again when `reload` is called or a dependency changes. */
import { useCallback, useEffect, useState } from 'react';
import type { ApiCall, ApiInput, ApiOutput } from '../../../shared/api';
import type { ViperError } from '../../../shared/errors';
import { invoke, toViperError } from '../api';

export type Loaded<T> = { phase: 'loading' } | { phase: 'ready'; value: T } | { phase: 'failed'; error: ViperError };

export function useApi<K extends ApiCall>(call: K, input: ApiInput<K>, deps: readonly unknown[]): [Loaded<ApiOutput<K>>, () => void] {
  const [state, setState] = useState<Loaded<ApiOutput<K>>>({ phase: 'loading' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    invoke(call, input).then(
      (value) => current && setState({ phase: 'ready', value }),
      (error: unknown) => current && setState({ phase: 'failed', error: toViperError(error) }),
    );
    return () => {
      current = false;
    };
    // The caller names what the input depends on; the input object itself is new every render.
  }, [call, generation, ...deps]);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return [state, reload];
}
