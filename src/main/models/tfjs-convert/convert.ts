/**
 * TF.js graph model → ONNX model. The graph's inputs are its signature inputs (else its Placeholders), its
 * outputs the signature outputs (else the nodes nothing reads), as TF.js decides. Only nodes the outputs
 * depend on are converted, as TF.js only runs those; every one of them must have a translator, or the
 * conversion fails naming the op, the node and the model. Inputs and outputs stay NHWC as in TF.js; a -1
 * batch axis becomes the symbolic dim 'batch'.
 */
import { basename } from 'node:path';
import { ViperError } from '../../../shared/errors';
import { buildModel, node, valueInfo, type Dim, type proto } from '../onnx/onnx-graph';
import { attrShape, attrType } from './attrs';
import { GraphEmitter } from './emitter';
import { parseTensorRef, signatureOf, type TfNode, type TfShape } from './model-json';
import type { TfjsModel } from './read-model';
import { TRANSLATORS } from './translators';

/**
 * Bumped whenever the converter's output for the same input changes; manifests record it. 3: the graph is
 * named by the model's path inside its package, not the absolute path (graphName below).
 */
export const CONVERTER_VERSION = 3;

/**
 * The ONNX graph's name: the source's path from its package on (`@vladmandic/human/models/faceres.json`),
 * else its file name. v2 wrote the absolute path, so the same pack built in two install folders differed in
 * bytes, and so in model ids and analysis signature: a queue worker installed elsewhere than the
 * workstation refused every job (queue/pack-mismatch) though its models computed the same.
 */
export function graphName(sourcePath: string): string {
  const normalised = sourcePath.replaceAll('\\', '/');
  const inPackages = normalised.lastIndexOf('node_modules/');
  return inPackages >= 0 ? normalised.slice(inPackages + 'node_modules/'.length) : basename(normalised);
}

export interface ConvertOptions {
  /** Public names for inputs, keyed by TF tensor name ("input_1:0" or "input_1"); default: the Placeholder's name. */
  inputNames?: Readonly<Record<string, string>>;
  /** Public names for outputs, keyed by TF tensor name ("Identity:0" or "Identity"); default: the TF node name. */
  outputNames?: Readonly<Record<string, string>>;
  /** Key/value pairs stored in the ONNX file (provenance). */
  metadata?: Readonly<Record<string, string>>;
  docString?: string;
  /** Prelu and relu6 as the graph writes them, as converter v1 did (the pipeline bench's "before" flow); default false. */
  activationsAsWritten?: boolean;
}

export interface TensorInfo {
  name: string;
  /** The TF.js tensor it corresponds to, e.g. "Identity_2:0". */
  tfjsName: string;
  /** Fixed sizes, 'batch' for a dynamic batch axis, null for another unknown size; null when even the rank is unknown. */
  shape: Dim[] | null;
}

export interface ConvertResult {
  onnx: Uint8Array;
  inputs: TensorInfo[];
  outputs: TensorInfo[];
  /** The TF ops converted, with how many nodes each. */
  ops: Record<string, number>;
}

const tensorName = (ref: string): string => {
  const { node: name, index } = parseTensorRef(ref);
  return `${name}:${index}`;
};

function dimsOf(sizes: readonly number[] | undefined): Dim[] | null {
  if (!sizes) return null;
  return sizes.map((size, axis) => (size >= 0 ? size : axis === 0 ? 'batch' : null));
}

const shapeSizes = (shape: TfShape | undefined): number[] | undefined => (shape?.unknownRank || !shape ? undefined : (shape.dim ?? []).map((d) => Number(d.size ?? -1)));

/** The nodes `outputs` depend on, inputs before users; a cycle is a corrupt graph. */
function nodesNeeded(model: string, nodes: ReadonlyMap<string, TfNode>, outputs: readonly string[]): TfNode[] {
  const order: TfNode[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, from: string): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') throw new ViperError('models/corrupt', `${model}: the graph has a cycle through node "${name}".`, { subject: model });
    const tfNode = nodes.get(name);
    if (!tfNode) throw new ViperError('models/corrupt', `${model}: "${from}" reads node "${name}", which the graph does not have.`, { subject: model });
    state.set(name, 'visiting');
    for (const ref of tfNode.input ?? []) if (!ref.startsWith('^')) visit(parseTensorRef(ref).node, name);
    state.set(name, 'done');
    order.push(tfNode);
  };
  for (const ref of outputs) visit(parseTensorRef(ref).node, 'the signature');
  return order;
}

/** Drops ONNX nodes and initializers nothing reads (e.g. a transpose made redundant by a later layer). */
function prune(nodes: readonly proto.INodeProto[], initializers: readonly proto.ITensorProto[], outputs: readonly string[]) {
  const needed = new Set(outputs);
  const kept: proto.INodeProto[] = [];
  for (const n of [...nodes].reverse()) {
    if (!(n.output ?? []).some((o) => needed.has(o))) continue;
    kept.push(n);
    for (const i of n.input ?? []) needed.add(i);
  }
  return { nodes: kept.reverse(), initializers: initializers.filter((t) => needed.has(t.name ?? '')) };
}

