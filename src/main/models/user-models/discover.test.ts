/** Folder reading and discovery on tiny exports laid out the ways Optimum and transformers.js write them. */
import { copyFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test-support/fixtures';
import { discoverUserModels } from './discover';
import { readModelFolder } from './model-folder';
import { writeAudioExport, writeClipExport, writeImageExport, writeTextExport } from './test-support/tiny-exports';

const temp = makeTempDir();
afterAll(() => temp.cleanup());

describe('readModelFolder', () => {
  it('finds graphs under onnx/ or beside config.json, full precision first unless asked', async () => {
    const nested = join(temp.dir, 'nested');
    writeImageExport(nested);
    copyFileSync(join(nested, 'onnx', 'model.onnx'), join(nested, 'onnx', 'model_quantized.onnx'));
    expect((await readModelFolder(nested, 'image')).graphs).toEqual({ model: join(nested, 'onnx', 'model.onnx') });
    expect(await readModelFolder(nested, 'image', { quantized: true })).toMatchObject({
      id: 'user/image/nested:quantized',
      graphs: { model: join(nested, 'onnx', 'model_quantized.onnx') },
    });
    // optimum-cli writes model.onnx next to config.json.
    const flat = join(temp.dir, 'flat');
    writeTextExport(flat);
    renameSync(join(flat, 'onnx', 'model.onnx'), join(flat, 'model.onnx'));
    expect(await readModelFolder(flat, 'text')).toMatchObject({ id: 'user/text/flat', graphs: { model: join(flat, 'model.onnx') }, config: { hidden_size: 768 } });
  });

  it('names an unreadable config.json and what to do', async () => {
    const folder = join(temp.dir, 'bad-config');
    writeAudioExport(folder);
    writeFileSync(join(folder, 'config.json'), '[1, 2]');
    await expect(readModelFolder(folder, 'audio')).rejects.toMatchObject({
      code: 'models/bad-config',
      subject: join(folder, 'config.json'),
      message: `${join(folder, 'config.json')}: expected a JSON object, found an array. Restore it from the export.`,
    });
  });
});

describe('discoverUserModels', () => {
  it('lists each stage\'s models in pipeline order, with the problem of each incomplete one', async () => {
    const models = join(temp.dir, 'models');
    const user = join(models, 'user');
    writeImageExport(join(user, 'image', 'vit-face'));
    writeImageExport(join(user, 'image', 'vit-in21k'));
    writeClipExport(join(user, 'clip', 'clip-b32'), { split: false });
    writeTextExport(join(user, 'text', 'roberta-base'));
    writeAudioExport(join(user, 'audio', 'wavlm-sv'));
    rmSync(join(user, 'audio', 'wavlm-sv', 'preprocessor_config.json'));
    mkdirSync(join(user, 'text', '.cache'));
    mkdirSync(join(user, 'images', 'misplaced'), { recursive: true });
    writeFileSync(join(user, 'README.txt'), 'models go here');

    const listing = await discoverUserModels(models);
    expect(listing.models.map((m) => [m.id, m.problem?.code ?? 'ok'])).toEqual([
      ['user/image/vit-face', 'ok'],
      ['user/image/vit-in21k', 'ok'],
      ['user/clip/clip-b32', 'ok'],
      ['user/text/roberta-base', 'ok'],
      ['user/audio/wavlm-sv', 'models/incomplete-export'],
    ]);
    const audio = listing.models[4];
    expect(audio?.problem?.message).toBe(
      `${join(user, 'audio', 'wavlm-sv')}: not a complete export for the audio x-vector encoder (WavLM, 16 kHz): missing preprocessor_config.json. ` +
        'An Optimum export of this stage holds config.json, preprocessor_config.json, onnx/model.onnx (or model_quantized.onnx) (graphs may also sit beside config.json). ' +
        `Make one with: optimum-cli export onnx --model microsoft/wavlm-base-plus-sv --task audio-xvector ${join(user, 'audio', 'wavlm-sv')}`,
    );
    expect(listing.strays).toEqual([
      {
        code: 'models/incomplete-export',
        subject: join(user, 'images'),
        message: `${join(user, 'images')}: not a stage folder, so the models in it are not found. Move them into user/image, user/clip, user/text, user/audio, user/fau by what they do.`,
      },
    ]);
  });

  it('finds nothing, without error, where no user models are installed', async () => {
    expect(await discoverUserModels(join(temp.dir, 'empty-models'))).toEqual({ models: [], strays: [] });
  });
});
