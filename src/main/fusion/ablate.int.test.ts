import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi } from '../api/handlers';
import { createApiContext, type ApiContext } from '../api/context';
import { makeTempDir } from '../test-support/fixtures';
import { PAPER_TABLE } from './ablate';
import { writeSyntheticSet } from './synthetic-features';

let temp: ReturnType<typeof makeTempDir>;
let ctx: ApiContext;

beforeAll(() => {
  temp = makeTempDir();
  ctx = createApiContext(join(temp.dir, 'viper.db'));
  writeSyntheticSet(ctx.db, { splits: { Train: 24, Val: 10, Test: 10 }, frames: 4, dims: { image: 8, audio: 4, text: 4, fau: 32 }, seed: 6 });
});
afterAll(() => {
  ctx.db.close();
  temp.cleanup();
});

describe('ablation, evaluation and export through the API', () => {
  it('trains every row of the paper table and reports Val / Test with intervals beside the paper', async () => {
    // The compact preset, shrunk by flags a user can also pass: 1 epoch per row keeps the test short.
    const result = await callApi(ctx, 'fusion.ablate', { epochs: 1, learningRate: 1e-3, resamples: 200, backend: 'wasm' });
    expect(result.rows.map((r) => r.label)).toEqual(PAPER_TABLE.map((r) => r.label));
    expect(result.rows.map((r) => r.modalities.join('+'))).toEqual(['image', 'image+text', 'image+audio', 'image+fau', 'image+audio+text+fau', 'fau']);
    for (const row of result.rows) {
      expect(row.runId).toBeGreaterThan(0);
      expect(row.paper.val).toBeGreaterThan(0.27);
      expect(row.valInterval === null || row.valInterval.low <= row.valInterval.high).toBe(true);
    }

    const evaluation = await callApi(ctx, 'fusion.evaluate', { split: 'Test' });
    expect(evaluation.runId).toBe(result.rows[5]?.runId);
    expect(evaluation.scores.clips).toBe(10);
    expect(evaluation.confusion).toHaveLength(7);
    for (const matrix of evaluation.confusion) {
      for (const [i, row] of matrix.rowNormalised.entries()) {
        const total = matrix.counts[i]?.reduce((a, b) => a + b, 0) ?? 0;
        expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(total === 0 ? 0 : 1, 10);
      }
    }

    const exported = await callApi(ctx, 'fusion.exportPredictions', { split: 'Val' });
    const lines = exported.csv.trim().split('\n');
    expect(lines[0]).toBe('File_ID,Adoration,Amusement,Anxiety,Disgust,Empathic-Pain,Fear,Surprise');
    expect(lines).toHaveLength(11);

    const runs = await callApi(ctx, 'fusion.runs', {});
    expect(runs.runs).toHaveLength(6);
    expect(runs.runs.every((r) => r.state === 'done' && r.onnxSha256?.length === 64)).toBe(true);
  });

  it('makes a prior run, named as such, that evaluate scores like any other', async () => {
    const prior = await callApi(ctx, 'fusion.predict', { prior: true });
    expect(prior.kind).toBe('prior');
    expect(prior.clips).toBe(44);
    const evaluation = await callApi(ctx, 'fusion.evaluate', { run: prior.runId, split: 'Val' });
    expect(evaluation.kind).toBe('prior');
    expect(JSON.stringify(evaluation)).not.toContain('NaN');
  });
});
