import { describe, expect, it } from 'vitest';
import { jobEtaText, jobStateText } from './job-state-text';

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

describe('jobEtaText', () => {
  const startedAt = '2026-01-01T10:00:00.000Z';
  const at = (seconds: number): number => Date.parse(startedAt) + seconds * 1000;
  it('projects the pace kept so far onto what is left', () => {
    expect(jobEtaText({ state: 'running', done: 10, total: 30, startedAt }, at(20))).toBe('about 40 s left');
    expect(jobEtaText({ state: 'running', done: 1, total: 100, startedAt }, at(60))).toBe('about 99 min left');
    expect(jobEtaText({ state: 'running', done: 1, total: 1201, startedAt }, at(60))).toBe('about 20.0 h left');
  });
  it('says nothing before the first item, at the end, or for a job that is not running', () => {
    expect(jobEtaText({ state: 'running', done: 0, total: 30, startedAt }, at(20))).toBeNull();
    expect(jobEtaText({ state: 'running', done: 30, total: 30, startedAt }, at(20))).toBeNull();
    expect(jobEtaText({ state: 'failed', done: 10, total: 30, startedAt }, at(20))).toBeNull();
  });
});
