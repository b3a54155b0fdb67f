/**
 * Per sampled frame: the basic-emotion model's top probability, speech probability and the action units
 * that were among a frame's three strongest (the analysis view keeps only those, so an AU's curve has
 * gaps where it was not). A line marks the current frame; a click seeks.
 */
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ClipAnalysisView } from '../../../shared/api';

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

interface Props {
  frames: ClipAnalysisView['frames'];
  current: number;
  onSeek: (index: number) => void;
}

export function FeatureCurves({ frames, current, onSeek }: Props) {
  const auNames = [...new Set(frames.flatMap((frame) => frame.topAus.map((au) => au.name)))].sort();
  const rows = frames.map((frame) => ({
    frame: frame.index + 1,
    emotion: frame.topEmotion?.probability ?? null,
    speech: frame.speechProb,
    ...Object.fromEntries(frame.topAus.map((au) => [au.name, au.value])),
  }));
  return (
    <div className="feature-curves" aria-label="feature curves">
      <ResponsiveContainer width="100%" height={220}>
        <LineChart
          data={rows}
          onClick={(state) => {
            const index = Number(state?.activeLabel);
            if (Number.isInteger(index) && index > 0) onSeek(index - 1);
          }}
        >
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="frame" />
          <YAxis domain={[0, 'auto']} />
          <Tooltip />
          <Legend />
          <ReferenceLine x={current + 1} stroke="#c62828" />
          <Line dataKey="emotion" name="top emotion p" stroke="#1d2330" dot={false} isAnimationActive={false} />
          <Line dataKey="speech" name="speech p" stroke="#999" strokeDasharray="4 2" dot={false} isAnimationActive={false} />
          {auNames.map((name, i) => (
            <Line key={name} dataKey={name} stroke={PALETTE[i % PALETTE.length]} dot={{ r: 2 }} connectNulls={false} isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
