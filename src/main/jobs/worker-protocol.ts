/**
 * Messages between a job's host (main thread) and its worker thread: a typed union, errors as plain
 * {code, message, subject} so a ViperError survives the crossing, progress as an event.
 */
import type { ErrorInfo } from '../../shared/errors';

export type ToWorker<P> = { type: 'start'; params: P } | { type: 'cancel' };

export type FromWorker<R, E> =
  | { type: 'progress'; event: E }
  | { type: 'done'; result: R }
  | { type: 'error'; error: ErrorInfo; stack?: string };

/** What a job function gets inside the worker. */
export interface WorkerJobControls<E> {
  /** Aborted when the host cancels. */
  signal: AbortSignal;
  progress(event: E): void;
}

/**
 * A long-lived worker serving many requests (worker-service.ts): the same messages, each with the id of
 * its request, so several can be in flight and one can be cancelled alone.
 */
/** `close` ends the thread the way a job's thread ends: its teardown runs, its port closes and its loop runs dry. */
export type ToService<Q> = { type: 'request'; id: number; request: Q } | { type: 'cancel'; id: number } | { type: 'close' };

export type FromService<R, E> = { id: number } & FromWorker<R, E>;
