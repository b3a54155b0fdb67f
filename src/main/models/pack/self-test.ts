/**
 * The build's self-test: a fixed input per model (seeded values in the preprocessing range, or the spec's
 * example), run once at build time and summarised in the manifest; `models verify` runs it again and
 * compares. It proves the file loads, runs, and still computes what it computed when it was built.
 */
import * as ort from 'onnxruntime-node';
import type { ManifestTensor, ModelManifest } from '../../../shared/models';
import { seededUniform } from '../tfjs-convert/parity-inputs';
import type { ModelSession } from '../session';
import type { PackModelSpec } from './default-pack';

export const SELF_TEST_SEED = 7;
const SAMPLE_SIZE = 8;
/** Relative to the output's magnitude: the same file on another CPU or provider may round differently. */
export const SELF_TEST_TOLERANCE = 1e-3;

type SelfTest = ModelManifest['selfTest'];
type OutputSummary = SelfTest['outputs'][number];

export function selfTestFeeds(spec: PackModelSpec, inputs: readonly ManifestTensor[]): Record<string, ort.Tensor> {
  const examples = new Map(Object.values(spec.inputs).map((tensor) => [tensor.name, tensor.example]));
  const feeds: Record<string, ort.Tensor> = {};
  inputs.forEach((input, i) => {
    const example = examples.get(input.name);
    const shape = example?.shape ?? (input.shape ?? []).map((d) => (typeof d === 'number' ? d : 1));
    const count = shape.reduce((a, b) => a * b, 1);
    const [low, high] = spec.preprocessing.range;
    if (input.dtype === 'int64') {
      feeds[input.name] = new ort.Tensor('int64', BigInt64Array.from({ length: count }, () => BigInt(example?.fill ?? 0)), shape);
    } else {
      const data = example?.fill !== undefined ? new Float32Array(count).fill(example.fill) : seededUniform(count, SELF_TEST_SEED + i, low, high);
      feeds[input.name] = new ort.Tensor('float32', data, shape);
    }
  });
  return feeds;
}

export async function runSelfTest(session: ModelSession, spec: PackModelSpec, inputs: readonly ManifestTensor[]): Promise<SelfTest> {
  const { outputs } = await session.run(selfTestFeeds(spec, inputs));
  return {
    seed: SELF_TEST_SEED,
    outputs: Object.entries(outputs).map(([name, tensor]): OutputSummary => {
      const data = Array.from(tensor.data as Float32Array, Number);
      return {
        name,
        shape: tensor.dims.map(Number),
        mean: data.reduce((a, b) => a + b, 0) / Math.max(1, data.length),
        maxAbs: data.reduce((a, b) => Math.max(a, Math.abs(b)), 0),
        sample: data.slice(0, SAMPLE_SIZE),
      };
    }),
  };
}

/** Largest difference between two summaries of the same output, relative to its magnitude (at least 1). */
export function deviation(expected: OutputSummary, actual: OutputSummary): number {
  const scale = Math.max(1, expected.maxAbs);
  const pairs: [number, number][] = [[expected.mean, actual.mean], [expected.maxAbs, actual.maxAbs], ...expected.sample.map((v, i): [number, number] => [v, actual.sample[i] ?? NaN])];
  return Math.max(...pairs.map(([a, b]) => Math.abs(a - b) / scale));
}
