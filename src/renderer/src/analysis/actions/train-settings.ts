/**
 * The Train panel's settings as the form holds them (text fields, so that a blank one means "the trainer's
 * default"), and their conversion to fusion.train's input. Ablation uses the same settings.
 */
import type { ApiInput } from '../../../../shared/api';
import { MODALITIES, type Modality } from '../../../../shared/common-schemas';

export interface TrainSettings {
  modalities: Modality[];
  preset: 'compact' | 'paper';
  epochs: string;
  batchSize: string;
  learningRate: string;
  lrHalvingEvery: string;
  lrHalvingUnit: '' | 'epoch' | 'batch';
  weightDecay: string;
  seed: string;
  backend: '' | 'tensorflow' | 'wasm' | 'cpu';
}

export const DEFAULT_SETTINGS: TrainSettings = {
  modalities: [...MODALITIES],
  preset: 'compact',
  epochs: '',
  batchSize: '',
  learningRate: '',
  lrHalvingEvery: '',
  lrHalvingUnit: '',
  weightDecay: '',
  seed: '',
  backend: '',
};

/** A text field as a number, or undefined when blank; the contract's schema refuses what is out of range, naming the field. */
function numberOf(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text);
}

/** What fusion.ablate takes: the settings without the modalities (each row has its own). */
export function settingsInput(settings: TrainSettings): ApiInput<'fusion.ablate'> {
  return {
    preset: settings.preset,
    epochs: numberOf(settings.epochs),
    batchSize: numberOf(settings.batchSize),
    learningRate: numberOf(settings.learningRate),
    lrHalvingEvery: numberOf(settings.lrHalvingEvery),
    lrHalvingUnit: settings.lrHalvingUnit === '' ? undefined : settings.lrHalvingUnit,
    weightDecay: numberOf(settings.weightDecay),
    seed: numberOf(settings.seed),
    backend: settings.backend === '' ? undefined : settings.backend,
  };
}

export function trainInput(settings: TrainSettings): ApiInput<'fusion.train'> {
  return { ...settingsInput(settings), modalities: MODALITIES.filter((m) => settings.modalities.includes(m)) };
}
