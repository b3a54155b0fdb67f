import { describe, expect, it } from 'vitest';
import { defaultRun, runLabel, type RunInfo } from './run-label';

const run = (id: number, kind: RunInfo['kind'], state: RunInfo['state'] = 'done'): RunInfo => ({
  id,
  kind,
  state,
  jobId: null,
  modalities: kind === 'prior' ? ['fau'] : ['image', 'fau'],
  createdAt: '2025-01-01T00:00:00.000Z',
  chosenEpoch: null,
  valMeanPearson: null,
  testMeanPearson: null,
  onnxSha256: null,
  resume: null,
});

describe('run labels', () => {
  it('names the prior as the prior', () => {
    expect(runLabel(run(2, 'prior'))).toBe('Run 2 · prior (untrained FAU mapping)');
    expect(runLabel(run(3, 'perceiver'))).toBe('Run 3 · Perceiver (image+fau)');
  });

  it('opens on the latest finished trained run, else the latest prior', () => {
    expect(defaultRun([run(1, 'perceiver'), run(2, 'prior'), run(3, 'perceiver', 'failed')])?.id).toBe(1);
    expect(defaultRun([run(1, 'prior'), run(2, 'prior')])?.id).toBe(2);
    expect(defaultRun([])).toBeUndefined();
  });
});
