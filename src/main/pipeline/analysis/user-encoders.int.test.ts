/**
 * The paper's encoders replacing the defaults in `viper analyze`: tiny exports with the real
 * signatures (ViT, CLIP, RoBERTa, WavLM x-vector — see models/user-models/test-support) installed in a
 * models folder beside the built pack, run through the whole analysis job.
 */
import { copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiContext, type ApiContext } from '../../api/context';
import { callApi } from '../../api/handlers';
import { buildPack } from '../../models/pack/build-pack';
import { resolveModelsDir } from '../../models/pack/models-dir';
import { AUDIO_DIMS, IMAGE_DIMS, TEXT_DIMS, writeAudioExport, writeClipExport, writeImageExport, writeTextExport } from '../../models/user-models/test-support/tiny-exports';
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
  for (const file of readdirSync(packDir).filter((f) => /\.(onnx|json)$/.test(f))) copyFileSync(join(packDir, file), join(modelsDir, file));
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
    expect(Object.keys(report.providers)).toEqual(expect.arrayContaining(['user-image', 'user-clip', 'user-text', 'user-audio']));
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
  });
});
