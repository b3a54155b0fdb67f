/** The clip's video with the subject's face box of the current sampled frame drawn over it. */
import { useState } from 'react';
import type { ClipAnalysisView } from '../../../shared/api';
import type { Playback } from '../../../shared/clips-api';
import { mediaUrl } from '../api';
import { PlaybackCopy } from './PlaybackCopy';
import { RelocateClip } from './RelocateClip';

interface Props {
  clipId: number;
  /** A callback ref: the screen keeps the element in state, so hooks see it once it mounts. */
  video: (element: HTMLVideoElement | null) => void;
  /** The current sampled frame's analysis, when the clip has been analysed. */
  frame: ClipAnalysisView['frames'][number] | undefined;
  /** Why the video cannot be played (moved or changed since import), with the fix; null when it can. */
  fileProblem: string | null;
  videoCodec: string;
  playback: Playback;
  /** A playback copy was made: reload the clip. */
  onPlaybackChanged: () => void;
  /** After the relocate action moved the clip to its file's new place. */
  onRelocated: () => void;
}

export function VideoPane({ clipId, video, frame, fileProblem, videoCodec, playback, onPlaybackChanged, onRelocated }: Props) {
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  const [noPicture, setNoPicture] = useState(false);
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
  // Chromium plays an undecodable video track's audio over black without an error: no picture size is the tell.
  const checkPicture = (element: HTMLVideoElement): void => {
    if (element.videoWidth === 0) setNoPicture(true);
    else setSize({ width: element.videoWidth, height: element.videoHeight });
  };
  return (
    <div className="video-pane-column">
      <div className="video-pane">
        <video
          // A new element when the source changes (a copy was made), so nothing of the old file lingers.
          key={playback.source}
          ref={video}
          // Chromium keeps a media file's bytes by URL for the page's life, so a copy made now needs an address
          // of its own; a fragment changes the key without reaching the server (or Electron's protocol).
          src={playback.source === 'proxy' ? `${mediaUrl(clipId)}#playback-copy` : mediaUrl(clipId)}
          controls
          preload="auto"
          onLoadedMetadata={(event) => checkPicture(event.currentTarget)}
          onLoadedData={(event) => checkPicture(event.currentTarget)}
          onError={() => setNoPicture(true)}
        />
        {size && face ? (
          // Same aspect and fit as the video (object-fit: contain), so clip pixels land on the picture.
          <svg className="face-overlay" viewBox={`0 0 ${size.width} ${size.height}`} preserveAspectRatio="xMidYMid meet" aria-label="face box">
            <rect x={face.x} y={face.y} width={face.width} height={face.height} />
          </svg>
        ) : null}
      </div>
      <PlaybackCopy
        clipId={clipId}
        videoCodec={videoCodec}
        playback={playback}
        noPicture={noPicture}
        onMade={() => {
          setNoPicture(false);
          setSize(null);
          onPlaybackChanged();
        }}
      />
    </div>
  );
}
