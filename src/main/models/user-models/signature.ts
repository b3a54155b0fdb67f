/**
 * Checks that a user's ONNX graph is the export a stage expects (input and output names, element
 * types, ranks) and that its width agrees with config.json, when the model is loaded rather than
 * when the first batch fails.
 */
import type { Tensor } from 'onnxruntime-node';
import { ViperError } from '../../../shared/errors';
import { describeInput } from '../input-check';
import type { ModelSession, ValueMetadata } from '../session';

export interface TensorNeed {
  name: string;
  type: Tensor.Type;
  rank: number;
}

export interface Signature {
  inputs: readonly TensorNeed[];
  /** Inputs the stage can feed when the graph declares them (e.g. attention_mask). */
  optionalInputs?: readonly TensorNeed[];
  outputs: readonly TensorNeed[];
}

function matches(meta: ValueMetadata | undefined, need: TensorNeed): boolean {
  if (meta === undefined || !meta.isTensor || meta.type !== need.type) return false;
  // An empty shape is an unknown one: the export did not record it, so it cannot disagree.
  return meta.shape.length === 0 || meta.shape.length === need.rank;
}

function needText(needs: readonly TensorNeed[]): string {
  return needs.map((need) => `${need.name} (${need.type}, ${need.rank} dims)`).join(', ');
}

/** Throws 'models/wrong-signature' naming the graph, what the stage needs, what it has, and `fix`. */
export function requireSignature(session: ModelSession, stageTitle: string, signature: Signature, fix: string): void {
  const byName = (list: readonly ValueMetadata[]) => new Map(list.map((meta) => [meta.name, meta]));
  const inputs = byName(session.inputs);
  const outputs = byName(session.outputs);
  const feedable = new Set([...signature.inputs, ...(signature.optionalInputs ?? [])].map((need) => need.name));
  const wrong =
    signature.inputs.some((need) => !matches(inputs.get(need.name), need)) ||
    (signature.optionalInputs ?? []).some((need) => inputs.has(need.name) && !matches(inputs.get(need.name), need)) ||
    session.inputs.some((meta) => !feedable.has(meta.name)) ||
    signature.outputs.some((need) => !matches(outputs.get(need.name), need));
  if (!wrong) return;
  const optional = signature.optionalInputs?.length ? ` (optionally ${needText(signature.optionalInputs)})` : '';
  throw new ViperError(
    'models/wrong-signature',
    `${session.modelPath}: the ${stageTitle} needs input ${needText(signature.inputs)}${optional} and output ${needText(signature.outputs)}, ` +
      `but this graph has inputs ${session.inputs.map(describeInput).join(', ')} and outputs ${session.outputs.map(describeInput).join(', ')}. ${fix}`,
    { subject: session.modelPath },
  );
}

/**
 * The embedding width: config.json's value, cross-checked with the output's last dim when the graph
 * fixes it. Throws 'models/bad-config' when they disagree or neither says.
 */
export function embeddingWidth(session: ModelSession, output: string, configPath: string, configKey: string, configValue: unknown): number {
  const meta = session.outputs.find((candidate) => candidate.name === output);
  const last = meta?.isTensor ? meta.shape[meta.shape.length - 1] : undefined;
  const graphWidth = typeof last === 'number' ? last : undefined;
  const configWidth = typeof configValue === 'number' && Number.isInteger(configValue) && configValue > 0 ? configValue : undefined;
  if (configWidth !== undefined && graphWidth !== undefined && configWidth !== graphWidth) {
    throw new ViperError(
      'models/bad-config',
      `${configPath}: ${configKey} is ${configWidth} but ${session.modelPath} gives ${output} ${graphWidth} wide. The config and the graph come from different exports: export the model again into one folder.`,
      { subject: configPath },
    );
  }
  const width = configWidth ?? graphWidth;
  if (width === undefined) {
    throw new ViperError(
      'models/bad-config',
      `${configPath}: has no ${configKey}, and ${session.modelPath} does not fix the width of ${output}. Restore config.json from the export.`,
      { subject: configPath },
    );
  }
  return width;
}
