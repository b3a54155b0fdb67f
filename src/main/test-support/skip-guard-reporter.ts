/**
 * A vitest reporter: in CI, fails the run when a test was skipped without an entry in DECLARED_SKIPS, and
 * names each one. Local runs are left alone, where a skip (a missing numpy, a -t filter) is the user's
 * choice. It only sets the exit code, so the default reporter's output stays as it is.
 */
import { relative } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';
import { undeclaredSkips, type ReportedTest } from './declared-skips';

function* reported(modules: readonly TestModule[]): Generator<ReportedTest> {
  for (const module of modules) {
    const file = relative(module.project.config.root, module.moduleId).split('\\').join('/');
    for (const test of module.children.allTests()) yield { file, fullName: test.fullName, state: test.result().state };
  }
}

export default class SkipGuardReporter implements Reporter {
  onTestRunEnd(testModules: readonly TestModule[]): void {
    if (!process.env.CI) return;
    const undeclared = undeclaredSkips(reported(testModules));
    if (undeclared.length === 0) return;
    console.error(
      `\n${undeclared.length} test(s) were skipped in CI without a declared reason:\n${undeclared.map((k) => `  - ${k}`).join('\n')}\n` +
        'Install what they need (.ci/run), or add each to DECLARED_SKIPS in src/main/test-support/declared-skips.ts with why it cannot run here.\n',
    );
    process.exitCode = 1;
  }
}
