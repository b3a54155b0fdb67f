/**
 * Per-emotion Pearson and the mean Pearson as bars, as the server computed them. An undefined Pearson
 * (a constant column) gets no bar and its reason in the tooltip, never a zero.
 */
import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { ApiOutput } from '../../../shared/api';

type Scores = ApiOutput<'evaluation.summary'>['evaluation']['scores'];

export function PearsonBars({ scores }: { scores: Scores }) {
  const rows = [
    ...scores.perEmotion.map((s) => ({ name: s.emotion, pearson: s.pearson.value, note: s.pearson.undefinedBecause ?? '' })),
    { name: 'Mean', pearson: scores.meanPearson, note: `${scores.pearsonDefined} of 7 defined` },
  ];
  return (
    <figure className="chart" aria-label="Pearson per emotion">
      <BarChart width={460} height={220} data={rows} margin={{ top: 8, right: 8, bottom: 32, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="name" angle={-30} textAnchor="end" interval={0} fontSize={11} />
        <YAxis domain={[-1, 1]} ticks={[-1, -0.5, 0, 0.5, 1]} />
        <ReferenceLine y={0} stroke="#677086" />
        <Tooltip formatter={(value, _name, item) => (value === null || value === undefined ? `undefined (${String(item.payload?.note)})` : Number(value).toFixed(4))} />
        <Bar dataKey="pearson" name="Pearson" isAnimationActive={false}>
          {rows.map((row) => (
            <Cell key={row.name} fill={row.name === 'Mean' ? '#1d2330' : '#4a78c2'} />
          ))}
        </Bar>
      </BarChart>
      <figcaption className="muted">
        Mean Pearson {scores.meanPearson === null ? 'undefined' : scores.meanPearson.toFixed(4)} · {scores.clips} clips
      </figcaption>
    </figure>
  );
}
