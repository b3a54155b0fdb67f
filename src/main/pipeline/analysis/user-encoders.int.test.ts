/**
 * The paper's encoders replacing the defaults in `viper analyze`: tiny exports with the real
 * signatures (ViT, CLIP, RoBERTa, WavLM x-vector, an AU network — see models/user-models/test-support)
 * installed in a models folder beside the built pack, run through the whole analysis job.
 */
import { copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiContext, type ApiContext } from '../../api/context';
import { callApi } from '../../api/handlers';
import { buildPack } from '../../models/pack/build-pack';
import { resolveModelsDir } from '../../models/pack/models-dir';
import { AUDIO_DIMS, IMAGE_DIMS, TEXT_DIMS, writeAudioExport, writeAuExport, writeClipExport, writeImageExport, writeTextExport } from '../../models/user-models/test-support/tiny-exports';
import { AU_NAMES } from '../fau/au-intensities';
import { readClipFeatures } from '../../store/analysis-store';
import { fixture, makeTempDir } from '../../test-support/fixtures';

const temp = makeTempDir();
let ctx: ApiContext;
const savedModelsDir = process.env.VIPER_MODELS;

beforeAll(async () => {
  const packDir = resolveModelsDir();
  await buildPack({ modelsDir: packDir });
  const modelsDir = join(temp.dir, 'models');
  writeImageExport(join(modelsDir, 'user/image/tiny-vit'));
  writeClipExport(join(modelsDir, 'user/clip/tiny-clip'), { split: true });
  writeTextExport(join(modelsDir, 'user/text/tiny-roberta'));
  writeAudioExport(join(modelsDir, 'user/audio/tiny-wavlm'));
  writeAuExport(join(modelsDir, 'user/fau/tiny-au'));
  for (const file of readdirSync(packDir).filter((f) => /\.(onnx|json)$/.test(f))) copyFileSync(join(packDir, file), join(modelsDir, file));
  // A second folder, the same but for an AU model whose outputs do not match its config.
  const wrongDir = join(temp.dir, 'models-wrong-au');
  writeAuExport(join(wrongDir, 'user/fau/wrong-au'), { auNames: ['AU01', 'AU12'], outputs: 12 });
  for (const file of readdirSync(packDir).filter((f) => /\.(onnx|json)$/.test(f))) copyFileSync(join(packDir, file), join(wrongDir, file));
  process.env.VIPER_MODELS = modelsDir;
  ctx = createApiContext(join(temp.dir, 'viper.db'));
  await callApi(ctx, 'clips.import', { paths: [fixture('single_face.mp4')] });
}, 120_000);
afterAll(() => {
  if (savedModelsDir === undefined) delete process.env.VIPER_MODELS;
  else process.env.VIPER_MODELS = savedModelsDir;
  ctx.close();
  temp.cleanup();
});

describe('user encoders in the analysis', () => {
  it('uses each installed encoder for its part, records its id and width, and chooses captions by CLIP', async () => {
    const report = await callApi(ctx, 'clips.analyze', {});
    expect(report.failed).toEqual([]);
    expect(Object.keys(report.providers)).toEqual(expect.arrayContaining(['user-image', 'user-clip', 'user-text', 'user-audio', 'user-fau']));
    const clip = await callApi(ctx, 'clips.get', { clip: 'single_face' });
    const features = Object.fromEntries(readClipFeatures(ctx.db, clip.id).map((f) => [f.modality, f]));
    expect(features.image?.shape).toEqual([32, IMAGE_DIMS]);
    expect(features.text?.shape).toEqual([32, TEXT_DIMS]);
    expect(features.audio?.shape).toEqual([32, AUDIO_DIMS]);
    expect(features.image?.modelId).toContain('tiny-vit');
    expect(features.text?.modelId).toMatch(/tiny-roberta.*clip:.*tiny-clip/);
    expect(features.audio?.modelId).toContain('tiny-wavlm');
    for (const f of Object.values(features)) expect(f.data.every(Number.isFinite)).toBe(true);
    expect(clip.analysis?.frames.every((f) => f.caption !== null)).toBe(true);

    // The AU model's four token AUs (AU99 has no slot) fill the FAU part; the other 16 AUs are 0; emotions stay.
    expect(features.fau?.modelId).toMatch(/^user\/fau\/tiny-au@/);
    const named = ['AU01', 'AU06', 'AU12', 'AU25'].map((name) => AU_NAMES.indexOf(name as (typeof AU_NAMES)[number]));
    const fau = features.fau?.data as Float32Array;
    const frames = Array.from({ length: 32 }, (_, i) => Array.from(fau.subarray(i * 32, i * 32 + 32)));
    for (const token of frames) {
      token.slice(0, 20).forEach((value, slot) => (named.includes(slot) ? expect(value).toBeGreaterThan(0) : expect(value, AU_NAMES[slot]).toBe(0)));
      expect(token.slice(20, 27).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
      for (const slot of named) expect(token[slot]).toBeLessThanOrEqual(1);
    }
    // The man goes from rest to a broad smile: the model's AUs follow the crops.
    expect(new Set(frames.map((token) => token[named[2] as number])).size).toBeGreaterThan(5);
  });

  it('stops with the AU model whose outputs do not match its config, naming the graph and the config', async () => {
    process.env.VIPER_MODELS = join(temp.dir, 'models-wrong-au');
    try {
      await expect(callApi(ctx, 'clips.analyze', { force: true })).rejects.toMatchObject({
        code: 'models/bad-config',
        message: expect.stringMatching(/wrong-au\/onnx\/model\.onnx: gives 12 AU values per face, but .*wrong-au\/config\.json names 2/),
      });
    } finally {
      process.env.VIPER_MODELS = join(temp.dir, 'models');
    }
  });
});
