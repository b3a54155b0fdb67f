/**
 * Packs a folder's files into one uncompressed POSIX ustar archive, so that a features export (several
 * .npy files and their index) travels as one download or one file a save dialog names. Files are copied
 * through in 1 MiB chunks: memory stays flat whatever their size. Python reads it with `tarfile`, as do
 * `tar -xf` on Linux, macOS and Windows 10+.
 */
import { closeSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const BLOCK = 512;
const CHUNK = 1 << 20;
/** ustar's size field holds 11 octal digits. */
const MAX_MEMBER_BYTES = 8 ** 11 - 1;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

/** The 512-byte header of a regular file; names are the exporter's own (under 100 ASCII characters). */
export function tarHeader(name: string, size: number, mtimeS: number): Buffer {
  if (Buffer.byteLength(name) > 99) throw new Error(`tar member name too long: ${name}`);
  if (size > MAX_MEMBER_BYTES) throw new Error(`${name} is ${size} bytes, over the ${MAX_MEMBER_BYTES} a ustar member can hold`);
  const header = Buffer.alloc(BLOCK, 0);
  header.write(name, 0, 'utf8');
  header.write(octal(0o644, 8), 100, 'latin1');
  header.write(octal(0, 8), 108, 'latin1');
  header.write(octal(0, 8), 116, 'latin1');
  header.write(octal(size, 12), 124, 'latin1');
  header.write(octal(Math.floor(mtimeS), 12), 136, 'latin1');
  header.write('        ', 148, 'latin1');
  header.write('0', 156, 'latin1');
  header.write('ustar\0', 257, 'latin1');
  header.write('00', 263, 'latin1');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return header;
}

/** Writes `names` (files in `folder`) into the archive at `target`; returns its size in bytes. */
export function writeTar(target: string, folder: string, names: readonly string[]): number {
  const out = openSync(target, 'w');
  let written = 0;
  const put = (buffer: Buffer, length = buffer.length): void => {
    writeSync(out, buffer, 0, length);
    written += length;
  };
  const chunk = Buffer.alloc(CHUNK);
  try {
    for (const name of names) {
      const path = join(folder, name);
      const { size, mtimeMs } = statSync(path);
      put(tarHeader(name, size, mtimeMs / 1000));
      const input = openSync(path, 'r');
      try {
        let copied = 0;
        while (copied < size) {
          const read = readSync(input, chunk, 0, Math.min(CHUNK, size - copied), copied);
          if (read === 0) throw new Error(`${path} shrank while it was packed`);
          put(chunk, read);
          copied += read;
        }
      } finally {
        closeSync(input);
      }
      const padding = (BLOCK - (size % BLOCK)) % BLOCK;
      if (padding > 0) put(Buffer.alloc(padding));
    }
    // The end of an archive: two empty blocks.
    put(Buffer.alloc(2 * BLOCK));
  } finally {
    closeSync(out);
  }
  return written;
}
