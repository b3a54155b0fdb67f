/**
 * The clip's sound as a waveform on the clip's time axis (0 to its duration, as the curves), with the
 * playback position and the sampled frames' times marked; a click seeks there.
 */
import { useApi } from '../app/use-api';

interface Props {
  clipId: number;
  durationS: number;
  timeS: number;
  sampleTimesS: readonly number[];
  onSeekTime: (timeS: number) => void;
}

const HEIGHT = 48;

export function WaveformTrack({ clipId, durationS, timeS, sampleTimesS, onSeekTime }: Props) {
  const [waveform] = useApi('clips.waveform', { clip: clipId });
  if (waveform.phase === 'loading') return <p className="muted waveform-note">Reading the sound…</p>;
  if (waveform.phase === 'failed') return <p className="muted waveform-note">No waveform: {waveform.error.message}</p>;
  const { bucketS, peaks } = waveform.value;
  if (bucketS === null) return <p className="muted waveform-note">This clip has no sound.</p>;
  const width = Math.max(durationS, peaks.length * bucketS);
  // One path of vertical strokes, mirrored around the middle: cheap to draw for a few thousand buckets.
  const path = peaks.map((peak, i) => `M${(i * bucketS).toFixed(3)} ${HEIGHT / 2 - (peak * HEIGHT) / 2}V${HEIGHT / 2 + (peak * HEIGHT) / 2}`).join('');
  const peakMax = Math.max(...peaks, 1e-6);
  return (
    <svg
      className="waveform"
      role="img"
      aria-label="audio waveform"
      viewBox={`0 0 ${width} ${HEIGHT}`}
      preserveAspectRatio="none"
      onClick={(event) => {
        const box = event.currentTarget.getBoundingClientRect();
        onSeekTime(((event.clientX - box.left) / box.width) * width);
      }}
    >
      {/* Scaled to the clip's loudest moment, so a quiet room still shows its shape. */}
      <g transform={`translate(0 ${HEIGHT / 2}) scale(1 ${Math.min(20, 1 / peakMax)}) translate(0 ${-HEIGHT / 2})`}>
        <path d={path} className="waveform-peaks" vectorEffect="non-scaling-stroke" />
      </g>
      {sampleTimesS.map((t) => (
        <line key={t} x1={t} x2={t} y1={HEIGHT - 6} y2={HEIGHT} className="waveform-sample" vectorEffect="non-scaling-stroke" />
      ))}
      <line x1={timeS} x2={timeS} y1={0} y2={HEIGHT} className="waveform-cursor" vectorEffect="non-scaling-stroke" />
    </svg>
  );
}
