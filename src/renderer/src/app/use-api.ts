/** One API call's result as state: loading, ready or failed, fetched again when `reload` is called or the input changes. */
import { useCallback, useEffect, useState } from 'react';
import type { ApiCall, ApiInput, ApiOutput } from '../../../shared/api';
import type { ViperError } from '../../../shared/errors';
import { invoke, toViperError } from '../api';

export type Loaded<T> = { phase: 'loading' } | { phase: 'ready'; value: T } | { phase: 'failed'; error: ViperError };

export function useApi<K extends ApiCall>(call: K, input: ApiInput<K>): [Loaded<ApiOutput<K>>, () => void] {
  const [state, setState] = useState<Loaded<ApiOutput<K>>>({ phase: 'loading' });
  const [generation, setGeneration] = useState(0);
  // The input object is new every render; its JSON text is what changes only when the call must run again.
  const inputText = JSON.stringify(input);
  useEffect(() => {
    let current = true;
    invoke(call, JSON.parse(inputText) as ApiInput<K>).then(
      (value) => current && setState({ phase: 'ready', value }),
      (error: unknown) => current && setState({ phase: 'failed', error: toViperError(error) }),
    );
    return () => {
      current = false;
    };
  }, [call, generation, inputText]);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return [state, reload];
}
