/** A select of finished runs, each named by runLabel (so the prior reads as the prior); optional adds "none". */
import { runLabel, type RunInfo } from './run-label';

interface Props {
  label: string;
  runs: readonly RunInfo[];
  value: number | undefined;
  onChange: (runId: number | undefined) => void;
  optional?: boolean;
}

export function RunPicker({ label, runs, value, onChange, optional = false }: Props) {
  return (
    <label>
      {label}{' '}
      <select aria-label={label} value={value ?? ''} onChange={(event) => onChange(event.target.value === '' ? undefined : Number(event.target.value))}>
        {optional ? <option value="">none</option> : null}
        {runs.map((run) => (
          <option key={run.id} value={run.id}>
            {runLabel(run)}
          </option>
        ))}
      </select>
    </label>
  );
}
