import { describe, expect, it } from 'vitest';
import { ModelInput } from './model-input';

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
});
