import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withErrorTable } from './error-table-markdown';
import { ERROR_CODE_KINDS, ERROR_CODES, errorExitCode, errorHttpStatus, errorKind, type ErrorCode, type ErrorKind } from './errors';

/** What each kind must answer with, written out here so that a changed table fails this test. */
const EXPECTED: Record<ErrorKind, { exitCode: number; httpStatus: number }> = {
  input: { exitCode: 2, httpStatus: 400 },
  unauthorized: { exitCode: 2, httpStatus: 401 },
  forbidden: { exitCode: 2, httpStatus: 403 },
  'not-found': { exitCode: 2, httpStatus: 404 },
  conflict: { exitCode: 2, httpStatus: 409 },
  environment: { exitCode: 3, httpStatus: 503 },
  cancelled: { exitCode: 130, httpStatus: 499 },
  internal: { exitCode: 4, httpStatus: 500 },
};

function codesOf(kind: ErrorKind): ErrorCode[] {
  return ERROR_CODES.filter((code) => errorKind(code) === kind);
}

describe('the error table', () => {
  it.each(Object.keys(EXPECTED) as ErrorKind[])('derives exit code and HTTP status of every %s code from the kind', (kind) => {
    const codes = codesOf(kind);
    expect(codes.length).toBeGreaterThan(0);
    for (const code of codes) {
      expect({ code, exitCode: errorExitCode(code), httpStatus: errorHttpStatus(code) }).toEqual({ code, ...EXPECTED[kind] });
    }
  });

  it('gives every code a kind and names codes domain/what', () => {
    expect(ERROR_CODES.length).toBe(Object.keys(ERROR_CODE_KINDS).length);
    for (const code of ERROR_CODES) {
      expect(Object.keys(EXPECTED)).toContain(errorKind(code));
      if (code !== 'internal') expect(code).toMatch(/^[a-z]+\/[a-z]+(-[a-z]+)*$/);
    }
  });

  it('agrees across the CLI and HTTP where they used to disagree', () => {
    expect([errorExitCode('models/hash-mismatch'), errorHttpStatus('models/hash-mismatch')]).toEqual([3, 503]);
    expect(errorHttpStatus('labels/conflict')).toBe(409);
    expect(errorHttpStatus('runs/not-found')).toBe(404);
    expect([errorExitCode('store/read-only'), errorHttpStatus('store/read-only')]).toEqual([3, 503]);
    expect([errorExitCode('api/invalid-input'), errorHttpStatus('api/invalid-input')]).toEqual([2, 400]);
  });

  it('is what the README lists', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    // A mismatch shows the table as it must read; "npm run readme:errors" rewrites it.
    expect(readme).toBe(withErrorTable(readme));
  });
});
