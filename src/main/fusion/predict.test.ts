/**
 * Predictions of a run are clipped to [0, 1] when stored, whatever the model outputs. The run's model is a
 * tiny hand-built ONNX graph whose raw intensities are 3 × the frame means of the first 7 token values,
 * so on the synthetic set's unit-scale features many fall below 0 and above 1; the raw outputs come from
 * onnxruntime-node itself, and the stored rows must be exactly those values clamped.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attr, buildModel, initializer, node, valueInfo } from '../models/onnx/onnx-graph';
import { openStore, type Db } from '../store/database';
import { PredictionsStore } from '../store/predictions-store';
import { RunsStore } from '../store/runs-store';
import { makeTempDir } from '../test-support/fixtures';
import { FeatureReader, type FeatureLayout } from './feature-reader';
import { ONNX_INPUTS, ONNX_OUTPUTS } from './onnx-export';
import { predictWithRun, runLayout } from './predict';
import { writeSyntheticSet } from './synthetic-features';

const FRAMES = 4;
const DIM = 8;
const LAYOUT: FeatureLayout = { modalities: ['fau'], dims: [DIM], modelIds: ['synthetic-fau'], frames: FRAMES, tokenDim: DIM };

/** intensities = mean over frames of tokens[:, :, :7] × 3; frame attention = the mask; latent attention = per-frame token means. */
function writeScaledMeanModel(path: string): void {
  const weights = new Float32Array(DIM * 7);
  for (let e = 0; e < 7; e++) weights[e * 7 + e] = 3;
  const model = buildModel({
    graphName: 'scaled-mean',
    inputs: [valueInfo(ONNX_INPUTS.tokens, 'float32', ['batch', FRAMES, DIM]), valueInfo(ONNX_INPUTS.mask, 'float32', ['batch', FRAMES])],
    outputs: [
      valueInfo(ONNX_OUTPUTS.intensities, 'float32', ['batch', 7]),
      valueInfo(ONNX_OUTPUTS.frameAttention, 'float32', ['batch', FRAMES]),
      valueInfo(ONNX_OUTPUTS.latentAttention, 'float32', ['batch', FRAMES]),
    ],
    nodes: [
      node('ReduceMean', [ONNX_INPUTS.tokens], ['frame_mean'], { axes: attr.ints([1]), keepdims: attr.int(0) }),
      node('MatMul', ['frame_mean', 'w'], [ONNX_OUTPUTS.intensities]),
      node('Identity', [ONNX_INPUTS.mask], [ONNX_OUTPUTS.frameAttention]),
      node('ReduceMean', [ONNX_INPUTS.tokens], [ONNX_OUTPUTS.latentAttention], { axes: attr.ints([2]), keepdims: attr.int(0) }),
    ],
    initializers: [initializer('w', weights, [DIM, 7])],
  });
  writeFileSync(path, model);
}

let temp: ReturnType<typeof makeTempDir>;
let db: Db;
beforeAll(() => {
  temp = makeTempDir();
  db = openStore(join(temp.dir, 'viper.db'));
});
afterAll(() => {
  db.close();
  temp.cleanup();
});

describe('predictWithRun', () => {
  it('stores each intensity clipped to [0, 1] and leaves values inside the range as the model gave them', async () => {
    const { clipIds } = writeSyntheticSet(db, { splits: { Train: 10, Val: 6 }, frames: FRAMES, dims: { fau: DIM }, seed: 3 });
    const onnxPath = join(temp.dir, 'scaled-mean.onnx');
    writeScaledMeanModel(onnxPath);
    const store = new RunsStore(db);
    const runId = store.create('perceiver', ['fau'], { layout: LAYOUT }, '2026-12-02T00:00:00.000Z');
    store.update(runId, { state: 'done', onnxPath });

    expect(await predictWithRun(db, store.get(runId))).toBe(clipIds.length);

    // The raw outputs, from onnxruntime-node on the same tokens the predictor reads.
    const batch = new FeatureReader(db, LAYOUT, (id) => `clip ${id}`).loadBatch(clipIds);
    const session = await ort.InferenceSession.create(onnxPath);
    const out = await session.run({
      [ONNX_INPUTS.tokens]: new ort.Tensor('float32', batch.tokens, [clipIds.length, FRAMES, DIM]),
      [ONNX_INPUTS.mask]: new ort.Tensor('float32', batch.mask, [clipIds.length, FRAMES]),
    });
    await session.release();
    const raw = Array.from(out[ONNX_OUTPUTS.intensities]?.data as Float32Array);
    // The check below means something only if the model really went out of range on both sides.
    expect(raw.filter((v) => v < 0).length).toBeGreaterThan(10);
    expect(raw.filter((v) => v > 1).length).toBeGreaterThan(10);
    expect(raw.filter((v) => v > 0 && v < 1).length).toBeGreaterThan(5);

    const stored = db.prepare('SELECT clip_id FROM predictions WHERE run_id = ? ORDER BY clip_id').all(runId) as { clip_id: number }[];
    expect(stored.map((r) => r.clip_id)).toEqual([...clipIds].sort((a, b) => a - b));
    const byFileId = new Map(new PredictionsStore(db).rows(runId).map((r) => [r.fileId, r.values]));
    const fileIds = (db.prepare(`SELECT id, file_id FROM clips WHERE id IN (${clipIds.join(',')})`).all() as { id: number; file_id: string }[]).map((r) => [r.id, r.file_id] as const);
    const fileIdOf = new Map(fileIds);
    clipIds.forEach((clipId, i) => {
      const values = byFileId.get(fileIdOf.get(clipId) ?? '');
      expect(values).toHaveLength(7);
      values?.forEach((value, e) => {
        const want = Math.min(1, Math.max(0, raw[i * 7 + e] ?? NaN));
        expect(value, `clip ${clipId} emotion ${e}`).toBeCloseTo(want, 6);
      });
    });
  });

  it("reads a run's stored layout, and refuses one this version cannot read as store/bad-row naming the field", () => {
    const store = new RunsStore(db);
    const at = '2026-12-02T00:00:00.000Z';
    expect(runLayout(store.get(store.create('perceiver', ['fau'], { layout: LAYOUT }, at)))).toEqual(LAYOUT);
    const odd = store.get(store.create('perceiver', ['fau'], { layout: { ...LAYOUT, dims: ['8'] } }, at));
    expect(() => runLayout(odd)).toThrow(expect.objectContaining({ code: 'store/bad-row', message: expect.stringMatching(/config_json layout: field dims\.0: .*viper train/) }));
    expect(() => runLayout(store.get(store.create('perceiver', ['fau'], {}, at)))).toThrow(expect.objectContaining({ code: 'runs/not-trained' }));
  });
});
