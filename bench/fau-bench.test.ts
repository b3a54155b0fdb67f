/** Keeps the FAU benchmark runnable: one clip, one round, one pass (timings are not checked). */
import { expect, it } from 'vitest';
import { benchFau } from './fau-bench';

it('times the FAU stage before and now on the real landmarks of a fixture clip', async () => {
  const report = await benchFau({ clips: ['single_face.mp4'], rounds: 1, loops: 1 });
  expect(report).toMatchObject({ clips: 1, frames: 32, rounds: 1 });
  expect(report.framesWithFace).toBeGreaterThanOrEqual(30);
  for (const ms of [report.beforeMsPerFrame, report.populationMsPerFrame, report.clipMsPerFrame]) expect(ms).toBeGreaterThan(0);
  expect(report.ratio).toBeCloseTo(report.populationMsPerFrame / report.beforeMsPerFrame, 9);
});
