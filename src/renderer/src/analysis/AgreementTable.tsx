/** Agreement between annotators on the clips each of them labelled: ICC(2,1) and mean pairwise CCC per emotion. */
import type { Split } from '../../../shared/emotions';
import { MIN_RELIABLE_CLIPS } from '../../../shared/metric-reliability';
import { ErrorNotice } from '../ErrorNotice';
import { useApi } from '../app/use-api';

const format = (value: number | null): string => (value === null ? 'undefined' : value.toFixed(3));

export function AgreementTable({ split }: { split: Split }) {
  const [agreement, reload] = useApi('annotators.agreement', { split });
  if (agreement.phase === 'failed') return <ErrorNotice error={agreement.error} onRetry={reload} />;
  if (agreement.phase === 'loading') return null;
  const { annotators, clips, perEmotion } = agreement.value;
  if (annotators.length < 2 || clips < 2) {
    return <p className="muted">Annotator agreement needs two or more annotators who labelled the same {split} clips (annotators with labels: {annotators.join(', ') || 'none'}).</p>;
  }
  return (
    <section aria-label="annotator agreement">
      <h3>
        Annotator agreement · {annotators.join(', ')} · {clips} shared {split} clips
      </h3>
      {clips < MIN_RELIABLE_CLIPS ? (
        <p className="muted">
          Unreliable: n = {clips} &lt; {MIN_RELIABLE_CLIPS} shared clips.
        </p>
      ) : null}
      <table className="plain">
        <thead>
          <tr>
            <th>Emotion</th>
            <th className="num" title="two-way random effects, absolute agreement, single rater (Shrout & Fleiss)">
              ICC(2,1)
            </th>
            <th className="num">CCC (mean over annotator pairs)</th>
          </tr>
        </thead>
        <tbody>
          {perEmotion.map((row) => (
            <tr key={row.emotion}>
              <td>{row.emotion}</td>
              <td className="num">{format(row.icc)}</td>
              <td className="num">{format(row.meanPairCcc)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
