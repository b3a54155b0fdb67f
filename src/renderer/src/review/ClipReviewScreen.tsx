/**
 * Clip review: the video with the face box, the sampled-frame timeline, the caption track and the
 * feature curves, all following the video's time; the label editor and the clip's edit history.
 * Everything is reachable by keyboard (shortcuts.ts).
 */
import { useState } from 'react';
import { EMOTIONS } from '../../../shared/emotions';
import { ErrorNotice } from '../ErrorNotice';
import type { ClipLabels } from '../../../shared/api';
import type { ViperError } from '../../../shared/errors';
import { invoke, toViperError } from '../api';
import { editedAnnotator, useAnnotatorIdentity } from '../app/annotator-identity';
import { NotFoundPage } from '../app/NotFoundPage';
import { navigate } from '../app/use-hash-route';
import { useApi } from '../app/use-api';
import { loadReviewOrder } from '../library/review-order';
import { CaptionTrack } from './CaptionTrack';
import { ClipSourceFacts } from './ClipSourceFacts';
import { EditHistory } from './EditHistory';
import { FeatureCurves } from './FeatureCurves';
import { FrameTimeline, PicturedFrameTimeline } from './FrameTimeline';
import { LabelEditor } from './LabelEditor';
import { PLAYBACK_RATES, sampleStepTarget, stepRate, videoFrameStepTarget } from './frame-step';
import { sampleIndexAt, SEEK_EPSILON_S } from './sample-at';
import type { ReviewAction } from './shortcuts';
import { ShortcutsHelp } from './ShortcutsHelp';
import { PredictionPanel } from './PredictionPanel';
import { useClipPrediction } from './use-clip-prediction';
import { LabelModeBar } from './LabelModeBar';
import { useLabelEditor } from './use-label-editor';
import { useReviewShortcuts } from './use-review-shortcuts';
import { useVideoClock } from './use-video-clock';
import { VideoPane } from './VideoPane';
import { WaveformTrack } from './WaveformTrack';
import { ClipModalityBars } from '../attribution/ClipModalityBars';
import { FrameWeightBand } from '../attribution/FrameWeightBand';
import { useClipAttribution } from '../attribution/use-clip-attribution';

/**
 * play() rejects with AbortError when a pause comes before playback starts (a quick l then k): that is
 * the user's own choice, not an error to report.
 */
function playVideo(video: HTMLVideoElement): void {
  video.play().catch((reason: unknown) => {
    if (!(reason instanceof DOMException && reason.name === 'AbortError')) throw reason;
  });
}

