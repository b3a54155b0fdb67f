/**
 * Checks feeds against a model's declared inputs before onnxruntime sees them, so a mismatch is a
 * ViperError that names the model, the input, what was expected and what was found, instead of a
 * native error about a node deep inside the graph.
 */
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { ViperError } from '../../shared/errors';

type ValueMetadata = InferenceSession.ValueMetadata;

/** "float32 [batch, 3, 224, 224]", the way errors print a declared input. */
export function describeInput(meta: ValueMetadata): string {
  if (!meta.isTensor) return `${meta.name} (not a tensor)`;
  return `${meta.name} (${meta.type} [${meta.shape.join(', ')}])`;
}

function shapeText(dims: readonly number[]): string {
  return `[${dims.join(', ')}]`;
}

function badInput(model: string, message: string): ViperError {
  return new ViperError('models/bad-input', `${model}: ${message}`, { subject: model });
}

/**
 * Throws 'models/bad-input' when the feeds do not match: an unknown or missing name, another element
 * type, another rank, a fixed dim of another size, or one symbolic dim (e.g. "batch") given two sizes.
 * `model` is how errors name the model (its path).
 */
export function checkFeeds(model: string, inputs: readonly ValueMetadata[], feeds: Readonly<Record<string, Tensor>>): void {
  const declared = new Map(inputs.map((meta) => [meta.name, meta]));
  const all = inputs.map(describeInput).join(', ');
  for (const name of Object.keys(feeds)) {
    if (!declared.has(name)) {
      throw badInput(model, `has no input "${name}"; its inputs are ${all}. Rename the feed, or check that this file is the export you meant.`);
    }
  }
  const symbolSizes = new Map<string, { size: number; input: string }>();
  for (const meta of inputs) {
    const tensor = feeds[meta.name];
    if (tensor === undefined) {
      throw badInput(model, `input "${meta.name}" was not given; the model needs all of ${all}.`);
    }
    if (!meta.isTensor) continue;
    const expected = `${meta.type} [${meta.shape.join(', ')}]`;
    const found = `${tensor.type} ${shapeText(tensor.dims)}`;
    if (tensor.type !== meta.type) {
      throw badInput(model, `input "${meta.name}" expects ${expected}, found ${found}. Convert the data to ${meta.type} before running.`);
    }
    // An empty declared shape with a non-scalar tensor means the export left the shape unknown.
    if (meta.shape.length === 0 && tensor.dims.length > 0) continue;
    if (tensor.dims.length !== meta.shape.length) {
      throw badInput(
        model,
        `input "${meta.name}" expects ${meta.shape.length} dims ${expected}, found ${tensor.dims.length} dims ${found}. ` +
          `Reshape it to [${meta.shape.join(', ')}] (a batch of one item still has its batch dim).`,
      );
    }
    meta.shape.forEach((dim, axis) => {
      const size = tensor.dims[axis] ?? -1;
      if (typeof dim === 'number') {
        if (size !== dim) {
          throw badInput(model, `input "${meta.name}" expects ${expected}, found ${found}: dim ${axis} must be ${dim}, not ${size}.`);
        }
        return;
      }
      // Unnamed symbolic dims ('' or a generated name per input) bind nothing across inputs.
      if (dim === '' || dim.startsWith('unk__')) return;
      const seen = symbolSizes.get(dim);
      if (seen === undefined) {
        symbolSizes.set(dim, { size, input: meta.name });
      } else if (seen.size !== size) {
        throw badInput(
          model,
          `inputs "${seen.input}" and "${meta.name}" share dim "${dim}" but give it sizes ${seen.size} and ${size}. ` +
            `Give both the same ${dim} (pad to the longest item).`,
        );
      }
    });
  }
}
