/** Each sampled frame's caption in time order; the current frame's is highlighted and kept in view, a click seeks. */
import { useEffect, useRef } from 'react';
import type { ClipAnalysisView, FrameSample } from '../../../shared/api';

interface Props {
  samples: readonly FrameSample[];
  frames: ClipAnalysisView['frames'];
  current: number;
  onSeek: (index: number) => void;
}

export function CaptionTrack({ samples, frames, current, onSeek }: Props) {
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    list.current?.querySelector('[aria-current="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [current]);
  return (
    <ol className="caption-track" aria-label="captions" ref={list}>
      {samples.map((sample) => {
        const caption = frames[sample.index]?.caption;
        return (
          <li key={sample.index} aria-current={sample.index === current ? 'true' : undefined} onClick={() => onSeek(sample.index)}>
            <span className="time">{sample.frameTimeS.toFixed(2)} s</span> {caption ? caption.text : <span className="muted">no caption (no face)</span>}
          </li>
        );
      })}
    </ol>
  );
}
