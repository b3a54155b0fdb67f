/**
 * One block of memory for a clip's decoded frames, handed to the next clip this thread analyses. A clip's
 * 32 frames are 20–90 MB; allocated afresh per clip, they were V8's main reason to start full collections
 * in an analysis lane (with the models' inputs: faces/model-input.ts). A call made while another holds the
 * block gets one of its own; the larger block is the one kept.
 */
let spare: Uint8Array | null = null;

/** Runs `use` with `bytes` of memory (contents undefined) that must not be used once it resolves. */
export async function withFrameSlab<T>(bytes: number, use: (slab: Uint8Array) => Promise<T>): Promise<T> {
  const slab = spare !== null && spare.length >= bytes ? spare : new Uint8Array(bytes);
  if (slab === spare) spare = null;
  try {
    return await use(slab.subarray(0, bytes));
  } finally {
    if (spare === null || spare.length < slab.length) spare = slab;
  }
}
