/**
 * Per sampled frame, on the clip's time axis in seconds: the basic-emotion model's top probability (named
 * in the tooltip), speech probability and the action units that were among a frame's three strongest (the
 * analysis view keeps only those, so an AU's curve has gaps where it was not). Clicking a legend entry
 * hides or shows its curve; a line marks the current frame; clicking the chart seeks there.
 */
import { useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ClipAnalysisView, FrameSample } from '../../../shared/api';
import { curveStyle } from './curve-style';

interface Props {
  frames: ClipAnalysisView['frames'];
  samples: readonly Pick<FrameSample, 'frameTimeS'>[];
  current: number;
  onSeek: (index: number) => void;
}

const EMOTION_KEY = 'emotion';
const SPEECH_KEY = 'speech';

export function FeatureCurves({ frames, samples, current, onSeek }: Props) {
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const auNames = [...new Set(frames.flatMap((frame) => frame.topAus.map((au) => au.name)))].sort();
  const timeOf = (index: number): number => samples[index]?.frameTimeS ?? index;
  const rows = frames.map((frame) => ({
    timeS: timeOf(frame.index),
    [EMOTION_KEY]: frame.topEmotion?.probability ?? null,
    emotionName: frame.topEmotion?.name ?? null,
    [SPEECH_KEY]: frame.speechProb,
    ...Object.fromEntries(frame.topAus.map((au) => [au.name, au.value])),
  }));
  const toggle = (key: string): void =>
    setHidden((before) => {
      const next = new Set(before);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  return (
    <div className="feature-curves" aria-label="feature curves">
      <ResponsiveContainer width="100%" height={220}>
        <LineChart
          data={rows}
          onClick={(state) => {
            const timeS = Number(state?.activeLabel);
            const index = rows.findIndex((row) => row.timeS === timeS);
            if (index >= 0) onSeek(frames[index]?.index ?? index);
          }}
        >
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="timeS" type="number" domain={['dataMin', 'dataMax']} tickFormatter={(value: number) => `${value.toFixed(1)} s`} />
          <YAxis domain={[0, 'auto']} />
          <Tooltip
            labelFormatter={(value) => `${Number(value).toFixed(2)} s`}
            formatter={(value, name, item) => {
              const shown = typeof value === 'number' ? value.toFixed(2) : String(value);
              const emotion = (item?.payload as { emotionName?: string | null } | undefined)?.emotionName;
              return name === 'top basic emotion' && emotion ? [`${shown} (${emotion})`, name] : [shown, name];
            }}
          />
          <Legend onClick={(entry) => toggle(String(entry.dataKey))} wrapperStyle={{ cursor: 'pointer' }} />
          <ReferenceLine x={timeOf(current)} stroke="#c62828" />
          <Line dataKey={EMOTION_KEY} name="top basic emotion" stroke="#000000" dot={false} isAnimationActive={false} hide={hidden.has(EMOTION_KEY)} />
          <Line dataKey={SPEECH_KEY} name="speech" stroke="#777777" strokeDasharray="2 2" dot={false} isAnimationActive={false} hide={hidden.has(SPEECH_KEY)} />
          {auNames.map((name, i) => {
            const style = curveStyle(i);
            return <Line key={name} dataKey={name} stroke={style.color} strokeDasharray={style.dash} dot={{ r: 2 }} connectNulls={false} isAnimationActive={false} hide={hidden.has(name)} />;
          })}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
