// JSON columns are parsed with zod where the store reads them: a row another version wrote is read while
// it still fits, and refused as 'store/bad-row' naming the row, the column and the field when it does not.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isViperError } from '../../shared/errors';
import { makeTempDir } from '../test-support/fixtures';
import { readClipAnalysis } from './analysis-store';
import { openStore, type Db } from './database';
import { FeaturesStore } from './features-store';
import { float32Blob } from './float32-blob';
import { RunsStore } from './runs-store';
import { insertSyntheticClip } from './synthetic-rows';

let temp: ReturnType<typeof makeTempDir>;
let db: Db;

beforeEach(() => {
  temp = makeTempDir('viper-json-columns-');
  db = openStore(join(temp.dir, 'viper.db'));
});

afterEach(() => {
  db.close();
  temp.cleanup();
});

function badRowMessage(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    if (isViperError(error) && error.code === 'store/bad-row') return error.message;
    throw error;
  }
  throw new Error('read the row without refusing it');
}

function storeRun(configJson: string, metricsJson: string | null): number {
  const insert = db.prepare("INSERT INTO fusion_runs (created_at, kind, modalities, config_json, state, metrics_json) VALUES ('now', 'prior', 'fau', ?, 'done', ?)");
  return Number(insert.run(configJson, metricsJson).lastInsertRowid);
}

describe('JSON columns at the store boundary', () => {
  it('reads a run whose config and metrics are objects of any fields (an older version wrote fewer)', () => {
    const id = storeRun('{"prior":{"a":1}}', '{"val":null}');
    expect(new RunsStore(db).get(id)).toMatchObject({ config: { prior: { a: 1 } }, metrics: { val: null } });
  });

  it('refuses a run whose config is not JSON, or not an object, naming the run and the column', () => {
    const runs = new RunsStore(db);
    expect(badRowMessage(() => runs.get(storeRun('{"prior":', null)))).toMatch(/^fusion run 1, config_json: not JSON .*viper train/);
    expect(badRowMessage(() => runs.get(storeRun('[1, 2]', null)))).toMatch(/^fusion run 2, config_json: expected a JSON object; /);
    expect(badRowMessage(() => runs.list())).toContain('fusion run 1, config_json');
  });

  it('refuses an analysis whose models_json maps a part to anything but a model id, naming the field', () => {
    const clipId = insertSyntheticClip(db, { fileId: '00001', path: '/x/00001.mp4', contentHash: 'h1', split: 'Train', sampleCount: 2, importedAt: 'now' });
    const insert = db.prepare("INSERT OR REPLACE INTO analyses (clip_id, signature, modalities, models_json, providers_json, faces_found, analysed_at) VALUES (?, 's', 'image,fau', ?, '{}', 2, 'now')");
    insert.run(clipId, '{"image":"clip-vit","fau":"faceres"}');
    expect(readClipAnalysis(db, clipId)).toMatchObject({ modalities: ['image', 'fau'], models: { image: 'clip-vit', fau: 'faceres' }, providers: {} });
    insert.run(clipId, '{"image":3}');
    expect(badRowMessage(() => readClipAnalysis(db, clipId))).toMatch(/^analysis of clip 1, models_json: field image: .*viper analyze --force/);
  });

  it('gives a feature shape that does not parse as null, for the reader to name the clip to analyse again', () => {
    const clipId = insertSyntheticClip(db, { fileId: '00002', path: '/x/00002.mp4', contentHash: 'h2', split: 'Val', sampleCount: 2, importedAt: 'now' });
    const insert = db.prepare("INSERT INTO features (clip_id, modality, model_id, shape_json, dtype, data, created_at) VALUES (?, ?, 'm', ?, 'float32', ?, 'now')");
    insert.run(clipId, 'fau', '[2, 1]', float32Blob(new Float32Array([1, 2])));
    insert.run(clipId, 'mask', '[2, "x"]', float32Blob(new Float32Array([1, 1])));
    const shapes = new Map(new FeaturesStore(db).info(clipId).map((row) => [row.modality, row.shape]));
    expect(shapes).toEqual(new Map([['fau', [2, 1]], ['mask', null]]));
  });
});