export function convertTfjsModel(model: TfjsModel, options: ConvertOptions = {}): ConvertResult {
  const where = model.path;
  const nodes = new Map(model.json.modelTopology.node.map((n) => [n.name, n]));
  const signature = signatureOf(model.json);
  const placeholders = model.json.modelTopology.node.filter((n) => n.op === 'Placeholder' || n.op === 'PlaceholderWithDefault');
  const inputRefs = signature.inputs ? Object.values(signature.inputs).map((entry) => entry.name) : placeholders.map((n) => n.name);
  const readers = new Set(model.json.modelTopology.node.flatMap((n) => (n.input ?? []).map((ref) => parseTensorRef(ref).node)));
  const outputRefs = signature.outputs
    ? Object.values(signature.outputs).map((entry) => entry.name)
    : model.json.modelTopology.node.filter((n) => !readers.has(n.name) && n.op !== 'Const' && !n.op.startsWith('Placeholder')).map((n) => n.name);
  if (outputRefs.length === 0) throw new ViperError('models/corrupt', `${where}: the graph has no outputs.`, { subject: where });

  const ctx = new GraphEmitter(where, nodes, model.weights, options.activationsAsWritten ?? false);
  const inputs: TensorInfo[] = inputRefs.map((ref) => {
    const placeholder = nodes.get(parseTensorRef(ref).node);
    if (!placeholder || !placeholder.op.startsWith('Placeholder')) throw new ViperError('models/corrupt', `${where}: signature input ${ref} is not a Placeholder.`, { subject: where });
    const dtype = attrType(placeholder, 'dtype') ?? 'DT_FLOAT';
    if (dtype !== 'DT_FLOAT') throw ctx.unsupported(placeholder, `is an input of type ${dtype}; the converter supports float32 inputs only.`);
    const tfjsName = tensorName(ref);
    const name = ctx.fresh(options.inputNames?.[ref] ?? options.inputNames?.[tfjsName] ?? placeholder.name);
    ctx.bind(placeholder, 0, name);
    return { name, tfjsName, shape: dimsOf(attrShape(placeholder, 'shape')) };
  });
  const inputNodes = new Set(inputs.map((input) => parseTensorRef(input.tfjsName).node));

  const ops: Record<string, number> = {};
  for (const tfNode of nodesNeeded(where, nodes, outputRefs)) {
    if (tfNode.op === 'Const' || inputNodes.has(tfNode.name)) continue;
    if (tfNode.op.startsWith('Placeholder')) throw ctx.unsupported(tfNode, 'is a graph input missing from the signature.');
    const translate = TRANSLATORS.get(tfNode.op);
    if (!translate) throw ctx.unsupported(tfNode, 'is not supported by the TF.js → ONNX converter. Supported ops are listed in src/main/models/tfjs-convert/translators.ts.');
    ctx.bind(tfNode, 0, translate(tfNode, ctx));
    ops[tfNode.op] = (ops[tfNode.op] ?? 0) + 1;
  }

  // Outputs get their public names by renaming the tensor that computes them, else through an Identity
  // (when that tensor is a graph input, a constant, or already another output).
  const hasBatch = inputs.some((input) => input.shape?.[0] === 'batch');
  const taken = new Set<string>();
  const renamed = new Map<string, string>();
  const outputs: TensorInfo[] = outputRefs.map((ref) => {
    const tfjsName = tensorName(ref);
    const wanted = options.outputNames?.[ref] ?? options.outputNames?.[tfjsName] ?? parseTensorRef(ref).node;
    const bound = ctx.tensor(ref, nodes.get(parseTensorRef(ref).node) ?? { name: ref, op: 'output' });
    const computed = renamed.get(bound) ?? bound;
    const name = computed === wanted ? computed : ctx.fresh(wanted);
    if (name !== computed) {
      if (ctx.isNodeOutput(computed) && !taken.has(computed)) {
        ctx.renameTensor(computed, name);
        renamed.set(bound, name);
      } else {
        ctx.nodes.push(node('Identity', [computed], [name], {}, `${name}/output`));
      }
    }
    taken.add(name);
    const entry = Object.values(signature.outputs ?? {}).find((e) => tensorName(e.name) === tfjsName);
    const dims = dimsOf(shapeSizes(entry?.tensorShape));
    // Signatures sometimes record batch 1 for a batch-agnostic graph (FaceRes does): follow the input.
    if (dims && hasBatch && dims.length > 0) dims[0] = 'batch';
    return { name, tfjsName, shape: dims };
  });

  const pruned = prune(ctx.nodes, ctx.initializers, outputs.map((o) => o.name));
  const onnx = buildModel({
    graphName: graphName(where),
    nodes: pruned.nodes,
    initializers: pruned.initializers,
    inputs: inputs.map((i) => valueInfo(i.name, 'float32', i.shape)),
    outputs: outputs.map((o) => valueInfo(o.name, 'float32', o.shape)),
    producerVersion: `tfjs-convert ${CONVERTER_VERSION}`,
    ...(options.docString !== undefined ? { docString: options.docString } : {}),
    ...(options.metadata ? { metadata: options.metadata } : {}),
  });
  return { onnx, inputs, outputs, ops };
}
