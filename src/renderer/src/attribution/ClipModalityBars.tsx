/**
 * Which modality drove each emotion's prediction of this clip: per emotion, the change of the prediction
 * when a modality's part of the tokens is masked out (zeroed), as a diverging bar with the values.
 */
import { EMOTIONS } from '../../../shared/emotions';
import { chartScale, ContributionBar, ModalityLegend } from './ContributionBar';
import type { ClipAttributionState } from './use-clip-attribution';

export function ClipModalityBars({ attribution }: { attribution: ClipAttributionState }) {
  if (attribution.phase === 'none' || attribution.phase === 'loading') return null;
  if (attribution.phase === 'prior') return <p className="muted attribution-note">PRIOR: no attribution — it is a fixed mapping of the FAU values, not a model weighing modalities.</p>;
  if (attribution.phase === 'failed') return <p className="muted attribution-note">No attribution: {attribution.error.message}</p>;
  const { contributions, modalities, runId } = attribution.value;
  const scale = chartScale(EMOTIONS.map((_, e) => contributions.map((c) => c.values[e] ?? 0)));
  return (
    <section className="clip-modality-bars" aria-label={`modality contributions by run ${runId}`}>
      <h3>What drove it</h3>
      <p className="muted">Change of each prediction when a modality is masked out (run {runId}).</p>
      <ModalityLegend modalities={modalities} />
      <table>
        <tbody>
          {EMOTIONS.map((emotion, e) => (
            <tr key={emotion}>
              <th scope="row">{emotion}</th>
              <td>
                <ContributionBar label={emotion} contributions={contributions.map((c) => ({ modality: c.modality, value: c.values[e] ?? 0 }))} scale={scale} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
