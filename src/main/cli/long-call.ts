/**
 * A long API call from the command line: a progress bar with rate and ETA on stderr, and Ctrl-C
 * turned into the call's AbortSignal, so the job stops cleanly and says it was cancelled.
 */
import type { ApiCall, ApiInput, ApiOutput } from '../../shared/api';
import { callApi } from '../api/handlers';
import { createProgressBar } from './progress-bar';
import { withContext, type GlobalOptions } from './session';

export async function runLongCall<K extends ApiCall>(global: GlobalOptions, label: string, call: K, input: ApiInput<K>): Promise<ApiOutput<K>> {
  const abort = new AbortController();
  const onSigint = (): void => abort.abort(new Error('cancelled by the user'));
  process.once('SIGINT', onSigint);
  const bar = createProgressBar(label, !global.json);
  try {
    return await withContext(global, (ctx) => callApi(ctx, call, input, { signal: abort.signal, onProgress: (event) => bar.update(event) }));
  } finally {
    bar.stop();
    process.off('SIGINT', onSigint);
  }
}
