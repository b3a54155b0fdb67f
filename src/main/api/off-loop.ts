/**
 * Which calls run off the main thread, and the settler that sends them there. A long-running adapter
 * (`viper serve`, the desktop app) answers many callers from one event loop: a call that computes for
 * a second (a summary over thousands of predictions, agreement among 64 annotators, an export) would
 * hold every other caller's label save for that second. Those calls run in call-worker.ts threads;
 * the rest (a label save, a page of the library) stay on the loop, where they take a few milliseconds
 * and need no thread hop. The CLI makes one call per process and settles on its own thread.
 */
import type { ApiCall } from '../../shared/api';
import type { CallResult } from '../../shared/client';
import { ViperError, type ErrorCode } from '../../shared/errors';
import { workerModule } from '../jobs/worker-modules';
import { startWorkerService, type WorkerService } from '../jobs/worker-service';
import type { ApiContext, CallControls } from './context';
import { settleCall } from './settle-call';
import type { ProgressEvent } from '../../shared/api';

/** Calls whose work grows with the library (or a file, or a model pack) rather than with one clip. */
export const OFF_LOOP_CALLS: ReadonlySet<ApiCall> = new Set<ApiCall>([
  'clips.import',
  'labels.export',
  'models.build',
  'models.verify',
  'features.export',
  'fusion.train',
  'fusion.predict',
  'fusion.evaluate',
  'fusion.ablate',
  'fusion.exportPredictions',
  'evaluation.summary',
  'annotators.agreement',
  'labels.lint',
  'training.retrain',
  'exports.create',
]);

export interface CallWorkerInit {
  dbPath: string;
  actor: string;
}

export interface CallRequest {
  call: ApiCall;
  input: unknown;
  /** 'json': the worker also writes the answer as JSON text, so the main thread neither copies an object graph nor stringifies it. */
  encoding: 'value' | 'json';
}

/** A CallResult as JSON text (what an HTTP answer sends), with what the transport needs to pick its status. */
export interface EncodedCallResult {
  /** undefined when the call succeeded. */
  errorCode: ErrorCode | undefined;
  json: string;
}

export interface CallSettler {
  settle(call: unknown, input: unknown, controls: CallControls): Promise<CallResult>;
  /** The same, as JSON text. */
  settleEncoded(call: unknown, input: unknown, controls: CallControls): Promise<EncodedCallResult>;
  close(): Promise<void>;
}

export function encodeCallResult(result: CallResult): EncodedCallResult {
  return { errorCode: result.ok ? undefined : result.error.code, json: JSON.stringify(result) };
}

export interface OffLoopOptions {
  /** Worker threads for off-loop calls: two, so one long export does not queue every summary behind it. */
  threads?: number;
}

/** Settles off-loop calls in worker threads and the rest on this thread; both as settleCall would. */
export function createOffLoopSettler(ctx: ApiContext, options: OffLoopOptions = {}): CallSettler {
  // An in-memory database exists only on this thread's connection: nothing can run elsewhere.
  const onLoop = (call: unknown): boolean => ctx.dbPath === ':memory:' || typeof call !== 'string' || !OFF_LOOP_CALLS.has(call as ApiCall);
  let service: WorkerService<CallRequest, CallResult | EncodedCallResult, ProgressEvent> | undefined;
  if (ctx.dbPath !== ':memory:') {
    service = startWorkerService(workerModule('call-worker'), { threads: options.threads ?? 2, init: { dbPath: ctx.dbPath, actor: ctx.actor } satisfies CallWorkerInit });
  }
  async function inWorker<T extends CallResult | EncodedCallResult>(request: CallRequest, controls: CallControls, failed: (error: ViperError) => T): Promise<T> {
    try {
      return (await service!.run(request, { signal: controls.signal, onProgress: controls.onProgress })) as T;
    } catch (error) {
      // The worker settles every call into a result; what reaches here is a cancel or a thread that died.
      if (error instanceof ViperError) return failed(error);
      throw error;
    }
  }
  return {
    settle(call, input, controls) {
      if (onLoop(call)) return settleCall(ctx, call, input, controls);
      return inWorker<CallResult>({ call: call as ApiCall, input, encoding: 'value' }, controls, (error) => ({ ok: false, error: error.toInfo() }));
    },
    async settleEncoded(call, input, controls) {
      if (onLoop(call)) return encodeCallResult(await settleCall(ctx, call, input, controls));
      return inWorker<EncodedCallResult>({ call: call as ApiCall, input, encoding: 'json' }, controls, (error) => encodeCallResult({ ok: false, error: error.toInfo() }));
    },
    close: () => service?.close() ?? Promise.resolve(),
  };
}
