import { describe, expect, it } from 'vitest';
import { workerModule } from './worker-modules';

describe('workerModule', () => {
  it('points at the TypeScript source from the checkout and at the bundled entry after a build', () => {
    expect(workerModule('analysis-worker', 'file:///app/src/main/jobs/worker-modules.ts').href).toBe('file:///app/src/main/jobs/analysis-worker.ts');
    expect(workerModule('analysis-worker', 'file:///app/out/main/index.js').href).toBe('file:///app/out/main/analysis-worker.js');
  });
});
