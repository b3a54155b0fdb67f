/**
 * One clip through the ViPER feature pipeline (DESIGN §1 steps 1–4): its sampled frames and audio
 * fragments in, per frame a token in the authors' order — image (FaceRes descriptor), audio (acoustic
 * descriptor), text (the chosen caption's embedding), FAU (20 AUs + 7 emotions + 5 zeros) — out, with
 * a presence mask per part and what a reviewer wants to see per frame (face box, pose, caption,
 * speech probability). A frame without the subject's face has zero image / text / FAU parts, marked
 * absent — or, under the authors-code protocol, is kept whole as their crop step kept it: the image part
 * embedded from the full frame, a caption chosen for it, the FAU part zeros (their failed-frame value).
 * A silent or missing audio track gives a zero audio part, marked absent. Never NaN.
 */
import type { FrameSample } from '../../../shared/api';
import type { Protocol } from '../../../shared/common-schemas';
import { clipAudioSource } from '../../media/audio-sidecar';
import { audioFragment, isDigitalSilence } from '../../media/decode-audio';
import { decodeClip } from '../../media/decode-clip';
import { outputSize } from '../../media/decode-frames';
import { withFrameSlab } from '../../media/frame-slab';
import type { MediaTools } from '../../media/media-tools';
import { clipMediaInfo } from '../../media/probe';
import type { ImportProbe } from '../../store/clip-files-store';
import { describeAudioFragment } from '../audio-descriptor';
import { chooseCaption, chooseCaptionByClip, type BasicEmotionProbs } from '../caption-scorer';
import { cropSquare, type RgbImage } from '../face-crop';
import type { FaceBox } from '../face-tracking';
import { analyseFaces, type FaceStep } from '../faces/analyse-faces';
import { AU_NAMES, type AuIntensities } from '../fau/au-intensities';
import { BASIC_EMOTIONS, clipFau, isMasked } from '../fau/clip-fau';
import type { FauMaskReason } from '../fau/fau-mask';
import { applyAuModel } from '../fau/user-aus';
import type { HeadPose } from '../fau/face-frame';
import { fragmentSpeechProbability, speechTimeline } from '../speech-probability';
import type { AnalysisModels, Modality } from './analysis-models';
import { summariseLandmarks } from './landmark-summary';
import { squashToSquare } from './whole-frame';

/** Frames are decoded at most this large: enough for faces of webcam clips, bounded memory. */
export const DECODE_MAX_SIDE = 1280;

/** The steps of a clip's analysis, reported as each ends, in wall-clock order (the benchmark's stopwatch). */
export type AnalysisStep = 'decodeFrames' | FaceStep | 'fauCaptions' | 'decodeAudio' | 'audioDescriptorVad';

/** Crops handed to a user image encoder or CLIP; their own processors resize to the model's size. */
const USER_CROP_SIZE = 256;

export interface FrameAnalysis {
  face: FaceBox | null;
  pose: HeadPose | null;
  /** 33 key landmarks as x, y pairs in frame pixels (see landmark-summary.ts). */
  landmarks33: Float32Array | null;
  caption: { templateId: string; text: string; score: number } | null;
  speechProb: number | null;
  /** Why a frame with the subject's face has no FAU part (and so no caption): see fau-mask.ts. */
  fauMasked: FauMaskReason | null;
}

export interface ClipAnalysis {
  frames: FrameAnalysis[];
  /** Row-major [N, TOKEN_DIMS[m]] per requested modality. */
  parts: Partial<Record<Modality, Float32Array>>;
  /** [N, 4]: 1 where the part (image, audio, text, fau) holds data. */
  presence: Float32Array;
  facesFound: number;
}

const PART_INDEX: Record<Modality, number> = { image: 0, audio: 1, text: 2, fau: 3 };

/** FaceRes's input side: a whole frame squashed to it is read as one full-size crop. */
const DESCRIPTOR_SIDE = 224;

/** No AU, no emotion: the scorer's input for a frame kept whole without a face (it picks a neutral caption). */
const NO_FAU = Object.fromEntries(AU_NAMES.map((name) => [name, 0])) as AuIntensities;
const NO_EMOTION = Object.fromEntries(BASIC_EMOTIONS.map((name) => [name, 0])) as BasicEmotionProbs;

