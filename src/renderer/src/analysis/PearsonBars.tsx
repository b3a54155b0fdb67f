/**
 * Per-emotion Pearson and the mean Pearson as bars labelled with their values, as the server computed
 * them, and beneath them every score with its n. An undefined Pearson (a constant column) gets no bar and
 * its reason, never a zero; a correlation on fewer than 10 clips is drawn hollow and marked unreliable
 * (shared/metric-reliability.ts, the same rule as `viper evaluate`).
 */
import { Bar, BarChart, CartesianGrid, Cell, LabelList, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { ApiOutput } from '../../../shared/api';
import { correlationCaveat, meanCaveat } from '../../../shared/metric-reliability';

type Scores = ApiOutput<'evaluation.summary'>['evaluation']['scores'];

const fixed = (value: number | null, digits: number): string => (value === null ? 'undefined' : value.toFixed(digits));

export function PearsonBars({ scores }: { scores: Scores }) {
  const mean = meanCaveat(scores);
  const rows = [
    ...scores.perEmotion.map((s) => ({ name: s.emotion, pearson: s.pearson.value, note: correlationCaveat(scores.clips, s.pearson) })),
    { name: 'Mean', pearson: scores.meanPearson, note: mean },
  ];
  return (
    <figure className="chart" aria-label="Pearson per emotion">
      <BarChart width={460} height={240} data={rows} margin={{ top: 18, right: 8, bottom: 32, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="name" angle={-30} textAnchor="end" interval={0} fontSize={11} />
        <YAxis domain={[-1, 1]} ticks={[-1, -0.5, 0, 0.5, 1]} fontSize={11} />
        <ReferenceLine y={0} stroke="#677086" />
        <Tooltip formatter={(value, _name, item) => `${fixed(value === undefined ? null : Number(value), 4)}${item.payload?.note ? ` (${String(item.payload.note)})` : ''}`} />
        <Bar dataKey="pearson" name="Pearson" isAnimationActive={false}>
          {rows.map((row) => {
            const colour = row.name === 'Mean' ? '#1d2330' : '#4a78c2';
            // Unreliable: an outline only, so a bar at ±1 on 2 clips does not read as a result.
            return <Cell key={row.name} fill={row.note?.startsWith('unreliable') ? '#fff' : colour} stroke={colour} strokeDasharray={row.note?.startsWith('unreliable') ? '3 2' : undefined} />;
          })}
          <LabelList dataKey="pearson" position="top" fontSize={11} fill="#1d2330" formatter={(value: unknown) => (typeof value === 'number' ? value.toFixed(2) : '')} />
        </Bar>
      </BarChart>
      <figcaption className="muted">
        Mean Pearson {fixed(scores.meanPearson, 4)}
        {mean ? ` (${mean})` : ''} · n = {scores.clips} clips
      </figcaption>
      <table className="plain scores" aria-label="scores with n">
        <thead>
          <tr>
            <th>Emotion</th>
            <th className="num">n</th>
            <th className="num">Pearson</th>
            <th className="num">CCC</th>
            <th className="num">MSE</th>
            <th>Note</th>
          </tr>
        </thead>
        <tbody>
          {scores.perEmotion.map((s) => {
            const note = correlationCaveat(scores.clips, s.pearson);
            return (
              <tr key={s.emotion} className={note ? 'unreliable' : undefined}>
                <td>{s.emotion}</td>
                <td className="num">{scores.clips}</td>
                <td className="num">{fixed(s.pearson.value, 4)}</td>
                <td className="num">{fixed(s.ccc, 4)}</td>
                <td className="num">{s.mse.toFixed(4)}</td>
                <td>{note ?? ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </figure>
  );
}
