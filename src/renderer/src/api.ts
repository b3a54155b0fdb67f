/**
 * The renderer's one way to the core: window.viper, the preload's client. Every failure comes out
 * as a ViperError with a code, whatever the transport made of it.
 */
import type { ApiCall, ApiInput, ApiOutput } from '../../shared/api';
import { ERROR_CODES, ViperError, type ErrorInfo } from '../../shared/errors';

export async function invoke<K extends ApiCall>(call: K, input: ApiInput<K>): Promise<ApiOutput<K>> {
  const client = window.viper;
  if (!client) {
    throw new ViperError('internal', 'window.viper is missing: this page must run inside ViPER Workstation, whose preload provides it.');
  }
  try {
    return await client.call(call, input);
  } catch (reason) {
    throw toViperError(reason);
  }
}

function toViperError(reason: unknown): ViperError {
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
