/** The stored clips, one row each: media facts, sampling, and the gold intensities per emotion. */
import type { ClipSummary } from '../../../shared/api';
import { EMOTIONS } from '../../../shared/emotions';

export function ClipsTable({ clips, total }: { clips: ClipSummary[]; total: number }) {
  if (total === 0) {
    return <p className="muted">No clips yet. Import videos with: npx viper import &lt;folder&gt; --labels &lt;csv&gt;</p>;
  }
  return (
    <div className="table-scroll">
      {clips.length < total ? (
        <p className="muted">
          Showing the first {clips.length} of {total} clips.
        </p>
      ) : null}
      <table className="clips">
        <thead>
          <tr>
            <th rowSpan={2}>File_ID</th>
            <th rowSpan={2}>Split</th>
            <th rowSpan={2}>Duration</th>
            <th rowSpan={2}>FPS</th>
            <th rowSpan={2}>Size</th>
            <th rowSpan={2}>Audio</th>
            <th rowSpan={2}>Samples</th>
            <th colSpan={EMOTIONS.length}>Gold labels</th>
          </tr>
          <tr>
            {EMOTIONS.map((emotion) => (
              <th key={emotion} title={emotion} className="num">
                {emotion.slice(0, 3)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {clips.map((clip) => (
            <tr key={clip.id}>
              <td title={clip.path}>{clip.fileId}</td>
              <td>{clip.split ?? '—'}</td>
              <td className="num">{clip.durationS.toFixed(1)} s</td>
              <td className="num">{Number(clip.fps.toFixed(2))}</td>
              <td className="num">{describeSize(clip)}</td>
              <td>{describeAudio(clip)}</td>
              <td className="num">
                {clip.sampleCount} <span className="muted">({clip.samplingMethod})</span>
              </td>
              <GoldLabelCells labels={clip.labels} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function GoldLabelCells({ labels }: { labels: ClipSummary['labels'] }) {
  if (!labels) {
    return (
      <td colSpan={EMOTIONS.length} className="muted">
        unlabelled
      </td>
    );
  }
  return EMOTIONS.map((emotion) => (
    <td key={emotion} className="num">
      {labels[emotion].toFixed(2)}
    </td>
  ));
}

function describeSize(clip: ClipSummary): string {
  const size = `${clip.width}×${clip.height}`;
  return clip.rotationDeg === 0 ? size : `${size} ↻${clip.rotationDeg}°`;
}

function describeAudio(clip: ClipSummary): string {
  if (!clip.hasAudio) return 'none';
  const codec = clip.audioCodec ?? 'audio';
  return clip.audioSilent ? `${codec} (silent)` : codec;
}
