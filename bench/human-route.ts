/**
 * The route the pipeline replaces: @vladmandic/human 3.3.6 doing the face analysis itself, in Node, on
 * TF.js's wasm backend (SIMD, single-threaded under Node), with the same models from its own models/
 * folder. Loaded offline: the Node wasm bundle by path, the .wasm binaries from tfjs-backend-wasm's dist/
 * folder (a file path), and model.json + .bin files read from disk by a TF.js load router for file://
 * URLs — nothing is fetched. Result caching is off (skipFrames 0, skipTime 0, cacheSensitivity 0), so
 * every frame runs every enabled model, as the pipeline does.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Config, Human } from '@vladmandic/human';
import { packageDir } from '../src/main/models/pack/sources';
import type { RgbImage } from '../src/main/pipeline/face-crop';

export interface HumanRoute {
  name: string;
  face: { iris: boolean; emotion: boolean; description: boolean };
  /** What was measured for this route elsewhere (ms per frame), for comparison. */
  referenceMsPerFrame: string | null;
}

export const HUMAN_ROUTES: readonly HumanRoute[] = [
  { name: 'detector + mesh + emotion', face: { iris: false, emotion: true, description: false }, referenceMsPerFrame: '44–46' },
  { name: 'detector + mesh + emotion + FaceRes (the pipeline\'s models)', face: { iris: false, emotion: true, description: true }, referenceMsPerFrame: null },
  { name: 'all face models (+ iris)', face: { iris: true, emotion: true, description: true }, referenceMsPerFrame: '138' },
];

/** The slice of Human's TF.js namespace used here (Human types it as any). */
interface HumanTf {
  io: { registerLoadRouter(router: (url: string | string[]) => { load(): Promise<unknown> } | null): void };
  tensor(values: Uint8Array, shape: number[], dtype: 'int32'): { dispose(): void };
  getBackend(): string;
}

const NO_CACHE = { skipFrames: 0, skipTime: 0 };

function routeConfig(route: HumanRoute): Partial<Config> {
  return {
    face: {
      enabled: true,
      detector: { ...NO_CACHE, rotation: false },
      mesh: { enabled: true },
      iris: { enabled: route.face.iris, ...NO_CACHE },
      emotion: { enabled: route.face.emotion, ...NO_CACHE },
      description: { enabled: route.face.description, ...NO_CACHE },
    },
  };
}

/** TF.js model artifacts from a model.json on disk and its weight shards, concatenated in manifest order. */
function readArtifacts(jsonPath: string): unknown {
  const json = JSON.parse(readFileSync(jsonPath, 'utf8')) as { modelTopology: unknown; weightsManifest: { paths: string[]; weights: unknown[] }[]; format?: string; generatedBy?: string; convertedBy?: string };
  const shards = json.weightsManifest.flatMap((group) => group.paths.map((p) => readFileSync(join(dirname(jsonPath), p))));
  const weights = Buffer.concat(shards);
  return {
    modelTopology: json.modelTopology,
    weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
    weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy,
  };
}

/** A Human instance on the wasm backend with every face model of HUMAN_ROUTES loaded from disk. */
export async function openHuman(): Promise<Human> {
  const humanDir = packageDir('@vladmandic/human');
  const require = createRequire(import.meta.url);
  const { Human: HumanClass } = require(join(humanDir, 'dist', 'human.node-wasm.js')) as { Human: new (config: Partial<Config>) => Human };
  const human = new HumanClass({
    backend: 'wasm',
    wasmPath: `${join(packageDir('@tensorflow/tfjs-backend-wasm'), 'dist')}${sep}`,
    modelBasePath: `${pathToFileURL(join(humanDir, 'models')).href}/`,
    cacheModels: false,
    warmup: 'none',
    debug: false,
    cacheSensitivity: 0,
    filter: { enabled: false },
    gesture: { enabled: false },
    body: { enabled: false },
    hand: { enabled: false },
    object: { enabled: false },
    segmentation: { enabled: false },
    ...routeConfig(HUMAN_ROUTES[HUMAN_ROUTES.length - 1] as HumanRoute),
  });
  const tf = human.tf as HumanTf;
  tf.io.registerLoadRouter((url) => {
    const first = Array.isArray(url) ? url[0] : url;
    return typeof first === 'string' && first.startsWith('file://') ? { load: () => Promise.resolve(readArtifacts(fileURLToPath(first))) } : null;
  });
  await human.load();
  const loaded = human.models.loaded();
  const missing = ['blazeface', 'facemesh', 'iris', 'emotion', 'faceres'].filter((m) => !loaded.includes(m));
  if (missing.length > 0 || tf.getBackend() !== 'wasm') throw new Error(`Human did not load offline: backend ${tf.getBackend()}, models loaded ${loaded.join(', ')}, missing ${missing.join(', ')}`);
  return human;
}

/** Milliseconds of human.detect over the frames (input tensors made outside the clock), and how many frames had a face. */
export async function timeHumanRoute(human: Human, route: HumanRoute, frames: readonly RgbImage[]): Promise<{ ms: number; framesWithFace: number }> {
  const tf = human.tf as HumanTf;
  const config = routeConfig(route);
  let ms = 0;
  let framesWithFace = 0;
  for (const frame of frames) {
    const input = tf.tensor(frame.rgb, [1, frame.height, frame.width, 3], 'int32');
    const started = performance.now();
    const result = await human.detect(input as Parameters<Human['detect']>[0], config);
    ms += performance.now() - started;
    input.dispose();
    if (result.error) throw new Error(`Human (${route.name}): ${result.error}`);
    if (result.face.length > 0) framesWithFace += 1;
  }
  return { ms, framesWithFace };
}
