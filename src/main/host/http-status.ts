/** The HTTP status each error code of the API answers with in `viper serve`. */
import type { ErrorCode } from '../../shared/errors';

const ENVIRONMENT: ReadonlySet<ErrorCode> = new Set(['store/not-sqlite', 'store/newer-version', 'store/open-failed', 'store/read-only', 'store/disk-full', 'store/bad-row', 'store/io-failed', 'store/busy', 'media/ffmpeg-missing', 'models/missing']);

export function httpStatusOf(code: ErrorCode): number {
  if (code === 'api/invalid-input') return 400;
  if (code === 'api/unauthorized') return 401;
  if (code === 'api/unknown-call' || code.endsWith('/not-found') || code === 'fusion/run-not-found') return 404;
  if (code === 'labels/conflict') return 409;
  if (code === 'internal') return 500;
  if (ENVIRONMENT.has(code)) return 503;
  // The request was well-formed but the data or state does not allow it.
  return 422;
}
