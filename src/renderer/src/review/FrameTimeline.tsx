/** The sampled frames as a strip of cells: the current one highlighted, a click seeks to it. */
import type { ClipAnalysisView, FrameSample } from '../../../shared/api';

interface Props {
  samples: readonly FrameSample[];
  frames: ClipAnalysisView['frames'] | undefined;
  current: number;
  onSeek: (index: number) => void;
}

export function FrameTimeline({ samples, frames, current, onSeek }: Props) {
  return (
    <ol className="frame-timeline" aria-label="sampled frames">
      {samples.map((sample) => {
        const frame = frames?.[sample.index];
        return (
          <li key={sample.index}>
            <button
              type="button"
              aria-current={sample.index === current ? 'true' : undefined}
              className={frame && !frame.face ? 'no-face' : undefined}
              title={`frame ${sample.index + 1} at ${sample.frameTimeS.toFixed(2)} s${frame ? (frame.face ? '' : ' (no face)') : ''}`}
              onClick={() => onSeek(sample.index)}
            >
              {sample.index + 1}
            </button>
          </li>
        );
      })}
    </ol>
  );
}
