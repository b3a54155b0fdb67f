/**
 * RGB crops to a model's pixel_values, following its preprocessor_config.json through the
 * transformers.js image processor (resize, crop, rescale, mean/std), with two corrections so the
 * pixels match what Python's processors give:
 *   - a bare integer `size` (older exports write `"size": 224`) means a square for ViT and a shortest
 *     edge for CLIP in Python, while transformers.js fits the image inside a square; left alone, a 4:3
 *     crop would reach ViT as 224×168;
 *   - the resize itself is Pillow's (pil-resize.ts), done before the processor, whose own resize then
 *     finds the image at its target size and leaves it.
 */
import { RawImage } from '@huggingface/transformers';
import { Tensor } from 'onnxruntime-node';
import { ViperError } from '../../../shared/errors';
import { isPillowFilter, resizeRgb } from './pil-resize';
import type { ImageProcessor } from './transformers-local';

/** A crop as the media and face stages hand it over: row-major RGB, 3 bytes a pixel. */
export interface RgbImage {
  width: number;
  height: number;
  rgb: Uint8Array;
}

export type LegacySizeMeaning = 'square' | 'shortest-edge';

/** Gives a bare integer `size` the meaning Python's processor class gives it. */
export function applyLegacySize(processor: ImageProcessor, meaning: LegacySizeMeaning): void {
  const size: unknown = processor.size;
  if (typeof size !== 'number') return;
  processor.size = meaning === 'square' ? { height: size, width: size } : { shortest_edge: size };
}

function toRawImage(model: string, crop: RgbImage, index: number): RawImage {
  const { width, height, rgb } = crop;
  const valid = Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0;
  if (!valid || rgb.length !== width * height * 3) {
    throw new ViperError(
      'models/bad-input',
      `${model}: crop ${index} is ${width}×${height} with ${rgb.length} bytes; expected ${valid ? width * height * 3 : 'positive whole-pixel dimensions and'} bytes of RGB (3 a pixel). Pass the crop's own width, height and RGB bytes.`,
      { subject: model },
    );
  }
  return new RawImage(rgb, width, height, 3);
}

/** The crop at the size the processor resizes to, resized as Pillow would. */
function resizedAsPillow(processor: ImageProcessor, image: RawImage): RawImage {
  if (!processor.do_resize || processor.do_thumbnail || !isPillowFilter(processor.resample)) return image;
  const [width, height] = processor.get_resize_output_image_size(image, processor.size);
  const rgb = resizeRgb(image.data as Uint8Array, image.width, image.height, width, height, processor.resample);
  return new RawImage(rgb, width, height, 3);
}

/**
 * pixel_values [crops.length, 3, H, W] float32. `modelSize` is the square the model was trained on
 * (config.json image_size); a processor that produces another size is 'models/bad-config'.
 */
export async function pixelValues(
  processor: ImageProcessor,
  crops: readonly RgbImage[],
  model: string,
  preprocessorPath: string,
  modelSize: number | undefined,
): Promise<Tensor> {
  const images = crops.map((crop, index) => resizedAsPillow(processor, toRawImage(model, crop, index)));
  const { pixel_values: pixels } = (await processor(images)) as { pixel_values: { data: Float32Array; dims: number[] } };
  const [, , height, width] = pixels.dims;
  if (modelSize !== undefined && (height !== modelSize || width !== modelSize)) {
    throw new ViperError(
      'models/bad-config',
      `${preprocessorPath}: resizes crops to ${width}×${height}, but config.json says the model takes ${modelSize}×${modelSize} images. Restore preprocessor_config.json from the same export as the model.`,
      { subject: preprocessorPath },
    );
  }
  return new Tensor('float32', pixels.data, pixels.dims);
}
