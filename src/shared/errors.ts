/**
 * Expected failures carry a code from this union; anything thrown without one is a bug.
 * Adapters map codes to HTTP status and CLI exit codes (see errorExitCode).
 */
export const ERROR_CODES = [
  'api/invalid-input',
  'api/unknown-call',
  'store/not-sqlite',
  'store/newer-version',
  'store/open-failed',
  'media/ffmpeg-missing',
  'media/not-found',
  'media/unreadable',
  'media/empty-file',
  'media/not-media',
  'media/image-not-video',
  'media/no-video-stream',
  'media/truncated',
  'media/decode-failed',
  'media/too-short',
  'labels/unreadable',
  'labels/missing-column',
  'labels/bad-value',
  'labels/out-of-range',
  'labels/bad-split',
  'labels/duplicate-id',
  'labels/unknown-id',
  'clips/not-found',
  'captions/invalid',
  'models/hash-mismatch',
  'models/unsupported-op',
  'models/not-found',
  'jobs/cancelled',
  'internal',
  'models/missing',
  'models/corrupt',
  'models/load-failed',
  'models/bad-input',
  'models/provider-unavailable',
  'models/incomplete-export',
  'models/bad-config',
  'models/wrong-signature',
  'fusion/bad-config',
  'fusion/backend-unavailable',
  'fusion/split-missing',
  'fusion/too-few-clips',
  'fusion/missing-features',
  'fusion/modality-not-analysed',
  'fusion/bad-features',
  'fusion/bad-labels',
  'fusion/run-not-found',
  'fusion/no-predictions',
  'fusion/checkpoint-unreadable',
  'features/not-analysed',
  'features/not-in-split',
  'features/frame-count-mismatch',
  'features/mixed-models',
  'features/nothing-to-export',
  'features/write-failed',
  'labels/conflict',
  'api/unauthorized',
  'host/renderer-missing',
  'store/read-only',
  'store/disk-full',
  'store/bad-row',
  'store/io-failed',
  'store/busy',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Plain data form of an error, as it crosses IPC, HTTP, worker and JSON boundaries. */
export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  /** The file, CSV row or field the error is about, when there is one. */
  subject?: string;
}

export class ViperError extends Error {
  readonly code: ErrorCode;
  readonly subject: string | undefined;

  constructor(code: ErrorCode, message: string, options: { subject?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'ViperError';
    this.code = code;
    this.subject = options.subject;
  }

  toInfo(): ErrorInfo {
    return this.subject === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, subject: this.subject };
  }
}

export function isViperError(error: unknown): error is ViperError {
  return error instanceof ViperError;
}

/** Errors the user caused or can fix in their environment, as opposed to bad input data. */
const ENVIRONMENT_CODES: ReadonlySet<ErrorCode> = new Set([
  'store/not-sqlite',
  'store/newer-version',
  'store/open-failed',
  'store/read-only',
  'store/disk-full',
  'store/bad-row',
  'store/io-failed',
  'store/busy',
  'media/ffmpeg-missing',
  'models/missing',
  'models/hash-mismatch',
  'models/corrupt',
  'features/write-failed',
  'host/renderer-missing',
]);

/**
 * CLI exit codes: 0 success, 1 finished but some items failed, 2 invalid usage or input,
 * 3 environment problem (ffmpeg, database, model files), 4 internal error, 130 cancelled.
 */
export function errorExitCode(code: ErrorCode): number {
  if (code === 'jobs/cancelled') return 130;
  if (code === 'internal') return 4;
  if (ENVIRONMENT_CODES.has(code)) return 3;
  return 2;
}
