/** The latest progress event of each running call of this page, by call name; cleared when `clear(call)` is called. */
import { useCallback, useEffect, useState } from 'react';
import type { ApiCall, ProgressEvent } from '../../../shared/api';
import { onProgress } from '../api';

export function useProgress(): [Partial<Record<ApiCall, ProgressEvent>>, (call: ApiCall) => void] {
  const [latest, setLatest] = useState<Partial<Record<ApiCall, ProgressEvent>>>({});
  useEffect(() => onProgress((event) => setLatest((previous) => ({ ...previous, [event.call]: event }))), []);
  const clear = useCallback((call: ApiCall) => setLatest(({ [call]: _done, ...rest }) => rest), []);
  return [latest, clear];
}
