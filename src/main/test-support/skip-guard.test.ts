/**
 * The CI skip guard, on a real vitest run: a sample file with one skipped test, run by a child vitest
 * through the guard reporter, fails with CI set and names the test; without CI the run passes.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { undeclaredSkips } from './declared-skips';
import { makeTempDir, REPO_ROOT } from './fixtures';

const temp = makeTempDir();
afterAll(() => temp.cleanup());

function runSample(env: NodeJS.ProcessEnv): { status: number | null; output: string } {
  // Globals, so that the sample needs no import that would have to resolve from the temp folder.
  writeFileSync(join(temp.dir, 'sample.test.ts'), "it.skip('goes quiet', () => {});\nit('runs', () => {});\n");
  writeFileSync(
    join(temp.dir, 'vitest.config.mjs'),
    `export default { test: { globals: true, include: ['sample.test.ts'], reporters: ['default', ${JSON.stringify(join(REPO_ROOT, 'src/main/test-support/skip-guard-reporter.ts'))}] } };\n`,
  );
  const child = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--root', temp.dir, '--config', join(temp.dir, 'vitest.config.mjs')], {
    cwd: temp.dir,
    env: { ...process.env, CI: '', GITHUB_ACTIONS: '', ...env },
    encoding: 'utf8',
    timeout: 50_000,
  });
  return { status: child.status, output: `${child.stdout}${child.stderr}` };
}

describe('the CI skip guard', () => {
  it('fails a CI run with an undeclared skip, naming it, and leaves a local run alone', () => {
    const ci = runSample({ CI: 'true' });
    expect(ci.output).toContain('1 test(s) were skipped in CI without a declared reason:\n  - sample.test.ts > goes quiet');
    expect(ci.status).toBe(1);
    const local = runSample({});
    expect(local.output).not.toContain('without a declared reason');
    expect(local.status).toBe(0);
  });

  it('lets a declared skip through and only counts skips', () => {
    const tests = [
      { file: 'a.test.ts', fullName: 'group > declared', state: 'skipped' as const },
      { file: 'a.test.ts', fullName: 'group > not declared', state: 'skipped' as const },
      { file: 'a.test.ts', fullName: 'group > ran', state: 'passed' as const },
    ];
    expect(undeclaredSkips(tests, { 'a.test.ts > group > declared': 'a reason' })).toEqual(['a.test.ts > group > not declared']);
  });
});
