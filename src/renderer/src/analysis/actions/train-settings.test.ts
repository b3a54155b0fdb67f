import { describe, expect, it } from 'vitest';
import { parseApiInput } from '../../../../shared/validate';
import { DEFAULT_SETTINGS, settingsInput, trainInput } from './train-settings';

describe('the Train panel’s settings as fusion.train input', () => {
  it('leaves blank fields to the trainer, and keeps the modalities in token order', () => {
    const input = trainInput({ ...DEFAULT_SETTINGS, modalities: ['fau', 'image'], epochs: '6', learningRate: '3e-3', backend: 'wasm' });
    expect(input).toEqual({ preset: 'compact', epochs: 6, learningRate: 0.003, backend: 'wasm', modalities: ['image', 'fau'], batchSize: undefined, lrHalvingEvery: undefined, lrHalvingUnit: undefined, weightDecay: undefined, seed: undefined });
    expect(parseApiInput('fusion.train', input)).toMatchObject({ preset: 'compact', epochs: 6, modalities: ['image', 'fau'] });
  });

  it('lets the contract refuse a field that is not a number, naming it', () => {
    expect(() => parseApiInput('fusion.ablate', settingsInput({ ...DEFAULT_SETTINGS, batchSize: 'sixteen' }))).toThrow(/batchSize/);
    expect(() => parseApiInput('fusion.train', trainInput({ ...DEFAULT_SETTINGS, modalities: [] }))).toThrow(/modalities/);
  });
});
