/**
 * A finished fusion run recorded in a real store with an exported Perceiver of random weights (scaled up
 * so that attention is far from uniform and the modalities move the outputs), for tests and the benchmark
 * that need a run's ONNX model without the minutes training takes. Its sha256 is recorded as training does.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { PerceiverSize } from '../fusion/config';
import type { FeatureLayout } from '../fusion/feature-reader';
import { exportPerceiverOnnx, sha256 } from '../fusion/onnx-export';
import { disposeParams, initParams, readParams, type Params } from '../fusion/perceiver-params';
import type { Db } from '../store/database';
import { RunsStore } from '../store/runs-store';

/** The run id, the ONNX file and its bytes; `params` are kept for a direct computation until disposed. */
export function writeUntrainedRun(db: Db, dir: string, layout: FeatureLayout, size: PerceiverSize, seed = 4): { runId: number; onnxPath: string; bytes: Uint8Array; params: Params; dispose: () => void } {
  const shape = { size, tokenDim: layout.tokenDim };
  const params = initParams(shape, seed);
  for (const [name, v] of params) if (name.endsWith('.w') || name === 'latents' || name === 'dec.query') v.assign(tf.mul(v, 12));
  // The head's bias puts the outputs mid-range, so that most are not clipped to 0 or 1.
  params.get('head.b')?.assign(tf.fill([7], 0.5));
  const bytes = exportPerceiverOnnx(shape, readParams(params));
  const runs = new RunsStore(db);
  const runId = runs.create('perceiver', layout.modalities, { layout, size }, '2026-12-06T00:00:00.000Z');
  const onnxPath = join(dir, `run-${runId}.onnx`);
  writeFileSync(onnxPath, bytes);
  runs.update(runId, { state: 'done', onnxPath, onnxSha256: sha256(bytes), finishedAt: '2026-12-06T00:00:00.000Z' });
  return { runId, onnxPath, bytes, params, dispose: () => disposeParams(params) };
}
