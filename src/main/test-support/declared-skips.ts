/**
 * @file The one list of checks that may be skipped, each with its reason. In CI (CI set) a test that was
 * skipped and is not named here fails the run (skip-guard-reporter.ts): a real check must not go quiet
 * because a tool is missing from the machine (numpy, a user without root), only because it cannot apply.
 * Keys are "<file from the repo root> > <describe> > <test name>", as vitest names a test.
 */
export const DECLARED_SKIPS: Readonly<Record<string, string>> = {
  'src/main/models/session.test.ts > execution provider choice > says once that CUDA is not installed, and runs on CPU':
    'checks the fallback when onnxruntime-node lacks its CUDA libraries; where they are installed (ONNXRUNTIME_NODE_INSTALL=cuda12) the fallback cannot happen',
};

export interface ReportedTest {
  /** Relative to the repository root. */
  file: string;
  fullName: string;
  state: 'passed' | 'failed' | 'skipped' | 'pending';
}

/** "<file> > <full name>" of each skipped test that DECLARED_SKIPS does not name. */
export function undeclaredSkips(tests: Iterable<ReportedTest>, declared: Readonly<Record<string, string>> = DECLARED_SKIPS): string[] {
  const found: string[] = [];
  for (const test of tests) {
    const key = `${test.file} > ${test.fullName}`;
    if (test.state === 'skipped' && declared[key] === undefined) found.push(key);
  }
  return found;
}
