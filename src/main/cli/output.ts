/** How the CLI talks back: plain tables for people, JSON for scripts, errors mapped to exit codes. */
import { randomBytes } from 'node:crypto';
import { errorExitCode, isViperError, type ErrorCode } from '../../shared/errors';

export const EXIT_OK = 0;
/** The work finished but some items (files, CSV rows) failed; each was printed and recorded. */
export const EXIT_ITEMS_FAILED = 1;
/** Bad usage (commander's refusals) exits as bad input does. */
export const EXIT_USAGE = errorExitCode('api/invalid-input');

/**
 * How a command ended: 'ok', 'items-failed' (finished, some items printed and recorded as failed),
 * 'cancelled' (Ctrl-C), or the code of the error that decides it (`models verify`'s first failure).
 */
export type Outcome = 'ok' | 'items-failed' | 'cancelled' | ErrorCode;

/** The exit code of an outcome; cancelled and error codes take theirs from the error table. */
export function exitCodeFor(outcome: Outcome): number {
  if (outcome === 'ok') return EXIT_OK;
  if (outcome === 'items-failed') return EXIT_ITEMS_FAILED;
  return errorExitCode(outcome === 'cancelled' ? 'jobs/cancelled' : outcome);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Left-aligned text columns; numbers are right-aligned. */
export function formatTable(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [header, ...rows].map((row) => row.map(String));
  const widths = header.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  return cells
    .map((row, r) =>
      row
        .map((cell, i) => {
          const numeric = r > 0 && typeof rows[r - 1]?.[i] === 'number';
          return numeric ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0);
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Prints an error the way the user should see it and returns the exit code to use. */
export function reportError(error: unknown, json: boolean): number {
  if (isViperError(error)) {
    if (json) printJson({ error: error.toInfo() });
    else process.stderr.write(`error: ${error.message}\n`);
    return errorExitCode(error.code);
  }
  // Not an expected failure: a bug. Give a reference the user can quote, and the stack for us.
  const ref = randomBytes(4).toString('hex');
  const message = error instanceof Error ? error.message : String(error);
  if (json) printJson({ error: { code: 'internal', message: `internal error (ref ${ref}): ${message}` } });
  else process.stderr.write(`internal error (ref ${ref}): ${message}\n`);
  process.stderr.write(`${error instanceof Error ? (error.stack ?? '') : ''}\n`);
  return errorExitCode('internal');
}
