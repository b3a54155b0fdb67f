/**
 * A stage-timed copy of analyseClip (src/main/pipeline/analysis/analyse-clip.ts) with the default pack:
 * the same stage functions in the same order, with a clock read between stages, and analyseFaces
 * unrolled so detection, FaceMesh and the two crop classifiers are timed apart. It exists only for the
 * benchmark; pipeline-bench.ts checks that its output is byte-identical to analyseClip's, so a change
 * to the real flow that this copy misses fails the benchmark instead of timing the wrong thing.
 */
import { performance } from 'node:perf_hooks';
import type { FrameSample } from '../src/shared/api';
import { audioFragment, decodeAudio, isDigitalSilence } from '../src/main/media/decode-audio';
import { decodeFramesToArray } from '../src/main/media/decode-frames';
import type { MediaTools } from '../src/main/media/media-tools';
import { probeMedia } from '../src/main/media/probe';
import type { ClipAnalysis, FrameAnalysis } from '../src/main/pipeline/analysis/analyse-clip';
import type { AnalysisModels, Modality } from '../src/main/pipeline/analysis/analysis-models';
import { summariseLandmarks } from '../src/main/pipeline/analysis/landmark-summary';
import { describeAudioFragment } from '../src/main/pipeline/audio-descriptor';
import { chooseCaption, type BasicEmotionProbs } from '../src/main/pipeline/caption-scorer';
import type { RgbImage } from '../src/main/pipeline/face-crop';
import { trackSubject, type FaceBox } from '../src/main/pipeline/face-tracking';
import { MIN_DETECTION_SCORE, MIN_MESH_SCORE, type FrameFace } from '../src/main/pipeline/faces/analyse-faces';
import { faceRegion } from '../src/main/pipeline/faces/face-classifiers';
import { BASIC_EMOTIONS, clipFau } from '../src/main/pipeline/fau/clip-fau';
import type { Landmarks } from '../src/main/pipeline/fau/face-frame';
import { fragmentSpeechProbability, speechTimeline } from '../src/main/pipeline/speech-probability';

/** analyse-clip.ts's DECODE_MAX_SIDE (module-private there); the parity check catches a change. */
export const DECODE_MAX_SIDE = 1280;

export const STAGES = ['decodeFrames', 'decodeAudio', 'faceDetection', 'faceMesh', 'emotionFaceRes', 'fauCaptions', 'audioDescriptorVad', 'storeWrite'] as const;
export type Stage = (typeof STAGES)[number];
export type StageTimes = Record<Stage, number>;

export const STAGE_LABELS: Record<Stage, string> = {
  decodeFrames: 'decode frames (probe + select pass)',
  decodeAudio: 'decode audio',
  faceDetection: 'face detection (BlazeFace)',
  faceMesh: 'FaceMesh',
  emotionFaceRes: 'track + emotion + FaceRes',
  fauCaptions: 'FAU + captions',
  audioDescriptorVad: 'audio descriptor + VAD',
  storeWrite: 'store write (SQLite)',
};

const PART_INDEX: Record<Modality, number> = { image: 0, audio: 1, text: 2, fau: 3 };

/** Milliseconds since the last lap, added to a stage. */
function stopwatch(times: StageTimes): (stage: Stage) => void {
  let last = performance.now();
  return (stage) => {
    const now = performance.now();
    times[stage] += now - last;
    last = now;
  };
}

export const zeroStages = (): StageTimes => Object.fromEntries(STAGES.map((s) => [s, 0])) as StageTimes;

/** analyseFaces, unrolled: detector and mesh per frame, then tracking and both classifiers per clip. */
async function timedFaces(frames: readonly RgbImage[], models: AnalysisModels, lap: (stage: Stage) => void): Promise<(FrameFace | null)[]> {
  const { detector, mesh, classifiers } = models.faces;
  const candidates: { box: FaceBox; landmarks: Landmarks; meshScore: number }[][] = [];
  for (const frame of frames) {
    const boxes = await detector.detect(frame, { minScore: MIN_DETECTION_SCORE });
    lap('faceDetection');
    const meshes = await mesh.landmarks(boxes.map((box) => ({ frame, box })));
    candidates.push(boxes.flatMap((box, i) => (meshes[i] && meshes[i].faceScore >= MIN_MESH_SCORE ? [{ box, landmarks: meshes[i].landmarks, meshScore: meshes[i].faceScore }] : [])));
    lap('faceMesh');
  }
  const first = frames[0];
  const track = trackSubject(
    candidates.map((c) => c.map((x) => x.box)),
    { frameWidth: first?.width ?? 1, frameHeight: first?.height ?? 1 },
  );
  const subjects = track.map((box, i) => (box ? (candidates[i]?.find((c) => c.box === box) ?? null) : null));
  const present = subjects.flatMap((s, i) => (s ? [{ frame: frames[i] as RgbImage, region: faceRegion(s.landmarks), index: i }] : []));
  const [emotions, descriptors] = [await classifiers.emotions(present), await classifiers.descriptors(present)];
  const result: (FrameFace | null)[] = frames.map(() => null);
  present.forEach((p, k) => {
    const subject = subjects[p.index] as (typeof candidates)[number][number];
    result[p.index] = { ...subject, region: p.region, emotions: emotions[k] as Float32Array, descriptor: descriptors[k] as Float32Array };
  });
  lap('emotionFaceRes');
  return result;
}

