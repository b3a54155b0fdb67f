/** Keeps the UI benchmark runnable on a small library: every figure is there and sane (timings are not checked). */
import { expect, it } from 'vitest';
import { benchUi } from './ui-bench';

it('measures load, scroll frames, opening a clip and clips.list pages', async () => {
  const result = await benchUi({ clips: 300, scrollSteps: 20, opens: 2, repeats: 2 });
  expect(result.clips).toBe(300);
  expect(result.scroll.frames).toBe(20);
  expect(result.scroll.maxFrameMs).toBeGreaterThan(0);
  expect(result.openClipMs).toHaveLength(2);
  expect(result.openClipMs.every((ms) => ms > 0)).toBe(true);
  expect(result.listLatency.map((row) => [row.limit, row.offset, row.rows])).toEqual([
    [100, 0, 100],
    [100, 150, 100],
    [100, 200, 100],
    [1000, 0, 300],
    [100_000, 0, 300],
  ]);
}, 120_000);
