import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'bench/**/*.test.ts', 'e2e/**/*.test.ts'],
    // Native modules (better-sqlite3, onnxruntime-node) are happiest in child processes.
    pool: 'forks',
    // In CI a skipped test must be declared, with its reason, in src/main/test-support/declared-skips.ts.
    reporters: ['default', './src/main/test-support/skip-guard-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
