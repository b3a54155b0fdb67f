/** The text stage on tiny RoBERTa-shaped exports: the model's own tokenizer, first-token state, padding. */
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test-support/fixtures';
import { SessionFactory } from '../session';
import { TEXT_DIMS, tokenIds, writeAudioExport, writeTextExport } from './test-support/tiny-exports';
import { loadTextEncoder } from './text-encoder';

const temp = makeTempDir();
const factory = new SessionFactory({ provider: 'cpu' });
afterAll(async () => {
  await factory.closeAll();
  temp.cleanup();
});

/** The tiny model's first-token state: E[<s>] + the mean of E over the sentence's tokens. */
function expectedFirstToken(table: Float32Array, ids: number[]): number[] {
  const row = (id: number, d: number) => table[id * TEXT_DIMS + d] ?? NaN;
  return Array.from({ length: TEXT_DIMS }, (_, d) => row(ids[0] ?? 0, d) + ids.reduce((sum, id) => sum + row(id, d), 0) / ids.length);
}

function expectClose(actual: Float32Array | undefined, expected: number[]): void {
  expect(actual?.length).toBe(expected.length);
  expected.forEach((value, i) => expect(actual?.[i]).toBeCloseTo(value, 5));
}

const SENTENCES = ['A happy person is smiling.', 'the face looks sad', 'scared', 'a person is crying .'];

describe('loadTextEncoder', () => {
  it('tokenizes with the export\'s tokenizer and returns the <s> state, 768 wide', async () => {
    const folder = join(temp.dir, 'user', 'text', 'roberta-base');
    const { table } = writeTextExport(folder);
    const encoder = await loadTextEncoder(folder, { factory });
    expect(encoder).toMatchObject({ id: 'user/text/roberta-base', dims: 768, provider: 'cpu' });
    const { vectors, provider } = await encoder.embed(['the face looks sad']);
    expect(provider).toBe('cpu');
    expectClose(vectors[0], expectedFirstToken(table, tokenIds('the face looks sad')));
  });

  it('pads batches with an attention mask and gives each sentence what it gives alone', async () => {
    const folder = join(temp.dir, 'masked');
    const { table } = writeTextExport(folder);
    const encoder = await loadTextEncoder(folder, { factory, maxBatch: 3 });
    const { vectors } = await encoder.embed(SENTENCES);
    // Lower-cased and split on punctuation by the tokenizer: "smiling." is two tokens.
    expectClose(vectors[0], expectedFirstToken(table, tokenIds('a happy person is smiling .')));
    expectClose(vectors[2], expectedFirstToken(table, tokenIds('scared')));
    expect((await encoder.embed(SENTENCES)).vectors).toEqual(vectors);
  });

  it('never pads for a graph without attention_mask: sentences run in groups of equal length', async () => {
    const folder = join(temp.dir, 'unmasked');
    const { table } = writeTextExport(folder, { masked: false });
    const encoder = await loadTextEncoder(folder, { factory });
    const { vectors } = await encoder.embed(SENTENCES);
    SENTENCES.forEach((sentence, i) => expectClose(vectors[i], expectedFirstToken(table, tokenIds(sentence.toLowerCase().replace('.', ' .').replace(/\s+/g, ' ').trim()))));
  });

  it('names the folder and missing tokenizer files', async () => {
    const folder = join(temp.dir, 'no-tokenizer');
    writeTextExport(folder);
    rmSync(join(folder, 'tokenizer.json'));
    await expect(loadTextEncoder(folder, { factory })).rejects.toMatchObject({
      code: 'models/incomplete-export',
      message: expect.stringContaining(`${folder}: not a complete export for the text encoder (RoBERTa, first-token state): missing tokenizer.json. An Optimum export of this stage holds config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx`),
    });
  });

  it('reports a corrupt tokenizer.json and config.json as bad config, naming the file', async () => {
    const folder = join(temp.dir, 'bad-tokenizer');
    writeTextExport(folder);
    writeFileSync(join(folder, 'tokenizer.json'), '{"model": {"type": "NoSuchModel"}}');
    await expect(loadTextEncoder(folder, { factory })).rejects.toMatchObject({
      code: 'models/bad-config',
      message: expect.stringContaining(`${folder}: transformers.js could not build the tokenizer from tokenizer.json and tokenizer_config.json`),
    });
    writeFileSync(join(folder, 'config.json'), '{"hidden_size": 768,');
    await expect(loadTextEncoder(folder, { factory })).rejects.toMatchObject({
      code: 'models/bad-config',
      message: expect.stringMatching(/config\.json: not valid JSON \(.+\)\. Restore it from the export/),
    });
  });

  it('rejects a graph whose inputs are not a text encoder\'s, and a config that disagrees with the graph', async () => {
    const wrong = join(temp.dir, 'wrong-inputs');
    writeTextExport(wrong);
    const audio = join(temp.dir, 'audio-graph');
    writeAudioExport(audio);
    copyFileSync(join(audio, 'onnx', 'model.onnx'), join(wrong, 'onnx', 'model.onnx'));
    await expect(loadTextEncoder(wrong, { factory })).rejects.toMatchObject({
      code: 'models/wrong-signature',
      message: expect.stringContaining('needs input input_ids (int64, 2 dims) (optionally attention_mask (int64, 2 dims), token_type_ids (int64, 2 dims)) and output last_hidden_state (float32, 3 dims), but this graph has inputs input_values (float32 [batch_size, sequence_length])'),
    });
    const mismatched = join(temp.dir, 'mismatched');
    writeTextExport(mismatched);
    writeFileSync(join(mismatched, 'config.json'), JSON.stringify({ hidden_size: 1024 }));
    await expect(loadTextEncoder(mismatched, { factory })).rejects.toMatchObject({
      code: 'models/bad-config',
      message: expect.stringContaining('config.json: hidden_size is 1024 but'),
    });
  });
});
