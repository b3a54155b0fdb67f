/**
 * @file Checkpoint files: named float32 tensors (parameters, and AdamW's moments for resuming) with a JSON
 * header. Layout: "VIPERCK1", u32 header length (LE), header JSON, then each tensor's little-endian float32
 * values at the offset the header gives. Written to a temporary file and renamed, so a run cancelled or
 * killed mid-write leaves the previous checkpoint intact.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { ViperError } from '../../shared/errors';

const MAGIC = 'VIPERCK1';

export interface CheckpointFile<Meta> {
  meta: Meta;
  tensors: Map<string, Float32Array>;
}

interface Header<Meta> {
  meta: Meta;
  tensors: { name: string; offset: number; length: number }[];
}

export function writeCheckpoint<Meta>(path: string, meta: Meta, tensors: ReadonlyMap<string, Float32Array>): void {
  let offset = 0;
  const entries = [...tensors].map(([name, data]) => {
    const entry = { name, offset, length: data.length };
    offset += data.length;
    return entry;
  });
  const header = Buffer.from(JSON.stringify({ meta, tensors: entries } satisfies Header<Meta>));
  // Pad the header so the float32 block starts 4-byte aligned and can be viewed without copying.
  const headerLength = Math.ceil((MAGIC.length + 4 + header.length) / 4) * 4 - MAGIC.length - 4;
  const file = Buffer.alloc(MAGIC.length + 4 + headerLength + offset * 4, 0x20);
  file.write(MAGIC, 0, 'latin1');
  file.writeUInt32LE(headerLength, MAGIC.length);
  header.copy(file, MAGIC.length + 4);
  const dataStart = MAGIC.length + 4 + headerLength;
  for (const [name, data] of tensors) {
    const entry = entries.find((e) => e.name === name);
    if (entry) Buffer.from(data.buffer, data.byteOffset, data.byteLength).copy(file, dataStart + entry.offset * 4);
  }
  const temporary = `${path}.partial`;
  writeFileSync(temporary, file);
  renameSync(temporary, path);
}

export function readCheckpoint<Meta>(path: string): CheckpointFile<Meta> {
  let file: Buffer;
  try {
    file = readFileSync(path);
  } catch (error) {
    throw new ViperError('fusion/checkpoint-unreadable', `${path}: checkpoint not found (${(error as Error).message}). Train the run again without --resume.`, { subject: path, cause: error });
  }
  if (file.subarray(0, MAGIC.length).toString('latin1') !== MAGIC) {
    throw new ViperError('fusion/checkpoint-unreadable', `${path}: not a ViPER checkpoint. Train the run again without --resume.`, { subject: path });
  }
  const headerLength = file.readUInt32LE(MAGIC.length);
  const header = JSON.parse(file.subarray(MAGIC.length + 4, MAGIC.length + 4 + headerLength).toString('utf8')) as Header<Meta>;
  const dataStart = MAGIC.length + 4 + headerLength;
  const tensors = new Map<string, Float32Array>();
  for (const entry of header.tensors) {
    const start = dataStart + entry.offset * 4;
    if (start + entry.length * 4 > file.length) {
      throw new ViperError('fusion/checkpoint-unreadable', `${path}: truncated at tensor ${entry.name}. Train the run again without --resume.`, { subject: path });
    }
    // Copied into its own buffer: the file's Buffer may come from Node's shared pool.
    tensors.set(entry.name, new Float32Array(file.buffer.slice(file.byteOffset + start, file.byteOffset + start + entry.length * 4)));
  }
  return { meta: header.meta, tensors };
}
