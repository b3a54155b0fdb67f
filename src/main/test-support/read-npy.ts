/**
 * A .npy reader for tests, written from the format spec independently of the writer
 * (pipeline/export/npy.ts), so a round trip checks the writer against the spec, not against itself.
 * Reads version 1.0 little-endian float32 C-order files only, and says which part is off otherwise.
 */
import { readFileSync } from 'node:fs';

export interface NpyArray {
  shape: number[];
  /** Bytes before the data: must be a multiple of 16 (the spec), 64 in NumPy's own files. */
  dataOffset: number;
  data: Float32Array;
}

export function readNpy(path: string): NpyArray {
  const bytes = readFileSync(path);
  if (bytes[0] !== 0x93 || bytes.toString('latin1', 1, 6) !== 'NUMPY') throw new Error(`${path}: no .npy magic`);
  if (bytes[6] !== 1 || bytes[7] !== 0) throw new Error(`${path}: format version ${bytes[6]}.${bytes[7]}, expected 1.0`);
  const headerLength = bytes.readUInt16LE(8);
  const dataOffset = 10 + headerLength;
  const header = bytes.toString('latin1', 10, dataOffset);
  if (!header.endsWith('\n')) throw new Error(`${path}: header does not end with a newline`);
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr !== '<f4' || fortran !== 'False' || shapeText === undefined) throw new Error(`${path}: unexpected header ${header.trim()}`);
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  if (bytes.length - dataOffset !== count * 4) throw new Error(`${path}: ${bytes.length - dataOffset} data bytes for shape (${shape.join(', ')})`);
  const data = new Float32Array(count);
  new Uint8Array(data.buffer).set(bytes.subarray(dataOffset));
  return { shape, dataOffset, data };
}
