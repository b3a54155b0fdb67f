/**
 * A run's mean contribution of each modality to each emotion over its clips of the split (Analysis): what
 * the model leans on, per emotion. The prior has none and says so without asking.
 */
import { EMOTIONS, type Split } from '../../../shared/emotions';
import { ErrorNotice } from '../ErrorNotice';
import { useApi } from '../app/use-api';
import { chartScale, ContributionBar, ModalityLegend } from './ContributionBar';
import { signedValue } from './modality-colours';

export function RunContributions({ run, split }: { run: { id: number; kind: string }; split: Split }) {
  if (run.kind === 'prior') return <p className="muted attribution-note">PRIOR: no modality contributions — it is a fixed mapping of the FAU values, not a model weighing modalities.</p>;
  return <TrainedRunContributions runId={run.id} split={split} />;
}

function TrainedRunContributions({ runId, split }: { runId: number; split: Split }) {
  const [means, reload] = useApi('fusion.runAttribution', { run: runId, split });
  if (means.phase === 'loading') return null;
  if (means.phase === 'failed') return <ErrorNotice error={means.error} onRetry={reload} />;
  const { clips, perModality, withoutAttribution, modalities } = means.value;
  const stale = withoutAttribution > 0 ? `${withoutAttribution} predicted ${split} clip(s) have no attribution (predicted before it was kept): npx viper predict --run ${runId} adds it.` : null;
  if (clips === 0) return <p className="muted attribution-note">{stale ?? `No ${split} clip predicted by run ${runId}: no modality contributions.`}</p>;
  const scale = chartScale(EMOTIONS.map((_, e) => perModality.map((m) => m.mean[e] ?? 0)));
  return (
    <section className="run-contributions" aria-label="mean modality contribution per emotion">
      <h4>Mean modality contribution per emotion · {clips} {split} clips</h4>
      <ModalityLegend modalities={modalities} />
      <table>
        <thead>
          <tr>
            <th scope="col">emotion</th>
            <th scope="col">− lowers · raises +</th>
            {perModality.map((m) => (
              <th key={m.modality} scope="col">
                {m.modality}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {EMOTIONS.map((emotion, e) => (
            <tr key={emotion}>
              <th scope="row">{emotion}</th>
              <td>
                <ContributionBar label={`${emotion} mean`} contributions={perModality.map((m) => ({ modality: m.modality, value: m.mean[e] ?? 0 }))} scale={scale} />
              </td>
              {perModality.map((m) => (
                <td key={m.modality} className="number" title={`mean |change| ${(m.meanAbs[e] ?? 0).toFixed(3)}`}>
                  {signedValue(m.mean[e] ?? 0)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {stale ? <p className="muted">{stale}</p> : null}
    </section>
  );
}
