/** Keeps the model benchmark runnable: one small model, batch 2, one repeat (timings are not checked). */
import { expect, it } from 'vitest';
import { benchModels } from './models-bench';

it('benchmarks a model on both runtimes and reports consistent outputs', async () => {
  const report = await benchModels({ models: ['emotion'], batches: [2], repeats: 1 });
  expect(report.tfjsBackend).toBe('wasm');
  expect(report.rows).toHaveLength(1);
  const [row] = report.rows;
  expect(row).toMatchObject({ model: 'emotion', batch: 2 });
  expect(row?.maxAbsDiff).toBeLessThan(1e-4);
  expect(row?.ortMs).toBeGreaterThan(0);
  expect(row?.tfjsMs).toBeGreaterThan(0);
});
