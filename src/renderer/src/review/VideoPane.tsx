/** The clip's video with the subject's face box of the current sampled frame drawn over it. */
import { useState } from 'react';
import type { ClipAnalysisView } from '../../../shared/api';
import { mediaUrl } from '../api';
import { RelocateClip } from './RelocateClip';

interface Props {
  clipId: number;
  /** A callback ref: the screen keeps the element in state, so hooks see it once it mounts. */
  video: (element: HTMLVideoElement | null) => void;
  /** The current sampled frame's analysis, when the clip has been analysed. */
  frame: ClipAnalysisView['frames'][number] | undefined;
  /** Why the video cannot be played (moved or changed since import), with the fix; null when it can. */
  fileProblem: string | null;
  /** After the relocate action moved the clip to its file's new place. */
  onRelocated: () => void;
}

export function VideoPane({ clipId, video, frame, fileProblem, onRelocated }: Props) {
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  const [failed, setFailed] = useState(false);
  if (fileProblem) {
    return (
      <div className="video-pane">
        <p className="video-missing" role="alert">
          Moved or changed: {fileProblem}
        </p>
        <RelocateClip clipId={clipId} onRelocated={onRelocated} />
      </div>
    );
  }
  const face = frame?.face;
  return (
    <div className="video-pane">
      <video
        ref={video}
        src={mediaUrl(clipId)}
        controls
        preload="auto"
        onLoadedMetadata={(event) => setSize({ width: event.currentTarget.videoWidth, height: event.currentTarget.videoHeight })}
        onError={() => setFailed(true)}
      />
      {size && face ? (
        // Same aspect and fit as the video (object-fit: contain), so clip pixels land on the picture.
        <svg className="face-overlay" viewBox={`0 0 ${size.width} ${size.height}`} preserveAspectRatio="xMidYMid meet" aria-label="face box">
          <rect x={face.x} y={face.y} width={face.width} height={face.height} />
        </svg>
      ) : null}
      {failed ? (
        <p className="video-problem" role="alert">
          This browser cannot play the clip&apos;s video: its codec may be unsupported here (e.g. HEVC), or its file moved or changed since this page loaded (reload the clip to check).
        </p>
      ) : null}
    </div>
  );
}
