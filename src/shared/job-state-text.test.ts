import { describe, expect, it } from 'vitest';
import { jobStateText } from './job-state-text';

describe('jobStateText', () => {
  it('says what a state would hide', () => {
    expect(jobStateText({ state: 'done', failed: 0, cancelRequested: false })).toBe('done');
    expect(jobStateText({ state: 'done', failed: 1, cancelRequested: false })).toBe('done, 1 failed');
    expect(jobStateText({ state: 'running', failed: 2, cancelRequested: true })).toBe('running, 2 failed, cancel asked');
    expect(jobStateText({ state: 'cancelled', failed: 0, cancelRequested: true })).toBe('cancelled');
    expect(jobStateText({ state: 'done', failed: 0, conflictsKept: 2, cancelRequested: false })).toBe('done, 2 label conflicts kept');
    expect(jobStateText({ state: 'done', failed: 1, conflictsKept: 1, cancelRequested: false })).toBe('done, 1 failed, 1 label conflict kept');
  });
});
