/**
 * The renderer's one way to the core: the current ViperClient (IPC in Electron, HTTP under
 * `viper serve`). Every failure comes out as a ViperError with a code, whatever the transport made of it.
 */
import type { ApiCall, ApiInput, ApiOutput, ProgressEvent } from '../../shared/api';
import { ERROR_CODES, ViperError, type ErrorInfo } from '../../shared/errors';
import { currentClient } from './client/current-client';

export async function invoke<K extends ApiCall>(call: K, input: ApiInput<K>): Promise<ApiOutput<K>> {
  try {
    return await currentClient().call(call, input);
  } catch (reason) {
    throw toViperError(reason);
  }
}

export function onProgress(listener: (event: ProgressEvent) => void): () => void {
  return currentClient().onProgress(listener);
}

export function mediaUrl(clipId: number): string {
  return currentClient().mediaUrl(clipId);
}

export function toViperError(reason: unknown): ViperError {
  if (reason instanceof ViperError) return reason;
  if (isErrorInfo(reason)) return new ViperError(reason.code, reason.message, { subject: reason.subject });
  // Not from the API's error path (e.g. the IPC itself failed): keep what the message says.
  const message = reason instanceof Error ? reason.message : String(reason);
  return new ViperError('internal', message, { cause: reason });
}

function isErrorInfo(value: unknown): value is ErrorInfo {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message } = value as Record<string, unknown>;
  return typeof message === 'string' && (ERROR_CODES as readonly unknown[]).includes(code);
}
