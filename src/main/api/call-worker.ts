/**
 * Worker entry that runs API calls off the main thread (see off-loop.ts): its own connection to the
 * same database (WAL: it reads what the main thread committed), the same handler table, the same
 * settleCall, so a call answers exactly as it would on the main thread.
 */
import type { ProgressEvent } from '../../shared/api';
import type { CallResult } from '../../shared/client';
import { serveWorkerRequests } from '../jobs/worker-side';
import { createApiContext } from './context';
import { encodeCallResult, type CallRequest, type CallWorkerInit, type EncodedCallResult } from './off-loop';
import { settleCall } from './settle-call';

serveWorkerRequests<CallWorkerInit, CallRequest, CallResult | EncodedCallResult, ProgressEvent>((init) => {
  const ctx = createApiContext(init.dbPath, { actor: init.actor });
  return async (request, { signal, progress }) => {
    const result = await settleCall(ctx, request.call, request.input, { signal, onProgress: progress });
    return request.encoding === 'json' ? encodeCallResult(result) : result;
  };
});
