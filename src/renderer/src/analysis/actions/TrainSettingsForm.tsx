/** The options of `viper train` as a form: modalities, preset and the optimiser's settings (blank = the trainer's default). */
import { MODALITIES } from '../../../../shared/common-schemas';
import type { TrainSettings } from './train-settings';

const NUMBER_FIELDS = [
  ['epochs', 'epochs', '50'],
  ['batchSize', 'batch size', '16'],
  ['learningRate', 'learning rate', '1e-5'],
  ['lrHalvingEvery', 'halve the learning rate every', '10'],
  ['weightDecay', 'weight decay', '0.01'],
  ['seed', 'seed', '42'],
] as const;

export function TrainSettingsForm({ settings, onChange }: { settings: TrainSettings; onChange: (settings: TrainSettings) => void }) {
  const set = <K extends keyof TrainSettings>(key: K, value: TrainSettings[K]): void => onChange({ ...settings, [key]: value });
  return (
    <div className="train-settings">
      <fieldset>
        <legend>Modalities</legend>
        {MODALITIES.map((modality) => (
          <label key={modality}>
            <input
              type="checkbox"
              checked={settings.modalities.includes(modality)}
              onChange={(event) => set('modalities', event.target.checked ? [...settings.modalities, modality] : settings.modalities.filter((m) => m !== modality))}
            />{' '}
            {modality}
          </label>
        ))}
      </fieldset>
      <label>
        preset{' '}
        <select aria-label="preset" value={settings.preset} onChange={(event) => set('preset', event.target.value as TrainSettings['preset'])}>
          <option value="compact">compact (CPU)</option>
          <option value="paper">paper (GPU)</option>
        </select>
      </label>
      {NUMBER_FIELDS.map(([key, label, placeholder]) => (
        <label key={key}>
          {label}{' '}
          <input aria-label={label} inputMode="decimal" size={6} placeholder={placeholder} value={settings[key]} onChange={(event) => set(key, event.target.value)} />
        </label>
      ))}
      <label>
        halving unit{' '}
        <select aria-label="halving unit" value={settings.lrHalvingUnit} onChange={(event) => set('lrHalvingUnit', event.target.value as TrainSettings['lrHalvingUnit'])}>
          <option value="">epoch (default)</option>
          <option value="epoch">epoch</option>
          <option value="batch">batch</option>
        </select>
      </label>
      <label>
        backend{' '}
        <select aria-label="backend" value={settings.backend} onChange={(event) => set('backend', event.target.value as TrainSettings['backend'])}>
          <option value="">best available</option>
          <option value="tensorflow">tensorflow</option>
          <option value="wasm">wasm</option>
          <option value="cpu">cpu</option>
        </select>
      </label>
    </div>
  );
}
