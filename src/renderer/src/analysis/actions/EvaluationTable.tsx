/** fusion.evaluate's answer as `viper evaluate` prints it: per emotion Pearson (or why undefined), MSE and CCC, then the means. */
import type { ApiOutput } from '../../../../shared/api';

const fixed = (value: number | null, digits = 4): string => (value === null ? '–' : value.toFixed(digits));

export function EvaluationTable({ evaluation }: { evaluation: ApiOutput<'fusion.evaluate'> }) {
  const { scores, interval } = evaluation;
  return (
    <table className="plain evaluation" aria-label={`evaluation of run ${evaluation.runId} on ${evaluation.split}`}>
      <caption>
        Run {evaluation.runId}
        {evaluation.kind === 'prior' ? ' (PRIOR, untrained)' : ''} on {evaluation.split}: {scores.clips} labelled clips
      </caption>
      <thead>
        <tr>
          <th>Emotion</th>
          <th>Pearson</th>
          <th>MSE</th>
          <th>CCC</th>
        </tr>
      </thead>
      <tbody>
        {scores.perEmotion.map((row) => (
          <tr key={row.emotion}>
            <td>{row.emotion}</td>
            <td className="num" title={row.pearson.undefinedBecause}>
              {row.pearson.value === null ? 'undefined' : row.pearson.value.toFixed(4)}
            </td>
            <td className="num">{row.mse.toFixed(5)}</td>
            <td className="num">{fixed(row.ccc)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th>Mean</th>
          <td className="num">
            {fixed(scores.meanPearson)}
            {interval ? ` (95 % ${interval.low.toFixed(4)} – ${interval.high.toFixed(4)})` : ''}
          </td>
          <td className="num">{scores.mse.toFixed(5)}</td>
          <td className="num">{fixed(scores.meanCcc)}</td>
        </tr>
      </tfoot>
    </table>
  );
}
