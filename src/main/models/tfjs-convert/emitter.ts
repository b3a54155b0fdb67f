/**
 * The state of one conversion: which ONNX tensor holds each TF.js tensor, the ONNX nodes and initializers
 * emitted so far, unique names, and the NHWC ⇄ NCHW transposes around convolutions and pools. Translators
 * (ops/*.ts) read TF nodes and call this; they never build protobuf themselves.
 */
import { ViperError } from '../../../shared/errors';
import { attr, initializer, int64Initializer, node, type Attribute, type InitializerData, type proto } from '../onnx/onnx-graph';
import { parseTensorRef, type TfNode } from './model-json';
import type { DecodedWeight } from './weights';

export const TO_NCHW = [0, 3, 1, 2] as const;
export const TO_NHWC = [0, 2, 3, 1] as const;

export class GraphEmitter {
  readonly nodes: proto.INodeProto[] = [];
  readonly initializers: proto.ITensorProto[] = [];
  private readonly usedNames = new Set<string>();
  /** "tfNode:outputIndex" → the ONNX tensor holding it. */
  private readonly bound = new Map<string, string>();
  /** "nchw:x" / "nhwc:x" → tensor x in that layout, so a tensor feeding two convolutions is transposed once. */
  private readonly otherLayout = new Map<string, string>();

  /**
   * @param model names the model in error messages (its model.json path).
   * @param tfNodes every node of the graph by name; Const nodes become initializers when first used.
   * @param activationsAsWritten emit Prelu and relu6 chains as the graph writes them (converter v1's
   *   output), not in ONNX Runtime's faster form (ops/activation.ts): the pipeline bench's "before" flow.
   */
  constructor(
    readonly model: string,
    private readonly tfNodes: ReadonlyMap<string, TfNode>,
    private readonly weights: ReadonlyMap<string, DecodedWeight>,
    readonly activationsAsWritten = false,
  ) {}

  /** An error naming the model, the node and its op, with what is wrong. */
  unsupported(tfNode: TfNode, detail: string): ViperError {
    return new ViperError('models/unsupported-op', `${this.model}: node "${tfNode.name}" (op ${tfNode.op}) ${detail}`, { subject: this.model });
  }

  /** A name not used yet, derived from `base` (TF node names are unique, so usually `base` itself). */
  fresh(base: string): string {
    let name = base;
    for (let i = 1; this.usedNames.has(name); i++) name = `${base}_${i}`;
    this.usedNames.add(name);
    return name;
  }

  /** Renames the tensor `from` (a node output) to `to` (a name from fresh()) wherever it appears. */
  renameTensor(from: string, to: string): void {
    for (const n of this.nodes) {
      n.input = (n.input ?? []).map((name) => (name === from ? to : name));
      n.output = (n.output ?? []).map((name) => (name === from ? to : name));
    }
  }

  /** True when `name` is the output of an emitted node (not a graph input or an initializer). */
  isNodeOutput(name: string): boolean {
    return this.nodes.some((n) => (n.output ?? []).includes(name));
  }

  bind(tfNode: TfNode, outputIndex: number, onnxName: string): void {
    this.bound.set(`${tfNode.name}:${outputIndex}`, onnxName);
  }

  /** The Const node behind a tensor reference, or undefined when the tensor is computed. */
  private constNode(ref: string): TfNode | undefined {
    const target = this.tfNodes.get(parseTensorRef(ref).node);
    return target?.op === 'Const' ? target : undefined;
  }

  /** The TF node that computes `ref`, if the graph has it. */
  tfNode(ref: string): TfNode | undefined {
    return this.tfNodes.get(parseTensorRef(ref).node);
  }

  isConstant(ref: string): boolean {
    return this.constNode(ref) !== undefined;
  }

  /** The ONNX tensor for input `ref` of `user`; a Const becomes an initializer on first use. */
  tensor(ref: string, user: TfNode): string {
    const { node: name, index } = parseTensorRef(ref);
    const key = `${name}:${index}`;
    const known = this.bound.get(key);
    if (known !== undefined) return known;
    const constNode = this.constNode(ref);
    if (!constNode) throw this.unsupported(user, `reads ${ref}, which is not computed by any converted node.`);
    const weight = this.weightOf(constNode, user);
    const onnxName = this.addInitializer(constNode.name, weight.data, weight.shape);
    this.bound.set(key, onnxName);
    return onnxName;
  }

  private weightOf(constNode: TfNode, user: TfNode): DecodedWeight {
    const weight = this.weights.get(constNode.name);
    if (!weight) throw new ViperError('models/corrupt', `${this.model}: constant "${constNode.name}" (used by "${user.name}") has no entry in the weights manifest.`, { subject: this.model });
    return weight;
  }

  /** The value of a constant input (a filter, axes, a shape); an error when the input is computed at run time. */
  constant(ref: string | undefined, user: TfNode, role: string): DecodedWeight {
    const constNode = ref === undefined ? undefined : this.constNode(ref);
    if (!constNode) throw this.unsupported(user, `needs its ${role} as a constant; ${ref === undefined ? 'the input is missing' : `${ref} is computed at run time`}.`);
    return this.weightOf(constNode, user);
  }

  /** A constant input read as whole numbers (axes, paddings, shapes, slice bounds). */
  constantInts(ref: string | undefined, user: TfNode, role: string): number[] {
    return Array.from(this.constant(ref, user, role).data, Number);
  }

  /** Data input `index` of a TF node, which must exist. */
  input(tfNode: TfNode, index: number): string {
    const ref = tfNode.input?.[index];
    if (ref === undefined) throw this.unsupported(tfNode, `has no input ${index}.`);
    return this.tensor(ref, tfNode);
  }

  /** Emits one ONNX node with a single output named after `base`, and returns that output's name. */
  emit(opType: string, inputs: readonly string[], base: string, attributes: Readonly<Record<string, Attribute>> = {}): string {
    const output = this.fresh(base);
    this.nodes.push(node(opType, inputs, [output], attributes));
    return output;
  }

  addInitializer(base: string, data: InitializerData, dims: readonly number[]): string {
    const name = this.fresh(base);
    this.initializers.push(initializer(name, data, dims));
    return name;
  }

  int64(base: string, values: readonly number[]): string {
    const name = this.fresh(base);
    this.initializers.push(int64Initializer(name, values));
    return name;
  }

  floatScalar(base: string, value: number): string {
    return this.addInitializer(base, Float32Array.of(value), []);
  }

  /** NHWC → NCHW for ONNX's Conv and pools; ONNX Runtime's transpose optimiser cancels the pairs. */
  toNchw(name: string): string {
    return this.transposed(name, 'nchw');
  }

  toNhwc(name: string): string {
    return this.transposed(name, 'nhwc');
  }

  private transposed(name: string, to: 'nchw' | 'nhwc'): string {
    const known = this.otherLayout.get(`${to}:${name}`);
    if (known !== undefined) return known;
    const output = this.emit('Transpose', [name], `${name}/${to}`, { perm: attr.ints(to === 'nchw' ? TO_NCHW : TO_NHWC) });
    this.otherLayout.set(`${to}:${name}`, output);
    // Transposing back gives the original tensor: a conv feeding a conv needs no transposes at all.
    this.otherLayout.set(`${to === 'nchw' ? 'nhwc' : 'nchw'}:${output}`, name);
    return output;
  }
}