export function ClipReviewScreen({ clipId }: { clipId: number }) {
  const [clip, reload] = useApi('clips.get', { clip: clipId });
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  const { timeS, rate } = useVideoClock(video);
  const identity = useAnnotatorIdentity();
  const annotator = editedAnnotator(identity);
  const editor = useLabelEditor(clipId, annotator, identity.name);
  const { prediction, chooseRun } = useClipPrediction(clipId);
  // Blind mode: nothing that could anchor the annotator's judgement.
  const predicted = prediction.phase === 'ready' && !identity.blind ? prediction.value : null;
  const attribution = useClipAttribution(clipId, predicted);
  const [labelsError, setLabelsError] = useState<ViperError | null>(null);
  const saveThrough = (call: Promise<ClipLabels>): void => {
    setLabelsError(null);
    call.then(editor.replaceStored, (reason: unknown) => setLabelsError(toViperError(reason)));
  };
  const restore = (version: number): void => {
    if (!editor.stored) return;
    saveThrough(invoke('labels.restore', { clip: clipId, annotator, version, expectedVersion: editor.stored.version, ...(identity.name ? { editedBy: identity.name } : {}) }));
  };
  const adopt = (from: string): void => {
    if (!editor.stored) return;
    saveThrough(invoke('labels.adopt', { clip: clipId, from, expectedVersion: editor.stored.version, ...(identity.name ? { editedBy: identity.name } : {}) }));
  };
  const acceptPrediction = (all: boolean): void => {
    if (!predicted?.values || predicted.runId === null) return;
    const selected = editor.draft.selected;
    editor.accept(all ? predicted.values : { [selected]: predicted.values[selected] }, predicted.runId);
  };
  const samples = clip.phase === 'ready' ? clip.value.samples : [];
  const analysis = clip.phase === 'ready' ? clip.value.analysis : null;
  const current = sampleIndexAt(samples, timeS);

  const seekTo = (index: number): void => {
    const sample = samples[Math.max(0, Math.min(samples.length - 1, index))];
    if (sample && video) video.currentTime = sample.frameTimeS + SEEK_EPSILON_S;
  };
  // From the element's own position (set at once by a seek), so quick presses are never lost.
  const stepSamples = (delta: 1 | -1): void => {
    if (!video) return;
    video.pause();
    const target = sampleStepTarget(samples, video.currentTime, delta);
    if (target !== null) video.currentTime = target;
  };
  const stepVideoFrames = (delta: 1 | -1): void => {
    if (!video || clip.phase !== 'ready') return;
    video.pause();
    video.currentTime = videoFrameStepTarget(video.currentTime, delta, clip.value.fps, clip.value.durationS);
  };
  const changeSpeed = (direction: 1 | -1): void => {
    if (!video) return;
    if (direction === 1 && video.paused) {
      playVideo(video);
      return;
    }
    video.playbackRate = stepRate(video.playbackRate, direction);
  };

  const goToNeighbour = (step: 1 | -1): void => {
    const order = loadReviewOrder();
    const at = order.indexOf(clipId);
    const neighbour = at === -1 ? clipId + step : order[at + step];
    if (neighbour !== undefined && neighbour > 0) navigate({ screen: 'clip', clipId: neighbour });
  };

  useReviewShortcuts((action: ReviewAction) => {
    switch (action.type) {
      case 'next-clip':
        return goToNeighbour(1);
      case 'previous-clip':
        return goToNeighbour(-1);
      case 'play-pause':
        if (video?.paused) playVideo(video);
        else video?.pause();
        return;
      case 'frame-step':
        return stepSamples(action.delta);
      case 'video-frame-step':
        return stepVideoFrames(action.delta);
      case 'speed':
        return changeSpeed(action.direction);
      case 'select-emotion': {
        const emotion = EMOTIONS[action.index];
        if (emotion) editor.dispatch({ type: 'select', emotion });
        return;
      }
      case 'nudge':
        return editor.dispatch({ type: 'nudge', delta: action.delta, atMs: performance.now() });
      case 'save':
        return editor.saveNow();
      case 'accept-prediction':
        return acceptPrediction(action.all);
      case 'undo':
      case 'redo':
        return editor.dispatch({ type: action.type });
    }
  });

  if (clip.phase === 'loading') return <p className="muted">Loading…</p>;
  if (clip.phase === 'failed') {
    // A clip that is not there will not appear on retry: say so, with the way back.
    if (clip.error.code === 'clips/not-found') return <NotFoundPage what={`Clip ${clipId} is not in this database (it may have been removed, or the link is from another database).`} />;
    return (
      <>
        <ErrorNotice error={clip.error} onRetry={reload} />
        <a href="#/">Back to the Library</a>
      </>
    );
  }
  const facts = clip.value;
  return (
    <section className="review">
      <div className="screen-title">
        <h2>
          Clip {facts.fileId} <span className="muted">{facts.split ?? 'no split'}</span>
        </h2>
        <button type="button" onClick={() => goToNeighbour(-1)}>
          ◀ Previous
        </button>
        <button type="button" onClick={() => goToNeighbour(1)}>
          Next ▶
        </button>
        <a href="#/">Back to the Library</a>
      </div>
      <div className="review-grid">
        <div className="review-media">
          <VideoPane clipId={facts.id} video={setVideo} frame={analysis?.frames[current]} fileProblem={facts.fileProblem} videoCodec={facts.videoCodec} playback={facts.playback} onPlaybackChanged={reload} onRelocated={reload} />
          <div className="playback-line">
            <p className="muted" aria-label="current frame">
              Frame {current + 1} of {samples.length} · {timeS.toFixed(2)} s
            </p>
            <label>
              Speed{' '}
              <select aria-label="playback speed" value={rate} onChange={(event) => video && (video.playbackRate = Number(event.target.value))}>
                {PLAYBACK_RATES.map((offered) => (
                  <option key={offered} value={offered}>
                    {offered}×
                  </option>
                ))}
              </select>
            </label>
          </div>
          <ClipSourceFacts audioPath={facts.audioPath} metadata={facts.metadata} />
          {/* Waveform and pictures are read from the clip's file: not asked for while it is missing or changed. */}
          {facts.fileProblem ? null : (
            <WaveformTrack
              clipId={facts.id}
              durationS={facts.durationS}
              timeS={timeS}
              sampleTimesS={samples.map((sample) => sample.frameTimeS)}
              onSeekTime={(t) => {
                if (video) video.currentTime = t;
              }}
            />
          )}
          {facts.fileProblem ? (
            <FrameTimeline samples={samples} frames={analysis?.frames} current={current} onSeek={seekTo} />
          ) : (
            <PicturedFrameTimeline clipId={facts.id} samples={samples} frames={analysis?.frames} current={current} onSeek={seekTo} />
          )}
          <FrameWeightBand attribution={attribution} frames={samples.length || facts.sampleCount} current={current} onSeek={seekTo} />
          {analysis ? (
            <>
              <CaptionTrack samples={samples} frames={analysis.frames} current={current} onSeek={seekTo} />
              <FeatureCurves frames={analysis.frames} samples={samples} current={current} onSeek={seekTo} />
            </>
          ) : (
            <p className="muted">Not analysed yet: no face boxes, captions or curves. Use “Analyse all” in the Library, or npx viper analyze.</p>
          )}
        </div>
        <div className="review-side">
          <LabelModeBar identity={identity} adoptable={(editor.stored?.annotators ?? []).filter((name) => name !== 'gold')} onAdopt={adopt} />
          {identity.blind ? (
            <p className="muted" aria-label="model prediction">
              Blind mode: gold and the model&apos;s prediction are hidden while you label.
            </p>
          ) : (
            <PredictionPanel prediction={prediction} onChooseRun={chooseRun} onAcceptSelected={() => acceptPrediction(false)} onAcceptAll={() => acceptPrediction(true)} />
          )}
          <LabelEditor editor={editor} predicted={predicted?.values ?? null} title={annotator === 'gold' ? 'Gold labels' : `Labels of ${annotator}`} />
          <ClipModalityBars attribution={attribution} />
          {labelsError ? <ErrorNotice error={labelsError} /> : null}
          <h3>Edit history</h3>
          <EditHistory history={editor.stored?.history ?? []} currentVersion={editor.stored?.version ?? 0} onRestore={editor.save.kind === 'conflict' ? undefined : restore} />
          <h3>Keyboard</h3>
          <ShortcutsHelp />
        </div>
      </div>
    </section>
  );
}
