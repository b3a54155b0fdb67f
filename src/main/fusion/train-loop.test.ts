import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Db } from '../store/database';
import { makeTempDir } from '../test-support/fixtures';
import { readCheckpoint } from './checkpoint';
import { trainOptionsSchema, type PerceiverSize } from './config';
import { prepareTrainingData } from './dataset';
import { FeatureReader } from './feature-reader';
import { meanPearson } from './metrics';
import { writeSyntheticSet, type SyntheticSpec } from './synthetic-features';
import { initTfBackend } from './tf-backend';
import { LAST_CHECKPOINT, loadCheckpointParams, predictClips, trainLoop } from './train-loop';

/** Small enough for a 2-core CI machine; the image modality is pure distraction, fau carries the signal. */
const TINY: PerceiverSize = { latents: 8, latentDim: 64, selfAttentionLayers: 1, selfAttentionHeads: 2, crossAttentionHeads: 1, crossAttentionChannels: 64, attentionDropout: 0 };
const SPEC: SyntheticSpec = { splits: { Train: 480, Val: 80, Test: 80 }, frames: 8, dims: { image: 12, fau: 32 }, missingShare: 0.2, seed: 3 };

let temp: ReturnType<typeof makeTempDir>;
beforeAll(async () => {
  temp = makeTempDir();
  await initTfBackend('wasm');
});
afterAll(() => temp.cleanup());

function store(name: string, spec: SyntheticSpec): Db {
  const db = openStore(join(temp.dir, `${name}.db`));
  writeSyntheticSet(db, spec);
  return db;
}

describe('train loop', () => {
  it('learns the synthetic function on held-out clips but not shuffled labels, and keeps the best Val epoch', async () => {
    const testPearson: Record<string, number | null> = {};
    for (const shuffleLabels of [false, true]) {
      const db = store(`shuffled-${shuffleLabels}`, { ...SPEC, shuffleLabels });
      const data = prepareTrainingData(db, ['image', 'fau']);
      const options = trainOptionsSchema.parse({ epochs: 20, learningRate: 5e-3, lrHalvingEvery: 100, seed: 5 });
      const result = await trainLoop({ db, data, size: TINY, options, checkpointDir: join(temp.dir, `ck-${shuffleLabels}`) });
      const best = Math.max(...result.history.map((h) => h.valMeanPearson ?? -1));
      expect(result.bestValMeanPearson).toBe(best);
      expect(result.history[result.bestEpoch - 1]?.valMeanPearson).toBe(best);
      const { params, meta } = loadCheckpointParams(result.bestCheckpoint);
      expect(meta.epoch).toBe(result.bestEpoch);
      const reader = new FeatureReader(db, data.layout);
      const predicted = predictClips(params, meta.shape, reader, data.test.map((c) => c.clipId));
      testPearson[String(shuffleLabels)] = meanPearson(data.test.map((c) => c.targets ?? []), predicted);
      db.close();
    }
    expect(testPearson.false).toBeGreaterThanOrEqual(0.9);
    expect(Math.abs(testPearson.true ?? 1)).toBeLessThan(0.2);
  });

  it('resumes a cancelled run to the same weights as an uninterrupted one', async () => {
    const db = store('resume', { splits: { Train: 40, Val: 10 }, frames: 6, dims: { fau: 32 }, seed: 4, missingShare: 0.2 });
    const data = prepareTrainingData(db, ['fau']);
    const size: PerceiverSize = { ...TINY, latentDim: 16, crossAttentionChannels: 16, attentionDropout: 0.1 };
    const options = trainOptionsSchema.parse({ epochs: 4, batchSize: 8, learningRate: 1e-3, lrHalvingEvery: 2, seed: 9 });
    const whole = await trainLoop({ db, data, size, options, checkpointDir: join(temp.dir, 'whole') });

    const controller = new AbortController();
    const first = await trainLoop({ db, data, size, options, checkpointDir: join(temp.dir, 'parts'), signal: controller.signal, onEpoch: (m) => m.epoch === 2 && controller.abort() });
    expect(first.cancelled).toBe(true);
    expect(first.history).toHaveLength(2);
    const resumed = await trainLoop({ db, data, size, options, checkpointDir: join(temp.dir, 'parts'), resume: true });
    expect(resumed.cancelled).toBe(false);
    expect(resumed.history.map((h) => h.trainLoss)).toEqual(whole.history.map((h) => h.trainLoss));
    expect(resumed.bestEpoch).toBe(whole.bestEpoch);
    const a = readCheckpoint(join(temp.dir, 'whole', LAST_CHECKPOINT)).tensors;
    const b = readCheckpoint(join(temp.dir, 'parts', LAST_CHECKPOINT)).tensors;
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [name, values] of a) expect(b.get(name), name).toEqual(values);
    db.close();
  });
});
