import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Db } from '../store/database';
import { float32Blob, float32FromBlob } from '../store/float32-blob';
import { makeTempDir } from '../test-support/fixtures';
import { prepareTrainingData } from './dataset';
import { writeSyntheticSet } from './synthetic-features';

let temp: ReturnType<typeof makeTempDir>;
let db: Db;
beforeEach(() => {
  temp = makeTempDir();
  db = openStore(join(temp.dir, 'viper.db'));
});
afterEach(() => {
  db.close();
  temp.cleanup();
});

const LIMITS = { minTrain: 8, minVal: 4 };
const write = (splits: Record<string, number>): void => {
  writeSyntheticSet(db, { splits, frames: 4, dims: { image: 6, fau: 32 }, seed: 1 });
};

describe('training data checks (before any training)', () => {
  it('accepts a good set and reports its layout', () => {
    write({ Train: 10, Val: 4, Test: 3 });
    const data = prepareTrainingData(db, ['fau', 'image'], LIMITS);
    expect(data.layout).toMatchObject({ modalities: ['image', 'fau'], dims: [6, 32], frames: 4, tokenDim: 38 });
    expect([data.train.length, data.val.length, data.test.length]).toEqual([10, 4, 3]);
  });

  it('names a missing split and a split with too few clips', () => {
    write({ Train: 10 });
    expect(() => prepareTrainingData(db, ['fau'], LIMITS)).toThrow(expect.objectContaining({ code: 'fusion/split-missing', message: expect.stringMatching(/no labelled clips in split Val.*--labels/) }));
    db.prepare(`UPDATE clips SET split = 'Val' WHERE id <= 3`).run();
    expect(() => prepareTrainingData(db, ['fau'], LIMITS)).toThrow(expect.objectContaining({ code: 'fusion/too-few-clips', message: expect.stringMatching(/split Train has 7 labelled clip\(s\).*at least 8/) }));
  });

  it('names clips without features and a modality nobody analysed', () => {
    write({ Train: 10, Val: 4 });
    expect(() => prepareTrainingData(db, ['fau', 'audio'], LIMITS)).toThrow(expect.objectContaining({ code: 'fusion/modality-not-analysed', message: expect.stringMatching(/"audio".*leave audio out of --modalities/) }));
    db.prepare(`DELETE FROM features WHERE clip_id = 3 AND modality = 'fau'`).run();
    expect(() => prepareTrainingData(db, ['fau'], LIMITS)).toThrow(expect.objectContaining({ code: 'fusion/missing-features', message: expect.stringMatching(/1 clip\(s\) have no fau features: clip 3 \(00003\)/) }));
  });

  it('finds NaN and infinite feature values, naming clip, modality and frame', () => {
    write({ Train: 10, Val: 4 });
    const row = db.prepare(`SELECT data FROM features WHERE clip_id = 5 AND modality = 'image'`).get() as { data: Buffer };
    const values = float32FromBlob(row.data, 'clip 5 image');
    values[6 * 2 + 1] = Number.NaN;
    db.prepare(`UPDATE features SET data = ? WHERE clip_id = 5 AND modality = 'image'`).run(float32Blob(values));
    expect(() => prepareTrainingData(db, ['image', 'fau'], LIMITS)).toThrow(expect.objectContaining({ code: 'fusion/bad-features', message: expect.stringMatching(/clip 5 \(00005\) image: frame 2 value 1 is NaN/) }));
    values[6 * 2 + 1] = Number.POSITIVE_INFINITY;
    db.prepare(`UPDATE features SET data = ? WHERE clip_id = 5 AND modality = 'image'`).run(float32Blob(values));
    expect(() => prepareTrainingData(db, ['image'], LIMITS)).toThrow(/frame 2 value 1 is Infinity/);
  });

  it('refuses labels outside [0,1] (written past the CHECK constraint)', () => {
    write({ Train: 10, Val: 4 });
    db.pragma('ignore_check_constraints = ON');
    db.prepare(`UPDATE labels SET fear = 1.5 WHERE clip_id = 2`).run();
    expect(() => prepareTrainingData(db, ['fau'], LIMITS)).toThrow(expect.objectContaining({ code: 'fusion/bad-labels', message: expect.stringMatching(/clip 2 \(00002\)/) }));
  });
});
