import { describe, expect, it } from 'vitest';
import { withFrameSlab } from './frame-slab';

describe('frame slab', () => {
  it("hands the same memory to the next clip, and its own to a clip analysed while another holds it", async () => {
    let first: ArrayBufferLike | undefined;
    await withFrameSlab(1000, async (slab) => {
      expect(slab.length).toBe(1000);
      first = slab.buffer;
      await withFrameSlab(500, async (other) => {
        expect(other.buffer).not.toBe(first);
        other.fill(1);
      });
      slab.fill(2);
    });
    await withFrameSlab(800, async (slab) => {
      expect(slab.buffer).toBe(first);
      expect(slab.length).toBe(800);
    });
    // A larger need gets larger memory, which is then the one kept.
    let larger: ArrayBufferLike | undefined;
    await withFrameSlab(2000, async (slab) => {
      larger = slab.buffer;
      expect(slab.buffer).not.toBe(first);
    });
    await withFrameSlab(100, async (slab) => expect(slab.buffer).toBe(larger));
  });

  it('takes the memory back when the work fails', async () => {
    let held: ArrayBufferLike | undefined;
    await expect(
      withFrameSlab(3000, async (slab) => {
        held = slab.buffer;
        throw new Error('decode failed');
      }),
    ).rejects.toThrow('decode failed');
    await withFrameSlab(3000, async (slab) => expect(slab.buffer).toBe(held));
  });
});
