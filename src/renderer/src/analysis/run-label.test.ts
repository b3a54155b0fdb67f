import { describe, expect, it } from 'vitest';
import { defaultRunName } from '../../../shared/run-name';
import { defaultRun, runLabel, type RunInfo } from './run-label';

const run = (id: number, kind: RunInfo['kind'], state: RunInfo['state'] = 'done', name?: string): RunInfo => {
  const modalities = kind === 'prior' ? ['fau'] : ['image', 'fau'];
  const createdAt = '2025-01-01T09:30:00.000Z';
  return {
    id,
    name: name ?? defaultRunName({ kind, modalities, preset: 'compact', createdAt }),
    nameIsDefault: name === undefined,
    kind,
    state,
    jobId: null,
    modalities,
    createdAt,
    chosenEpoch: null,
    valMeanPearson: null,
    testMeanPearson: null,
    onnxSha256: null,
    resume: null,
  };
};

describe('run labels', () => {
  it('names a run by its modalities, preset and time until the user names it', () => {
    expect(runLabel(run(3, 'perceiver'))).toBe('Run 3 · image+fau · compact · 2025-01-01 09:30 UTC');
    expect(runLabel(run(3, 'perceiver', 'done', 'smiles only'))).toBe('Run 3 · smiles only');
  });

  it('names the prior as the prior, whatever the user called it', () => {
    expect(runLabel(run(2, 'prior'))).toBe('Run 2 · prior (untrained FAU mapping) · 2025-01-01 09:30 UTC');
    expect(runLabel(run(2, 'prior', 'done', 'baseline'))).toBe('Run 2 · baseline · prior (untrained FAU mapping)');
  });

  it('opens on the latest finished trained run, else the latest prior', () => {
    expect(defaultRun([run(1, 'perceiver'), run(2, 'prior'), run(3, 'perceiver', 'failed')])?.id).toBe(1);
    expect(defaultRun([run(1, 'prior'), run(2, 'prior')])?.id).toBe(2);
    expect(defaultRun([])).toBeUndefined();
  });
});
