/** The audio stage on tiny x-vector-shaped exports: the config's normalisation, lengths, batching. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test-support/fixtures';
import { SessionFactory } from '../session';
import { loadAudioEncoder, minimumSamples } from './audio-encoder';
import { AUDIO_DIMS, writeAudioExport } from './test-support/tiny-exports';

const temp = makeTempDir();
const factory = new SessionFactory({ provider: 'cpu' });
afterAll(async () => {
  await factory.closeAll();
  temp.cleanup();
});

/** A 16 kHz test signal: a tone with an offset, so normalisation visibly changes it. */
function signal(samples: number, hz: number, offset: number): Float32Array {
  return Float32Array.from({ length: samples }, (_, i) => offset + 0.3 * Math.sin((2 * Math.PI * hz * i) / 16000) + 0.05 * Math.sin(i * 0.37));
}

/** The tiny model's x-vector, computed by hand: [mean |x|, max, min, mean x³] × W. */
function expectedXVector(weights: Float32Array, x: Float64Array | Float32Array): number[] {
  let abs = 0;
  let cube = 0;
  let max = -Infinity;
  let min = Infinity;
  for (const v of x) {
    abs += Math.abs(v);
    cube += v * v * v;
    max = Math.max(max, v);
    min = Math.min(min, v);
  }
  const features = [abs / x.length, max, min, cube / x.length];
  return Array.from({ length: AUDIO_DIMS }, (_, d) => features.reduce((sum, f, k) => sum + f * (weights[k * AUDIO_DIMS + d] ?? NaN), 0));
}

/** Wav2Vec2FeatureExtractor's do_normalize: zero mean, unit variance, 1e-7 under the root. */
function zeroMeanUnitVariance(x: Float32Array): Float64Array {
  const mean = x.reduce((a, b) => a + b, 0) / x.length;
  const variance = x.reduce((a, b) => a + (b - mean) ** 2, 0) / x.length;
  return Float64Array.from(x, (v) => (v - mean) / Math.sqrt(variance + 1e-7));
}

function expectClose(actual: Float32Array | undefined, expected: number[], digits: number): void {
  expect(actual?.length).toBe(expected.length);
  expected.forEach((value, i) => expect(actual?.[i]).toBeCloseTo(value, digits));
}

describe('loadAudioEncoder', () => {
  it('normalises as preprocessor_config.json says and returns the 512-d embeddings', async () => {
    const folder = join(temp.dir, 'user', 'audio', 'wavlm-base-plus-sv');
    const { weights } = writeAudioExport(folder, { doNormalize: true });
    const encoder = await loadAudioEncoder(folder, { factory });
    expect(encoder).toMatchObject({ id: 'user/audio/wavlm-base-plus-sv', dims: 512, minSamples: 4880, provider: 'cpu' });
    const x = signal(16000, 220, 0.2);
    const { vectors, provider } = await encoder.embed([x]);
    expect(provider).toBe('cpu');
    expectClose(vectors[0], expectedXVector(weights, zeroMeanUnitVariance(x)), 3);
  });

  it('passes the waveform as it is when do_normalize is false', async () => {
    const folder = join(temp.dir, 'raw');
    const { weights } = writeAudioExport(folder, { doNormalize: false });
    const encoder = await loadAudioEncoder(folder, { factory });
    const x = signal(8000, 440, 0.1);
    expectClose((await encoder.embed([x])).vectors[0], expectedXVector(weights, x), 4);
  });

  it('runs fragments of equal length together, never padding, and keeps their order', async () => {
    const folder = join(temp.dir, 'batching');
    writeAudioExport(folder);
    const encoder = await loadAudioEncoder(folder, { factory, maxBatch: 2 });
    const fragments = [signal(16000, 100, 0), signal(5000, 300, 0.1), signal(16000, 500, -0.2), signal(16000, 700, 0.3), signal(5000, 900, 0)];
    const { vectors } = await encoder.embed(fragments);
    expect(vectors).toHaveLength(5);
    for (const [i, fragment] of fragments.entries()) {
      expectClose(vectors[i], Array.from((await encoder.embed([fragment])).vectors[0] ?? []), 5);
    }
    expect((await encoder.embed(fragments)).vectors).toEqual(vectors);
  });

  it('says how long a fragment must be, from the model\'s own conv and TDNN sizes', async () => {
    const folder = join(temp.dir, 'short');
    writeAudioExport(folder);
    const encoder = await loadAudioEncoder(folder, { factory });
    await expect(encoder.embed([signal(16000, 200, 0), signal(4000, 200, 0)])).rejects.toMatchObject({
      code: 'models/bad-input',
      message: expect.stringContaining('fragment 1 has 4000 samples; this model needs at least 4880 (305 ms at 16 kHz)'),
    });
    expect(minimumSamples({ conv_kernel: [10, 3, 3, 3, 3, 2, 2], conv_stride: [5, 2, 2, 2, 2, 2, 2] })).toBe(400);
    expect(minimumSamples({})).toBe(1);
  });

  it('refuses a model for another sampling rate', async () => {
    const folder = join(temp.dir, 'eight-khz');
    writeAudioExport(folder, { samplingRate: 8000 });
    await expect(loadAudioEncoder(folder, { factory })).rejects.toMatchObject({
      code: 'models/bad-config',
      message: expect.stringContaining('preprocessor_config.json: sampling_rate is 8000, but the audio stage decodes at 16000 Hz'),
    });
  });

  it('rejects a feature-extraction export, which has no x-vector output', async () => {
    const folder = join(temp.dir, 'hidden-states');
    writeAudioExport(folder, { outputName: 'last_hidden_state' });
    await expect(loadAudioEncoder(folder, { factory })).rejects.toMatchObject({
      code: 'models/wrong-signature',
      message: expect.stringContaining('Export it with --task audio-xvector'),
    });
    writeFileSync(join(folder, 'preprocessor_config.json'), 'not json');
    await expect(loadAudioEncoder(folder, { factory })).rejects.toMatchObject({ code: 'models/bad-config' });
  });
});
