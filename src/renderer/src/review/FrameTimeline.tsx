/**
 * The sampled frames as a strip: each cell a small picture of the frame (clips.thumbnails, made once on
 * first view) over its number; the current one highlighted, a frame without a face greyed, a click seeks.
 */
import type { ClipAnalysisView, FrameSample } from '../../../shared/api';
import { useApi } from '../app/use-api';

interface Props {
  samples: readonly FrameSample[];
  frames: ClipAnalysisView['frames'] | undefined;
  current: number;
  onSeek: (index: number) => void;
}

/** The strip with the clip's frame pictures, fetched once the clip's file is known to be there. */
export function PicturedFrameTimeline({ clipId, ...props }: Props & { clipId: number }) {
  const [pictures] = useApi('clips.thumbnails', { clip: clipId });
  return <FrameTimeline {...props} thumbnails={pictures.phase === 'ready' ? pictures.value.thumbnails : []} />;
}

export function FrameTimeline({ samples, frames, current, onSeek, thumbnails = [] }: Props & { thumbnails?: readonly string[] }) {
  return (
    <ol className="frame-timeline" aria-label="sampled frames">
      {samples.map((sample) => {
        const frame = frames?.[sample.index];
        const picture = thumbnails[sample.index];
        return (
          <li key={sample.index}>
            <button
              type="button"
              aria-current={sample.index === current ? 'true' : undefined}
              className={frame && !frame.face ? 'no-face' : undefined}
              title={`frame ${sample.index + 1} at ${sample.frameTimeS.toFixed(2)} s${frame ? (frame.face ? '' : ' (no face)') : ''}`}
              onClick={() => onSeek(sample.index)}
            >
              {picture ? <img src={picture} alt="" className="frame-thumbnail" /> : null}
              <span>{sample.index + 1}</span>
            </button>
          </li>
        );
      })}
    </ol>
  );
}