/** analyseClip with the default pack (no user encoders), timing each stage into `times`. */
export async function timedAnalyseClip(tools: MediaTools, path: string, samples: readonly FrameSample[], models: AnalysisModels, modalities: readonly Modality[], times: StageTimes): Promise<ClipAnalysis> {
  const lap = stopwatch(times);
  const n = samples.length;
  const media = await probeMedia(tools, path);
  const wanted = [...new Map(samples.map((s) => [s.frameIndex, { frameIndex: s.frameIndex, frameTimeS: s.frameTimeS }])).values()].sort((a, b) => a.frameIndex - b.frameIndex);
  const decoded = await decodeFramesToArray(tools, media, wanted, { maxSide: DECODE_MAX_SIDE });
  const byIndex = new Map(decoded.map((f) => [f.frameIndex, f]));
  const toClip = media.video.width / (decoded[0]?.width ?? media.video.width);
  const frames = samples.map((s) => byIndex.get(s.frameIndex) as RgbImage);
  lap('decodeFrames');

  const faces = await timedFaces(frames, models, lap);
  const fau = clipFau(faces.map((f) => ({ landmarks: f?.landmarks ?? null, emotions: f ? [...f.emotions] : null })));
  const presence = new Float32Array(n * 4);
  const parts: Partial<Record<Modality, Float32Array>> = {};
  const dims = models.dims;
  for (const m of modalities) parts[m] = new Float32Array(n * dims[m]);
  const analysis: FrameAnalysis[] = samples.map((_, i) => {
    const face = faces[i];
    const frameFau = fau[i];
    if (!face || !frameFau) return { face: null, pose: null, landmarks33: null, caption: null, speechProb: null };
    const probs = Object.fromEntries(BASIC_EMOTIONS.map((name, e) => [name, face.emotions[e] as number])) as BasicEmotionProbs;
    const chosen = chooseCaption(models.templates, frameFau.aus, probs);
    parts.image?.set(face.descriptor, i * dims.image);
    parts.fau?.set(frameFau.token, i * dims.fau);
    const textVector = models.templateVectors.get(chosen.template.text);
    if (textVector) parts.text?.set(textVector, i * dims.text);
    for (const m of ['image', 'text', 'fau'] as const) if (parts[m]) presence[i * 4 + PART_INDEX[m]] = 1;
    return {
      face: { x: face.box.x * toClip, y: face.box.y * toClip, width: face.box.width * toClip, height: face.box.height * toClip, score: face.meshScore },
      pose: frameFau.pose,
      landmarks33: summariseLandmarks(face.landmarks, toClip),
      caption: { templateId: chosen.template.id, text: chosen.template.text, score: chosen.score },
      speechProb: null,
    };
  });
  lap('fauCaptions');

  if (media.audio) {
    const audio = await decodeAudio(tools, media);
    lap('decodeAudio');
    const timeline = isDigitalSilence(audio) ? null : await speechTimeline(models.vad, audio);
    const fragments = samples.map((s) => audioFragment(audio, s.audioStartS, s.audioEndS, s.audioPadToS));
    samples.forEach((s, i) => {
      const frame = analysis[i] as FrameAnalysis;
      frame.speechProb = timeline ? fragmentSpeechProbability(timeline, s.audioStartS, s.audioEndS) : 0;
      if (!parts.audio) return;
      const fragment = fragments[i] as Float32Array;
      const silent = isDigitalSilence(fragment);
      parts.audio.set(silent ? new Float32Array(dims.audio) : describeAudioFragment(fragment).vector, i * dims.audio);
      if (!silent) presence[i * 4 + PART_INDEX.audio] = 1;
    });
    lap('audioDescriptorVad');
  }
  return { frames: analysis, parts, presence, facesFound: faces.filter(Boolean).length };
}
