/**
 * Runs one API call for a transport and turns every outcome into a CallResult, so no exception
 * crosses the boundary: a ViperError travels as its info; anything else is a bug, logged with a
 * reference the user can quote. Transport-neutral: the IPC adapter (src/main/electron) and the HTTP host
 * (src/main/host) both settle their calls here.
 */
import { randomBytes } from 'node:crypto';
import { apiContract, isApiCall } from '../../shared/api';
import type { CallResult } from '../../shared/client';
import { isViperError, ViperError, type ErrorInfo } from '../../shared/errors';
import type { ApiContext, CallControls } from './context';
import { callApi } from './handlers';

export type LogError = (message: string, error: unknown) => void;

export async function settleCall(
  ctx: ApiContext,
  call: unknown,
  input: unknown,
  controls: CallControls,
  logError: LogError = console.error,
): Promise<CallResult> {
  try {
    if (typeof call !== 'string' || !isApiCall(call)) {
      throw new ViperError(
        'api/unknown-call',
        `${String(call)}: not a call of the API. Known calls: ${Object.keys(apiContract).join(', ')}.`,
        { subject: 'call' },
      );
    }
    return { ok: true, value: await callApi(ctx, call, input, controls) };
  } catch (error) {
    return { ok: false, error: toErrorInfo(error, logError) };
  }
}

function toErrorInfo(error: unknown, logError: LogError): ErrorInfo {
  if (isViperError(error)) return error.toInfo();
  const ref = randomBytes(4).toString('hex');
  logError(`internal error (ref ${ref})`, error);
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: `internal error (ref ${ref}): ${message}` };
}
