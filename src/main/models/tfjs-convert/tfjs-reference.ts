/**
 * The original TF.js graph model, run by TF.js itself: the reference for parity tests and benchmarks.
 * Loads model.json and its shards through an in-memory IOHandler (no fetch, no tfjs-node). Imports TF.js
 * packages that are devDependencies: only tests and bench/ use this file, never the app.
 */
import { join, sep } from 'node:path';
import * as tfconv from '@tensorflow/tfjs-converter';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { packageDir } from '../pack/sources';
import type { TfjsModel } from './read-model';

export type TfjsBackend = 'cpu' | 'wasm';

/** Makes `backend` current, registering and initialising it on first use. */
export async function useTfjsBackend(backend: TfjsBackend): Promise<void> {
  // PROD skips TF.js's debug checks and its "install tfjs-node" banner (tfjs-node cannot be installed here).
  tf.env().set('PROD', true);
  if (backend === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // Offline: the .wasm binaries ship in the package's dist folder; point the loader there instead of a CDN.
    wasm.setWasmPaths(`${join(packageDir('@tensorflow/tfjs-backend-wasm'), 'dist')}${sep}`);
  }
  if (!(await tf.setBackend(backend))) throw new Error(`TF.js backend "${backend}" failed to initialise`);
  await tf.ready();
}

/** A GraphModel built from an already-read TF.js model (see readTfjsModel). */
export async function loadTfjsGraphModel(model: TfjsModel): Promise<tfconv.GraphModel> {
  const [, ...shards] = model.sources;
  const size = shards.reduce((sum, shard) => sum + shard.bytes.byteLength, 0);
  const weightData = new Uint8Array(size);
  let at = 0;
  for (const shard of shards) {
    weightData.set(shard.bytes, at);
    at += shard.bytes.byteLength;
  }
  const { json } = model;
  const handler: tf.io.IOHandler = {
    load: async () => ({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((group) => group.weights) as tf.io.WeightsManifestEntry[],
      weightData: weightData.buffer,
      format: json.format,
      generatedBy: json.generatedBy,
      convertedBy: json.convertedBy,
      ...(json.signature ? { signature: json.signature } : {}),
      ...(json.userDefinedMetadata ? { userDefinedMetadata: json.userDefinedMetadata } : {}),
    }),
  };
  return tfconv.loadGraphModel(handler);
}

/** Runs the graph on one float32 NHWC input and returns the named outputs as flat arrays with shapes. */
export function runTfjs(graph: tfconv.GraphModel, input: Float32Array, shape: readonly number[], outputs: readonly string[]): { data: Float32Array; shape: number[] }[] {
  return tf.tidy(() => {
    const x = tf.tensor(input, [...shape], 'float32');
    const result = graph.execute(x, [...outputs]);
    return (Array.isArray(result) ? result : [result]).map((t) => ({ data: t.dataSync() as Float32Array, shape: t.shape }));
  });
}
