/**
 * A face model's input, kept from one run to the next. Each run used to take fresh arrays — the crop's
 * bytes, then its floats, up to a few MB a batch — and in an analysis lane that churn of ArrayBuffers
 * started most of V8's full collections (with the frames: media/frame-slab.ts): 85 in 4 passes over the
 * bench's 4 clips in 2 lanes, ~5 % of their CPU; 29 in 5 passes since.
 * A call made while another is still running (the same model used from two places at once) gets arrays
 * of its own, so sharing the buffers never mixes two inputs.
 */
export class ModelInput {
  #floats = new Float32Array(0);
  #bytes = new Uint8Array(0);
  #busy = false;

  /**
   * Runs `use` with `floats` (length values, left as the last run wrote them: write every one) and
   * `bytes`, room for one crop of `cropBytes`.
   */
  async with<T>(length: number, cropBytes: number, use: (floats: Float32Array, bytes: Uint8Array) => Promise<T>): Promise<T> {
    if (this.#busy) return use(new Float32Array(length), new Uint8Array(cropBytes));
    if (this.#floats.length < length) this.#floats = new Float32Array(length);
    if (this.#bytes.length < cropBytes) this.#bytes = new Uint8Array(cropBytes);
    this.#busy = true;
    try {
      return await use(this.#floats.subarray(0, length), this.#bytes.subarray(0, cropBytes));
    } finally {
      this.#busy = false;
    }
  }
}
