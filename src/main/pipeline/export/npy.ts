/**
 * @file Writes float32 arrays as NumPy .npy files (format version 1.0), streamed: the header is written
 * first from the final shape, then the data is appended in row-major order, so an export of any size
 * never holds more than one clip in memory.
 *
 * Layout (numpy.lib.format, version 1.0): the magic "\x93NUMPY", the version bytes 1 and 0, the header
 * length as a little-endian uint16, then the header — a Python dict literal in ASCII,
 * `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 32, 1024), }` — padded with spaces and ended with
 * "\n" so the data starts at a multiple of 64 bytes (NumPy's own alignment; the spec asks for 16). The
 * data follows as raw little-endian float32 ('<f4').
 */
import { open, type FileHandle } from 'node:fs/promises';

const MAGIC = Buffer.from([0x93, ...Buffer.from('NUMPY', 'latin1')]);
const PREAMBLE_BYTES = MAGIC.length + 2 + 2;
const ALIGN = 64;
export const FLOAT32_BYTES = 4;

/** The shape as a Python tuple: `(3,)` for one axis, `(2, 3)` for two. */
function pythonTuple(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/** The full header (preamble, dict, padding, newline) of a little-endian float32 C-order array. */
export function npyHeader(shape: readonly number[]): Buffer {
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw new Error(`npy: bad shape [${shape.join(', ')}]`);
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': ${pythonTuple(shape)}, }`;
  const unpadded = PREAMBLE_BYTES + dict.length + 1;
  const headerLength = Math.ceil(unpadded / ALIGN) * ALIGN - PREAMBLE_BYTES;
  const header = Buffer.alloc(PREAMBLE_BYTES + headerLength, 0x20);
  MAGIC.copy(header, 0);
  header[6] = 1;
  header[7] = 0;
  header.writeUInt16LE(headerLength, 8);
  header.write(dict, PREAMBLE_BYTES, 'latin1');
  header[header.length - 1] = 0x0a;
  return header;
}

/**
 * One .npy file being written. `append` takes raw little-endian float32 bytes (SQLite blobs are stored
 * that way, so they pass through unconverted); `close` fails if fewer or more values came than the
 * shape promised, so a file never claims a shape its data does not have.
 */
export class NpyWriter {
  #written = 0;

  private constructor(
    private readonly file: FileHandle,
    readonly path: string,
    private readonly expectedBytes: number,
  ) {}

  static async create(path: string, shape: readonly number[]): Promise<NpyWriter> {
    const file = await open(path, 'w');
    try {
      await file.write(npyHeader(shape));
    } catch (error) {
      await file.close();
      throw error;
    }
    return new NpyWriter(file, path, shape.reduce((a, b) => a * b, 1) * FLOAT32_BYTES);
  }

  async append(littleEndianFloat32: Uint8Array): Promise<void> {
    if (this.#written + littleEndianFloat32.byteLength > this.expectedBytes) {
      throw new Error(`npy: ${this.path}: more data than its shape holds (${this.expectedBytes} bytes)`);
    }
    await this.file.write(littleEndianFloat32);
    this.#written += littleEndianFloat32.byteLength;
  }

  async close(): Promise<void> {
    await this.file.close();
    if (this.#written !== this.expectedBytes) throw new Error(`npy: ${this.path}: ${this.#written} data bytes written, its shape needs ${this.expectedBytes}`);
  }

  /** Closes without the size check, for a write that is being abandoned. */
  async abandon(): Promise<void> {
    await this.file.close().catch(() => undefined);
  }
}
