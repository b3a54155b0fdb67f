/**
 * The pipeline bench's "before" flow: analyseClip as it was when issue 14 was taken up (c7a3005), frozen here
 * so that the flow it measures stays the same while the pipeline changes. For the default pack only (the bench
 * refuses user encoders) and the default protocol:
 *   - ffprobe at every analysis; the audio in its own ffmpeg process beside the frames' pass;
 *   - the detector on every frame, FaceMesh on each frame's boxes as they are found (batches of one frame);
 *   - the face models' own steps (crops, inputs) as c7a3005 had them: face-models-before.ts;
 *   - the rest (FAU, captions, VAD, audio descriptor) through today's modules, which this round did not make
 *     faster.
 */
import type { FrameSample } from '../../src/shared/api';
import { clipAudioSource } from '../../src/main/media/audio-sidecar';
import { audioFragment, decodeAudio, isDigitalSilence } from '../../src/main/media/decode-audio';
import { decodeFramesToArray } from '../../src/main/media/decode-frames';
import type { MediaTools } from '../../src/main/media/media-tools';
import { probeMedia } from '../../src/main/media/probe';
import { describeAudioFragment } from '../../src/main/pipeline/audio-descriptor';
import { chooseCaption, type BasicEmotionProbs } from '../../src/main/pipeline/caption-scorer';
import type { RgbImage } from '../../src/main/pipeline/face-crop';
import { trackSubject, type FaceBox } from '../../src/main/pipeline/face-tracking';
import { DECODE_MAX_SIDE, type ClipAnalysis, type FrameAnalysis } from '../../src/main/pipeline/analysis/analyse-clip';
import type { AnalysisModels, Modality } from '../../src/main/pipeline/analysis/analysis-models';
import { summariseLandmarks } from '../../src/main/pipeline/analysis/landmark-summary';
import { MIN_DETECTION_SCORE, MIN_MESH_SCORE, type FrameFace } from '../../src/main/pipeline/faces/analyse-faces';
import { faceRegion } from '../../src/main/pipeline/faces/face-classifiers';
import { BASIC_EMOTIONS, clipFau, isMasked } from '../../src/main/pipeline/fau/clip-fau';
import type { Landmarks } from '../../src/main/pipeline/fau/face-frame';
import { fragmentSpeechProbability, speechTimeline } from '../../src/main/pipeline/speech-probability';
import type { FaceModelsBefore } from './face-models-before';

const PART_INDEX: Record<Modality, number> = { image: 0, audio: 1, text: 2, fau: 3 };

/** c7a3005's face stage: detector and FaceMesh frame by frame, then the subject's crops in one batch. */
async function analyseFacesBefore(frames: readonly RgbImage[], models: FaceModelsBefore): Promise<(FrameFace | null)[]> {
  const candidates: { box: FaceBox; landmarks: Landmarks; meshScore: number }[][] = [];
  for (const frame of frames) {
    const boxes = await models.detect(frame, { minScore: MIN_DETECTION_SCORE });
    const meshes = await models.landmarks(boxes.map((box) => ({ frame, box })));
    candidates.push(boxes.flatMap((box, i) => (meshes[i] && meshes[i].faceScore >= MIN_MESH_SCORE ? [{ box, landmarks: meshes[i].landmarks, meshScore: meshes[i].faceScore }] : [])));
  }
  const track = trackSubject(
    candidates.map((c) => c.map((x) => x.box)),
    { frameWidth: frames[0]?.width ?? 1, frameHeight: frames[0]?.height ?? 1 },
  );
  const subjects = track.map((box, i) => (box ? (candidates[i]?.find((c) => c.box === box) ?? null) : null));
  const present = subjects.flatMap((s, i) => (s ? [{ frame: frames[i] as RgbImage, region: faceRegion(s.landmarks), index: i }] : []));
  const [emotions, descriptors] = [await models.emotions(present), await models.descriptors(present)];
  const result: (FrameFace | null)[] = frames.map(() => null);
  present.forEach((p, k) => {
    const subject = subjects[p.index] as NonNullable<(typeof subjects)[number]>;
    result[p.index] = { ...subject, region: p.region, emotions: emotions[k] as Float32Array, descriptor: descriptors[k] as Float32Array };
  });
  return result;
}

