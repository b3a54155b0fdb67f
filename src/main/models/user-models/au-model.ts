/**
 * The FAU stage with a lab's own action-unit network (an ONNX export of, say, LibreFace's AU intensity
 * head or an OpenGraphAU model, held under the lab's own licence) in models/user/fau/<name>/:
 *   onnx/model.onnx   input pixel_values [N, 3, S, S] float32 (normalised RGB of the face crop),
 *                     output au_intensities [N, K] float32;
 *   config.json       "au_names": the K outputs in order, Py-Feat style ("AU01", "AU12", …); optional
 *                     "image_size" (S, default 224), "image_mean" / "image_std" (per channel on [0, 1]
 *                     pixels, default ImageNet's), "intensity_max" (the value that means full
 *                     intensity, e.g. 5 for DISFA-style 0–5 outputs; default 1).
 * Outputs are divided by intensity_max and clipped to [0, 1], the range of Py-Feat's AU values.
 */
import { join } from 'node:path';
import { Tensor } from 'onnxruntime-node';
import { ViperError } from '../../../shared/errors';
import { mapInBatches } from '../batch';
import type { ProviderName } from '../execution-providers';
import { DEFAULT_MAX_BATCH, openGraph, type EncoderOptions } from './encoder-options';
import type { RgbImage } from './image-input';
import { graphOf, readModelFolder, type JsonObject } from './model-folder';
import { requireSignature } from './signature';
import { STAGE_LAYOUTS } from './stages';

const IMAGENET_MEAN = [0.485, 0.456, 0.406];
const IMAGENET_STD = [0.229, 0.224, 0.225];
export const AU_INPUT = 'pixel_values';
export const AU_OUTPUT = 'au_intensities';

export interface AuModel {
  id: string;
  folder: string;
  /** What each output is, in output order. */
  auNames: readonly string[];
  /** The side of the square face crop the model reads. */
  imageSize: number;
  provider: ProviderName;
  /** K intensities in [0, 1] per crop (each crop imageSize × imageSize). */
  intensities(crops: readonly RgbImage[]): Promise<Float32Array[]>;
}

interface AuConfig {
  auNames: string[];
  imageSize: number;
  mean: number[];
  std: number[];
  intensityMax: number;
}

function readAuConfig(config: JsonObject, configPath: string): AuConfig {
  const bad = (what: string): ViperError =>
    new ViperError('models/bad-config', `${configPath}: ${what}. See the README's "A user AU model" for what config.json holds.`, { subject: configPath });
  const names = config.au_names;
  if (!Array.isArray(names) || names.length === 0 || !names.every((name) => typeof name === 'string' && /^AU\d{2}$/.test(name))) {
    throw bad(`"au_names" must list the model's outputs in order, each written AU and two digits ("AU01", "AU12"), found ${JSON.stringify(names)}`);
  }
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated !== undefined) throw bad(`"au_names" names ${String(repeated)} twice`);
  const number = (key: string, fallback: number, ok: (v: number) => boolean): number => {
    const value = config[key] ?? fallback;
    if (typeof value !== 'number' || !ok(value)) throw bad(`"${key}" is ${JSON.stringify(value)}`);
    return value;
  };
  const triple = (key: string, fallback: number[]): number[] => {
    const value = config[key] ?? fallback;
    if (!Array.isArray(value) || value.length !== 3 || !value.every((v) => typeof v === 'number' && Number.isFinite(v))) throw bad(`"${key}" must be three numbers (R, G, B), found ${JSON.stringify(value)}`);
    return value as number[];
  };
  const std = triple('image_std', IMAGENET_STD);
  if (std.some((v) => v <= 0)) throw bad(`"image_std" must be positive, found ${JSON.stringify(std)}`);
  return {
    auNames: names as string[],
    imageSize: number('image_size', 224, (v) => Number.isInteger(v) && v >= 8 && v <= 1024),
    mean: triple('image_mean', IMAGENET_MEAN),
    std,
    intensityMax: number('intensity_max', 1, (v) => Number.isFinite(v) && v > 0),
  };
}

function pixelValues(crops: readonly RgbImage[], config: AuConfig, graph: string): Tensor {
  const side = config.imageSize;
  const plane = side * side;
  const data = new Float32Array(crops.length * 3 * plane);
  crops.forEach((crop, n) => {
    if (crop.width !== side || crop.height !== side || crop.rgb.length !== plane * 3) {
      throw new ViperError('models/bad-input', `${graph}: crop ${n} is ${crop.width}×${crop.height}; the model reads ${side}×${side} RGB crops. Crop at the model's image_size.`, { subject: graph });
    }
    for (let p = 0; p < plane; p += 1) {
      for (let c = 0; c < 3; c += 1) data[(n * 3 + c) * plane + p] = ((crop.rgb[p * 3 + c] as number) / 255 - (config.mean[c] as number)) / (config.std[c] as number);
    }
  });
  return new Tensor('float32', data, [crops.length, 3, side, side]);
}

/** The output width the graph fixes, if it fixes one. */
function fixedWidth(dims: readonly (number | string)[] | undefined): number | undefined {
  const last = dims?.[dims.length - 1];
  return typeof last === 'number' ? last : undefined;
}

export async function loadAuModel(folder: string, options: EncoderOptions = {}): Promise<AuModel> {
  const model = await readModelFolder(folder, 'fau', options);
  const layout = STAGE_LAYOUTS.fau;
  const graph = graphOf(model, 'model');
  const configPath = join(model.folder, 'config.json');
  const config = readAuConfig(model.config, configPath);
  const session = await openGraph(graph, options);
  requireSignature(
    session,
    layout.title,
    { inputs: [{ name: AU_INPUT, type: 'float32', rank: 4 }], outputs: [{ name: AU_OUTPUT, type: 'float32', rank: 2 }] },
    `Export it with those names (torch.onnx.export(..., input_names=["${AU_INPUT}"], output_names=["${AU_OUTPUT}"])).`,
  );
  const count = config.auNames.length;
  const wrongCount = (found: number): ViperError =>
    new ViperError(
      'models/bad-config',
      `${graph}: gives ${found} AU values per face, but ${configPath} names ${count} in "au_names". List one name per output, in the model's output order.`,
      { subject: graph },
    );
  const meta = session.outputs.find((output) => output.name === AU_OUTPUT);
  const width = fixedWidth(meta?.isTensor ? meta.shape : undefined);
  if (width !== undefined && width !== count) throw wrongCount(width);
  const maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
  return {
    id: model.id,
    folder: model.folder,
    auNames: config.auNames,
    imageSize: config.imageSize,
    provider: session.provider,
    async intensities(crops) {
      return mapInBatches(crops, maxBatch, async (batch) => {
        const { outputs } = await session.run({ [AU_INPUT]: pixelValues(batch, config, graph) }, [AU_OUTPUT]);
        const data = outputs[AU_OUTPUT].data as Float32Array;
        // A graph with a free output width is checked on its first answer.
        if (data.length !== batch.length * count) throw wrongCount(data.length / Math.max(1, batch.length));
        return batch.map((_, i) => Float32Array.from(data.subarray(i * count, (i + 1) * count), (v) => Math.min(1, Math.max(0, v / config.intensityMax))));
      });
    },
  };
}
