/**
 * One emotion's modality contributions as a diverging bar: each modality a segment in its colour, to the
 * right of the centre line when it raised the prediction, to the left when it lowered it; `scale` is the
 * value that fills one half (the caller's largest, so bars compare within a chart).
 */
import { modalityColour, signedValue } from './modality-colours';

export function ContributionBar({ label, contributions, scale }: { label: string; contributions: readonly { modality: string; value: number }[]; scale: number }) {
  const half = (values: { modality: string; value: number }[]) =>
    values.map((c) => <span key={c.modality} className="contribution-segment" style={{ width: `${(Math.abs(c.value) / scale) * 100}%`, background: modalityColour(c.modality) }} />);
  const text = contributions.map((c) => `${c.modality} ${signedValue(c.value)}`).join(', ');
  return (
    <div className="contribution-bar" role="img" aria-label={`${label}: ${text}`} title={`${label}: ${text}`}>
      <span className="contribution-half negative">{half(contributions.filter((c) => c.value < 0).reverse())}</span>
      <span className="contribution-half positive">{half(contributions.filter((c) => c.value > 0))}</span>
    </div>
  );
}

/** Which colour is which modality. */
export function ModalityLegend({ modalities }: { modalities: readonly string[] }) {
  return (
    <p className="modality-legend">
      {modalities.map((m) => (
        <span key={m}>
          <span className="legend-swatch" style={{ background: modalityColour(m) }} /> {m}
        </span>
      ))}
    </p>
  );
}

/** What fills one half of every bar of a chart (rows: one bar's values): the largest sum on either side, never 0. */
export function chartScale(rows: readonly (readonly number[])[]): number {
  const side = (row: readonly number[], sign: 1 | -1): number => row.reduce((sum, v) => sum + Math.max(0, sign * v), 0);
  return Math.max(...rows.map((row) => Math.max(side(row, 1), side(row, -1))), 1e-6);
}