export async function analyseClipBefore(tools: MediaTools, source: { path: string; audioPath: string | null }, samples: readonly FrameSample[], models: AnalysisModels, faceModels: FaceModelsBefore, modalities: readonly Modality[]): Promise<ClipAnalysis> {
  const n = samples.length;
  const media = await probeMedia(tools, source.path);
  const audioSource = await clipAudioSource(tools, media, source.audioPath);
  const wanted = [...new Map(samples.map((s) => [s.frameIndex, { frameIndex: s.frameIndex, frameTimeS: s.frameTimeS }])).values()].sort((a, b) => a.frameIndex - b.frameIndex);
  const audioDecoding = audioSource.audio ? decodeAudio(tools, audioSource) : null;
  audioDecoding?.catch(() => undefined);
  const decoded = await decodeFramesToArray(tools, media, wanted, { maxSide: DECODE_MAX_SIDE });
  const byIndex = new Map(decoded.map((f) => [f.frameIndex, f]));
  const toClip = media.video.width / (decoded[0]?.width ?? media.video.width);
  const frames = samples.map((s) => byIndex.get(s.frameIndex) as RgbImage);

  const faces = await analyseFacesBefore(frames, faceModels);
  const fau = clipFau(
    faces.map((f, i) => ({ landmarks: f?.landmarks ?? null, emotions: f ? [...f.emotions] : null, frameSize: frames[i] as RgbImage })),
    { reference: models.auReference },
  );
  const presence = new Float32Array(n * 4);
  const parts: Partial<Record<Modality, Float32Array>> = {};
  const dims = models.dims;
  for (const m of modalities) parts[m] = new Float32Array(n * dims[m]);
  const analysis: FrameAnalysis[] = samples.map((_, i) => {
    const face = faces[i];
    const frameFau = fau[i];
    if (!face || !frameFau) return { face: null, pose: null, landmarks33: null, caption: null, speechProb: null, fauMasked: null };
    const box = { x: face.box.x * toClip, y: face.box.y * toClip, width: face.box.width * toClip, height: face.box.height * toClip, score: face.meshScore };
    if (isMasked(frameFau)) {
      parts.image?.set(face.descriptor, i * dims.image);
      if (parts.image) presence[i * 4 + PART_INDEX.image] = 1;
      return { face: box, pose: frameFau.pose, landmarks33: summariseLandmarks(face.landmarks, toClip), caption: null, speechProb: null, fauMasked: frameFau.masked };
    }
    const probs = Object.fromEntries(BASIC_EMOTIONS.map((name, e) => [name, face.emotions[e] as number])) as BasicEmotionProbs;
    const chosen = chooseCaption(models.templates, frameFau.aus, probs);
    parts.image?.set(face.descriptor, i * dims.image);
    parts.fau?.set(frameFau.token, i * dims.fau);
    const textVector = models.templateVectors.get(chosen.template.text);
    if (textVector) parts.text?.set(textVector, i * dims.text);
    for (const m of ['image', 'text', 'fau'] as const) if (parts[m]) presence[i * 4 + PART_INDEX[m]] = 1;
    const caption = { templateId: chosen.template.id, text: chosen.template.text, score: chosen.score };
    return { face: box, pose: frameFau.pose, landmarks33: summariseLandmarks(face.landmarks, toClip), caption, speechProb: null, fauMasked: null };
  });

  if (audioDecoding) {
    const audio = await audioDecoding;
    const timeline = isDigitalSilence(audio) ? null : await speechTimeline(models.vad, audio);
    samples.forEach((s, i) => {
      const frame = analysis[i] as FrameAnalysis;
      frame.speechProb = timeline ? fragmentSpeechProbability(timeline, s.audioStartS, s.audioEndS) : 0;
      if (!parts.audio) return;
      const fragment = audioFragment(audio, s.audioStartS, s.audioEndS, s.audioPadToS);
      const silent = isDigitalSilence(fragment);
      parts.audio.set(silent ? new Float32Array(dims.audio) : describeAudioFragment(fragment).vector, i * dims.audio);
      if (!silent) presence[i * 4 + PART_INDEX.audio] = 1;
    });
  }
  return { frames: analysis, parts, presence, facesFound: faces.filter(Boolean).length };
}
