/**
 * Typed reads of GraphDef node attributes. Strings arrive base64-encoded and int64 values as strings
 * (protobuf's JSON mapping); a missing attribute gives the caller's default, the value TF.js assumes.
 */
import type { TfAttrValue, TfNode } from './model-json';

function attrOf(node: TfNode, name: string): TfAttrValue | undefined {
  return node.attr?.[name];
}

const decodeBase64 = (text: string): string => Buffer.from(text, 'base64').toString('utf8');

export function attrString(node: TfNode, name: string, fallback: string): string {
  const value = attrOf(node, name)?.s;
  return value === undefined ? fallback : decodeBase64(value);
}

export function attrStrings(node: TfNode, name: string): string[] {
  return (attrOf(node, name)?.list?.s ?? []).map(decodeBase64);
}

export function attrInt(node: TfNode, name: string, fallback: number): number {
  const value = attrOf(node, name)?.i;
  return value === undefined ? fallback : Number(value);
}

export function attrInts(node: TfNode, name: string, fallback: readonly number[]): number[] {
  const list = attrOf(node, name)?.list?.i;
  return list === undefined || list.length === 0 ? [...fallback] : list.map(Number);
}

export function attrFloat(node: TfNode, name: string, fallback: number): number {
  return attrOf(node, name)?.f ?? fallback;
}

export function attrBool(node: TfNode, name: string, fallback: boolean): boolean {
  return attrOf(node, name)?.b ?? fallback;
}

export function attrType(node: TfNode, name: string): string | undefined {
  return attrOf(node, name)?.type;
}

/** A shape attribute as sizes, -1 for unknown; undefined when absent or of unknown rank. */
export function attrShape(node: TfNode, name: string): number[] | undefined {
  const shape = attrOf(node, name)?.shape;
  if (!shape || shape.unknownRank) return undefined;
  return (shape.dim ?? []).map((d) => Number(d.size ?? -1));
}
