import { describe, expect, it } from 'vitest';
import { MAX_AUTO_LANES, planLanes } from './analysis-lanes';

describe('planLanes', () => {
  it('gives one lane per core up to the cap, and shares the cores among them for ONNX Runtime', () => {
    expect(planLanes(undefined, 1)).toEqual({ lanes: 1, ortThreads: 1 });
    expect(planLanes(undefined, 2)).toEqual({ lanes: 2, ortThreads: 1 });
    expect(planLanes(undefined, 16)).toEqual({ lanes: MAX_AUTO_LANES, ortThreads: 16 / MAX_AUTO_LANES });
    expect(planLanes(undefined, 6)).toEqual({ lanes: 4, ortThreads: 1 });
  });

  it('takes the lanes asked for, each with at least one thread', () => {
    expect(planLanes(1, 8)).toEqual({ lanes: 1, ortThreads: 8 });
    expect(planLanes(3, 2)).toEqual({ lanes: 3, ortThreads: 1 });
  });

  it('refuses a count that is not a whole number from 1 to 64, naming the option and the machine', () => {
    for (const bad of [0, 65, 1.5, -2]) {
      expect(() => planLanes(bad, 2)).toThrow(expect.objectContaining({ code: 'api/invalid-input', subject: 'lanes', message: expect.stringMatching(/--lanes .*whole number from 1 to 64.*2 cores/) }));
    }
  });
});
