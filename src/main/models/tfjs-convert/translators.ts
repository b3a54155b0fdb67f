/** Every TF op the converter translates, by TF op name. An op missing here is an 'models/unsupported-op' error. */
import type { GraphEmitter } from './emitter';
import type { TfNode } from './model-json';
import { convTranslators } from './ops/conv';
import { elementwiseTranslators } from './ops/elementwise';
import { matmulTranslators } from './ops/matmul';
import { reduceTranslators } from './ops/reduce';
import { shapeTranslators } from './ops/shape';

/** Emits the ONNX nodes for one TF node and returns the ONNX tensor holding its (single) output. */
export type Translator = (tfNode: TfNode, ctx: GraphEmitter) => string;

export const TRANSLATORS: ReadonlyMap<string, Translator> = new Map<string, Translator>(
  Object.entries({ ...convTranslators, ...elementwiseTranslators, ...matmulTranslators, ...reduceTranslators, ...shapeTranslators }),
);

export const SUPPORTED_OPS: readonly string[] = [...TRANSLATORS.keys()].sort();
