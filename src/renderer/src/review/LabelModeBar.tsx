/**
 * Whose labels the editor holds: gold, or the annotator's own (for agreement studies), with blind mode
 * hiding gold and the model's guesses while they label; and, for gold, adopting an annotator's values.
 */
import { useState } from 'react';
import { updateIdentity, type AnnotatorIdentity } from '../app/annotator-identity';

interface Props {
  identity: AnnotatorIdentity;
  /** Other annotators with labels on this clip, whose values may become gold. */
  adoptable: string[];
  onAdopt: (from: string) => void;
}

export function LabelModeBar({ identity, adoptable, onAdopt }: Props) {
  const [from, setFrom] = useState('');
  const chosen = adoptable.includes(from) ? from : (adoptable[0] ?? '');
  return (
    <div className="label-mode" aria-label="label mode">
      <label>
        Label as{' '}
        <select aria-label="label as" value={identity.labelAs} disabled={!identity.name} onChange={(event) => updateIdentity({ labelAs: event.target.value === 'self' ? 'self' : 'gold' })}>
          <option value="gold">gold</option>
          <option value="self">{identity.name ? `myself (${identity.name})` : 'myself (give your name above)'}</option>
        </select>
      </label>
      <label title="hides gold values and the model's prediction while you label (agreement studies)">
        <input type="checkbox" aria-label="blind mode" checked={identity.blind} disabled={identity.labelAs !== 'self'} onChange={(event) => updateIdentity({ blind: event.target.checked })} /> Blind
      </label>
      {identity.labelAs === 'gold' && adoptable.length > 0 ? (
        <span>
          <select aria-label="adopt from" value={chosen} onChange={(event) => setFrom(event.target.value)}>
            {adoptable.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>{' '}
          <button type="button" onClick={() => onAdopt(chosen)}>
            Adopt as gold
          </button>
        </span>
      ) : null}
    </div>
  );
}
