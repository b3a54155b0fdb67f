/** A run's per-epoch training loss and Val mean Pearson as two curves, and the same numbers as a table. */
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { TrainingRun } from '../../../../shared/actions-api';

export function TrainingCurves({ history }: { history: TrainingRun['history'] }) {
  return (
    <figure className="chart training-curves" aria-label="training curves">
      <LineChart width={520} height={220} data={history} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="epoch" allowDecimals={false} label={{ value: 'epoch', position: 'insideBottomRight', offset: -4 }} />
        <YAxis yAxisId="loss" tickFormatter={(v: number) => v.toPrecision(2)} />
        <YAxis yAxisId="pearson" orientation="right" domain={[-1, 1]} ticks={[-1, -0.5, 0, 0.5, 1]} />
        <Tooltip formatter={(value) => (value === null || value === undefined ? 'undefined' : Number(value).toFixed(4))} />
        <Legend />
        <Line yAxisId="loss" dataKey="trainLoss" name="training loss (MSE)" stroke="#4a78c2" isAnimationActive={false} />
        <Line yAxisId="pearson" dataKey="valMeanPearson" name="Val mean Pearson" stroke="#d55e00" connectNulls isAnimationActive={false} />
      </LineChart>
      <table className="plain epochs" aria-label="epochs">
        <thead>
          <tr>
            <th>Epoch</th>
            <th>Loss</th>
            <th>Val mean r</th>
            <th>Seconds</th>
          </tr>
        </thead>
        <tbody>
          {history.map((m) => (
            <tr key={m.epoch}>
              <td className="num">{m.epoch}</td>
              <td className="num">{m.trainLoss.toFixed(5)}</td>
              <td className="num">{m.valMeanPearson === null ? 'undefined' : m.valMeanPearson.toFixed(4)}</td>
              <td className="num">{(m.ms / 1000).toFixed(1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