function padTo(samples: Float32Array, length: number): Float32Array {
  if (samples.length >= length) return samples;
  const padded = new Float32Array(length);
  padded.set(samples);
  return padded;
}

/** The video, the sidecar audio file stored at import for a video without its own track, and the import's probe where kept. */
export interface ClipSource {
  path: string;
  audioPath: string | null;
  probe?: ImportProbe | null;
}

export async function analyseClip(
  tools: MediaTools,
  source: ClipSource,
  samples: readonly FrameSample[],
  models: AnalysisModels,
  modalities: readonly Modality[],
  signal?: AbortSignal,
  onStep: (step: AnalysisStep) => void = () => undefined,
  protocol: Protocol = 'default',
): Promise<ClipAnalysis> {
  const n = samples.length;
  const media = await clipMediaInfo(tools, source.path, source.probe, signal);
  const audioSource = await clipAudioSource(tools, media, source.audioPath, signal);
  const wanted = [...new Map(samples.map((s) => [s.frameIndex, { frameIndex: s.frameIndex, frameTimeS: s.frameTimeS }])).values()].sort((a, b) => a.frameIndex - b.frameIndex);
  const { width, height } = outputSize(media, DECODE_MAX_SIDE);
  // The frames live in memory this thread keeps for its next clip; nothing below keeps them past the return.
  return withFrameSlab(wanted.length * width * height * 3, async (slab) => {
    const { frames: decoded, audio: audioDecoding } = await decodeClip(tools, media, wanted, audioSource, { maxSide: DECODE_MAX_SIDE, signal, into: slab });
    const byIndex = new Map(decoded.map((f) => [f.frameIndex, f]));
    // Boxes come back in decoded pixels; scale them to the clip's own size for storage.
    const toClip = media.video.width / (decoded[0]?.width ?? media.video.width);
    const frames = samples.map((s) => byIndex.get(s.frameIndex) as RgbImage);
    onStep('decodeFrames');

    const faces = await analyseFaces(frames, models.faces, onStep);
    const geometricFau = clipFau(
      faces.map((f, i) => ({ landmarks: f?.landmarks ?? null, emotions: f ? [...f.emotions] : null, frameSize: frames[i] })),
      { reference: models.auReference },
    );
    const auModel = models.user.fau;
    // A lab's AU model reads the face crops of the frames whose geometry could be measured (a masked frame stays masked).
    const fau =
      auModel && models.userAuSlots
        ? await applyAuModel(geometricFau, faces.map((face, i) => (face && !isMasked(geometricFau[i] ?? null) ? cropSquare(frames[i] as RgbImage, face.region, auModel.imageSize) : null)), auModel, models.userAuSlots)
        : geometricFau;
    const presence = new Float32Array(n * 4);
    const parts: Partial<Record<Modality, Float32Array>> = {};
    const dims = models.dims;
    for (const m of modalities) parts[m] = new Float32Array(n * dims[m]);
    // Frames kept whole (authors-code, no face): their embeddings are read from the full frame.
    const wholeFrames = protocol === 'authors-code' ? faces.map((face, i) => (face ? null : (frames[i] as RgbImage))) : faces.map(() => null);
    const userInputs = models.user.image || models.user.clip ? faces.map((face, i) => (face ? cropSquare(frames[i] as RgbImage, face.region, USER_CROP_SIZE) : wholeFrames[i])) : [];
    const present = userInputs.flatMap((input) => (input ? [input] : []));
    const userImage = models.user.image && parts.image ? (await models.user.image.embed(present)).vectors : null;
    const clipImage = models.user.clip ? (await models.user.clip.embedImages(present)).vectors : null;
    const kept = wholeFrames.flatMap((frame, i) => (frame ? [i] : []));
    const wholeDescriptors = parts.image && !userImage && kept.length > 0
      ? await models.faces.classifiers.descriptors(kept.map((i) => ({ frame: squashToSquare(wholeFrames[i] as RgbImage, DESCRIPTOR_SIDE), region: { x: 0, y: 0, side: DESCRIPTOR_SIDE } })))
      : [];
    let presentIndex = 0;

    const analysis: FrameAnalysis[] = samples.map((_, i) => {
      const face = faces[i];
      const frameFau = fau[i];
      const whole = wholeFrames[i];
      if ((!face || !frameFau) && !whole) return { face: null, pose: null, landmarks33: null, caption: null, speechProb: null, fauMasked: null };
      const k = userInputs.length > 0 ? presentIndex++ : -1;
      const box = face ? { x: face.box.x * toClip, y: face.box.y * toClip, width: face.box.width * toClip, height: face.box.height * toClip, score: face.meshScore } : null;
      if (face && box && frameFau && isMasked(frameFau)) {
        // The face is there (its picture still feeds the image part) but its geometry cannot be measured.
        parts.image?.set(userImage?.[k] ?? face.descriptor, i * dims.image);
        if (parts.image) presence[i * 4 + PART_INDEX.image] = 1;
        return { face: box, pose: frameFau.pose, landmarks33: summariseLandmarks(face.landmarks, toClip), caption: null, speechProb: null, fauMasked: frameFau.masked };
      }
      const measured = frameFau && !isMasked(frameFau) ? frameFau : null;
      const probs = face ? (Object.fromEntries(BASIC_EMOTIONS.map((name, e) => [name, face.emotions[e] as number])) as BasicEmotionProbs) : NO_EMOTION;
      const clipVector = clipImage?.[k];
      const chosen = clipVector && models.templateClipVectors ? chooseCaptionByClip(models.templates, models.templateClipVectors, clipVector) : chooseCaption(models.templates, measured?.aus ?? NO_FAU, probs);
      const descriptor = face?.descriptor ?? wholeDescriptors[kept.indexOf(i)];
      if (descriptor || userImage?.[k]) parts.image?.set(userImage?.[k] ?? (descriptor as Float32Array), i * dims.image);
      // A frame kept whole has no FAU: zeros, marked absent, as the authors' failed frames.
      if (measured) parts.fau?.set(measured.token, i * dims.fau);
      const textVector = models.templateVectors.get(chosen.template.text);
      if (textVector) parts.text?.set(textVector, i * dims.text);
      for (const m of measured ? (['image', 'text', 'fau'] as const) : (['image', 'text'] as const)) if (parts[m]) presence[i * 4 + PART_INDEX[m]] = 1;
      if (!face || !box || !measured) return { face: null, pose: null, landmarks33: null, caption: { templateId: chosen.template.id, text: chosen.template.text, score: chosen.score }, speechProb: null, fauMasked: null };
      return {
        face: box,
        pose: measured.pose,
        landmarks33: summariseLandmarks(face.landmarks, toClip),
        caption: { templateId: chosen.template.id, text: chosen.template.text, score: chosen.score },
        speechProb: null,
        fauMasked: null,
      };
    });
    onStep('fauCaptions');

    if (audioDecoding) {
      const audio = await audioDecoding;
      onStep('decodeAudio');
      const timeline = isDigitalSilence(audio) ? null : await speechTimeline(models.vad, audio);
      const fragments = samples.map((s) => audioFragment(audio, s.audioStartS, s.audioEndS, s.audioPadToS));
      const userAudio = models.user.audio;
      // x-vector models need a least length; shorter fragments are zero-padded to it.
      const xvectors = userAudio && parts.audio ? (await userAudio.embed(fragments.map((f) => padTo(f, userAudio.minSamples)))).vectors : null;
      samples.forEach((s, i) => {
        const frame = analysis[i] as FrameAnalysis;
        frame.speechProb = timeline ? fragmentSpeechProbability(timeline, s.audioStartS, s.audioEndS) : 0;
        if (!parts.audio) return;
        const fragment = fragments[i] as Float32Array;
        const silent = isDigitalSilence(fragment);
        parts.audio.set(silent ? new Float32Array(dims.audio) : (xvectors?.[i] ?? describeAudioFragment(fragment).vector), i * dims.audio);
        if (!silent) presence[i * 4 + PART_INDEX.audio] = 1;
      });
      onStep('audioDescriptorVad');
    }
  return { frames: analysis, parts, presence, facesFound: faces.filter(Boolean).length };
  });
}
