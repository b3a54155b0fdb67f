/**
 * POST /api/<call>: the JSON body is the call's input; the answer is always a CallResult (as over IPC),
 * with an HTTP status mapped from the error code. The settler parses the input with the contract's schema
 * and runs the same handler table as Electron and the CLI, heavy calls in worker threads (api/off-loop.ts).
 * A call whose page goes away is cancelled.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorHttpStatus, ViperError } from '../../shared/errors';
import { encodeCallResult, type CallSettler, type EncodedCallResult } from '../api/off-loop';
import type { ProgressHub } from './progress-hub';

/** Inputs are small JSON objects; anything bigger is a mistake or an attack. */
const MAX_BODY_BYTES = 1 << 20;

export async function handleApiCall(settler: CallSettler, hub: ProgressHub, call: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const abort = new AbortController();
  response.on('close', () => {
    if (!response.writableFinished) abort.abort(new Error('the page that started the call went away'));
  });
  let result: EncodedCallResult;
  try {
    const input = await readJsonBody(request);
    const clientId = request.headers['x-viper-client'];
    result = await settler.settleEncoded(call, input, { signal: abort.signal, onProgress: hub.sender(typeof clientId === 'string' ? clientId : undefined) });
  } catch (error) {
    // Only readJsonBody throws here, always a ViperError.
    result = encodeCallResult({ ok: false, error: (error as ViperError).toInfo() });
  }
  sendJsonText(response, result.errorCode === undefined ? 200 : errorHttpStatus(result.errorCode), result.json);
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  sendJsonText(response, status, JSON.stringify(body));
}

function sendJsonText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  response.end(text);
}

async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  // application/json only: a cross-site form or no-cors fetch cannot send it without a CORS preflight,
  // which this server never grants.
  const type = request.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new ViperError('api/invalid-input', `the request body must be JSON sent as Content-Type: application/json (got "${type}")`, { subject: '(input)' });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new ViperError('api/invalid-input', `the request body is over ${MAX_BODY_BYTES} bytes`, { subject: '(input)' });
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ViperError('api/invalid-input', `the request body is not valid JSON: ${(error as Error).message}`, { subject: '(input)', cause: error });
  }
}
