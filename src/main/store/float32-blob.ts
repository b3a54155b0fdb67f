/**
 * The one conversion between Float32Array and a BLOB column (features, text embeddings, attention
 * weights, landmarks). Bytes are little-endian, as on every machine this runs on.
 */
import { ViperError } from '../../shared/errors';

/** The array's bytes as a BLOB; no copy, so the caller must not change the array until it is written. */
export function float32Blob(data: Float32Array): Buffer {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * A BLOB read back as float32s. Copies: SQLite's buffer may start at an offset that is not a multiple
 * of 4, which a Float32Array view cannot have. Refuses a length that is not a whole number of floats.
 * `where` names the row, e.g. "features of clip 3 (image)".
 */
export function float32FromBlob(blob: Buffer, where: string): Float32Array {
  if (blob.byteLength % 4 !== 0) {
    throw new ViperError(
      'store/bad-row',
      `${where}: ${blob.byteLength} bytes is not a whole number of float32 values, so the row was not written by this app. Re-run the step that wrote it (e.g. "npx viper analyze --force").`,
      { subject: where },
    );
  }
  return new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
}
