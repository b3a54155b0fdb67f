/**
 * Expected failures carry a code from this table; anything thrown without one is a bug.
 * Each code has exactly one kind, and the kind alone decides the CLI exit code and the HTTP status
 * (ERROR_KINDS): adapters never keep lists of codes of their own.
 */

/** What sort of failure a code is, from the user's side: what they have to change for it to work. */
export type ErrorKind = 'input' | 'unauthorized' | 'forbidden' | 'not-found' | 'conflict' | 'environment' | 'cancelled' | 'internal';

interface KindEffects {
  /** `viper` exits with this. */
  exitCode: number;
  /** `viper serve` answers with this. */
  httpStatus: number;
  /** One line for the README's error table. */
  meaning: string;
}

/** The kinds, with the exit code and HTTP status each one is answered with. */
export const ERROR_KINDS: Record<ErrorKind, KindEffects> = {
  input: { exitCode: 2, httpStatus: 400, meaning: 'bad usage, or a file, row, field or model that cannot be used as given' },
  unauthorized: { exitCode: 2, httpStatus: 401, meaning: 'a `viper serve` request without the right token' },
  forbidden: { exitCode: 2, httpStatus: 403, meaning: 'a `viper serve` request from a page that is not its own (Origin)' },
  'not-found': { exitCode: 2, httpStatus: 404, meaning: 'the clip, run, model, file or call named does not exist' },
  conflict: { exitCode: 2, httpStatus: 409, meaning: 'someone else changed it first: reload and decide again' },
  environment: { exitCode: 3, httpStatus: 503, meaning: 'the machine is not ready: ffmpeg, the database file, the model pack, a disk, a backend' },
  cancelled: { exitCode: 130, httpStatus: 499, meaning: 'stopped by the user (Ctrl-C or Cancel)' },
  internal: { exitCode: 4, httpStatus: 500, meaning: 'a bug: printed with a reference to quote' },
};

/**
 * Every error code, `domain/what`, with its kind. A new code is one line here; its exit code and
 * HTTP status follow from the kind.
 */
export const ERROR_CODE_KINDS = {
  'api/invalid-input': 'input',
  'api/unknown-call': 'not-found',
  'api/unauthorized': 'unauthorized',
  'api/foreign-origin': 'forbidden',
  'store/not-sqlite': 'environment',
  'store/newer-version': 'environment',
  'store/open-failed': 'environment',
  'store/read-only': 'environment',
  'store/disk-full': 'environment',
  'store/io-failed': 'environment',
  'store/busy': 'environment',
  'store/bad-row': 'environment',
  'media/ffmpeg-missing': 'environment',
  'media/not-found': 'not-found',
  'media/changed': 'conflict',
  'media/unreadable': 'input',
  'media/empty-file': 'input',
  'media/not-media': 'input',
  'media/image-not-video': 'input',
  'media/no-video-stream': 'input',
  'media/truncated': 'input',
  'media/decode-failed': 'input',
  'media/too-short': 'input',
  'media/proxy-failed': 'input',
  'labels/unreadable': 'input',
  'labels/missing-column': 'input',
  'labels/bad-value': 'input',
  'labels/out-of-range': 'input',
  'labels/bad-split': 'input',
  'labels/duplicate-id': 'input',
  'labels/duplicate-column': 'input',
  'labels/wrong-encoding': 'input',
  'labels/split-conflict': 'input',
  'labels/unknown-id': 'input',
  'labels/conflict': 'conflict',
  'clips/not-found': 'not-found',
  'captions/invalid': 'input',
  'models/hash-mismatch': 'environment',
  'models/missing': 'environment',
  'models/corrupt': 'environment',
  'models/provider-unavailable': 'environment',
  'models/not-found': 'not-found',
  'models/unsupported-op': 'input',
  'models/load-failed': 'input',
  'models/bad-input': 'input',
  'models/incomplete-export': 'input',
  'models/bad-config': 'input',
  'models/wrong-signature': 'input',
  'fusion/bad-config': 'input',
  'fusion/backend-unavailable': 'environment',
  'fusion/split-missing': 'input',
  'fusion/too-few-clips': 'input',
  'fusion/missing-features': 'input',
  'fusion/modality-not-analysed': 'input',
  'fusion/bad-features': 'input',
  'fusion/bad-labels': 'input',
  'fusion/no-predictions': 'input',
  'fusion/checkpoint-unreadable': 'environment',
  'fusion/no-attribution': 'input',
  'runs/not-found': 'not-found',
  'runs/not-trained': 'input',
  'runs/still-running': 'conflict',
  'runs/confirm-needed': 'input',
  'features/not-analysed': 'input',
  'features/not-in-split': 'input',
  'features/frame-count-mismatch': 'input',
  'features/mixed-models': 'input',
  'features/nothing-to-export': 'input',
  'features/sampling-mismatch': 'input',
  'features/write-failed': 'environment',
  'exports/write-failed': 'environment',
  'exports/exists': 'conflict',
  'jobs/cancelled': 'cancelled',
  'jobs/not-found': 'not-found',
  'jobs/not-running': 'conflict',
  'host/renderer-missing': 'environment',
  'queue/bad-url': 'input',
  'queue/auth-failed': 'input',
  'queue/unreachable': 'environment',
  'queue/pack-mismatch': 'environment',
  'queue/media-unreachable': 'environment',
  'queue/bad-job': 'input',
  'queue/job-failed': 'environment',
  internal: 'internal',
} as const satisfies Record<string, ErrorKind>;

export type ErrorCode = keyof typeof ERROR_CODE_KINDS;

/** The codes as a non-empty tuple, for `z.enum`. */
export const ERROR_CODES = Object.keys(ERROR_CODE_KINDS) as [ErrorCode, ...ErrorCode[]];

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

export function errorKind(code: ErrorCode): ErrorKind {
  return ERROR_CODE_KINDS[code];
}

/**
 * CLI exit codes: 0 success, 1 finished but some items failed (chosen by the command), otherwise
 * the kind's: 2 input, 3 environment, 4 internal, 130 cancelled.
 */
export function errorExitCode(code: ErrorCode): number {
  return ERROR_KINDS[errorKind(code)].exitCode;
}

/** The HTTP status `viper serve` answers an error of this code with. */
export function errorHttpStatus(code: ErrorCode): number {
  return ERROR_KINDS[errorKind(code)].httpStatus;
}
