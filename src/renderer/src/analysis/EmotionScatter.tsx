/** Predicted against gold intensity of one emotion, a point per clip named in its tooltip; clicking a point selects its clip. */
import { CartesianGrid, ReferenceLine, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { ApiOutput } from '../../../shared/api';

type Point = ApiOutput<'evaluation.summary'>['points'][number];

interface Props {
  points: readonly Point[];
  emotionIndex: number;
  onSelect: (point: Point) => void;
}

interface Datum {
  gold: number;
  predicted: number;
  fileId: string;
}

/** The hovered clip: its File_ID, then gold and predicted. */
function ClipTooltip({ active, payload }: { active?: boolean; payload?: readonly { payload?: unknown }[] }) {
  const datum = payload?.[0]?.payload as Datum | undefined;
  if (!active || !datum) return null;
  return (
    <div className="chart-tooltip" role="tooltip">
      <strong>clip {datum.fileId}</strong>
      <br />
      gold {datum.gold.toFixed(3)} · predicted {datum.predicted.toFixed(3)}
    </div>
  );
}

export function EmotionScatter({ points, emotionIndex, onSelect }: Props) {
  const data: Datum[] = points.map((p) => ({ gold: p.gold[emotionIndex] ?? 0, predicted: p.predicted[emotionIndex] ?? 0, fileId: p.fileId }));
  return (
    <figure className="chart" aria-label="predicted against gold">
      <ScatterChart width={300} height={260} margin={{ top: 8, right: 8, bottom: 24, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis type="number" dataKey="gold" name="gold" domain={[0, 1]} ticks={[0, 0.2, 0.4, 0.6, 0.8, 1]} fontSize={11} label={{ value: 'gold', position: 'insideBottom', offset: -12 }} />
        <YAxis type="number" dataKey="predicted" name="predicted" domain={[0, 1]} ticks={[0, 0.2, 0.4, 0.6, 0.8, 1]} fontSize={11} label={{ value: 'predicted', angle: -90, position: 'insideLeft', offset: 12 }} />
        <ReferenceLine segment={[{ x: 0, y: 0 }, { x: 1, y: 1 }]} stroke="#aab" strokeDasharray="4 2" />
        <Tooltip content={ClipTooltip} />
        <Scatter
          data={data}
          fill="#4a78c2"
          fillOpacity={0.6}
          isAnimationActive={false}
          onClick={(_item, index) => {
            const point = points[index];
            if (point) onSelect(point);
          }}
        />
      </ScatterChart>
    </figure>
  );
}
