import { describe, expect, it } from 'vitest';
import { byteTable, bytesToFloats, ModelInput } from './model-input';

describe('model input', () => {
  it('keeps its buffers from one run to the next, sized to what each run asks', async () => {
    const input = new ModelInput();
    const seen: ArrayBufferLike[] = [];
    await input.with(100, 30, async (floats, bytes) => {
      expect([floats.length, bytes.length]).toEqual([100, 30]);
      seen.push(floats.buffer, bytes.buffer);
    });
    await input.with(60, 30, async (floats, bytes) => {
      expect([floats.length, bytes.length]).toEqual([60, 30]);
      expect([floats.buffer, bytes.buffer]).toEqual(seen);
    });
  });

  it('gives a run that starts while another is running arrays of its own', async () => {
    const input = new ModelInput();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let firstFloats: Float32Array | undefined;
    const first = input.with(10, 3, async (floats) => {
      firstFloats = floats;
      floats.fill(1);
      await held;
      return [...floats];
    });
    await input.with(10, 3, async (floats) => {
      expect(floats.buffer).not.toBe(firstFloats?.buffer);
      floats.fill(2);
    });
    release();
    expect(await first).toEqual(new Array(10).fill(1));
  });

  it('maps bytes through a table to the same float32 values as the arithmetic', () => {
    const table = byteTable((byte) => byte / 127.5 - 1);
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => 255 - i);
    const floats = new Float32Array(300).fill(9);
    bytesToFloats(bytes, table, floats, 10);
    expect(floats[9]).toBe(9);
    expect([...floats.subarray(10, 266)]).toEqual([...Float32Array.from(bytes, (b) => b / 127.5 - 1)]);
    expect(floats[266]).toBe(9);
  });
});
