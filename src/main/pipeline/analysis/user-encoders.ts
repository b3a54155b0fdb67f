/**
 * The paper's own encoders where the lab installed them (models/user/<stage>/<name>/, Optimum
 * exports): each replaces the default for its stage — ViT for the image part, CLIP for choosing
 * captions, RoBERTa for the text part, WavLM x-vectors for the audio part, and a lab's AU network for
 * the AU values of the FAU part. The first complete folder
 * of a stage (by name) is used; an incomplete one stops the job with what is missing, since the lab
 * meant it to be used.
 */
import { ViperError } from '../../../shared/errors';
import { sessionFactory } from '../../models/session';
import {
  discoverUserModels,
  loadAuModel,
  type AuModel,
  loadAudioEncoder,
  loadClipPair,
  loadImageEncoder,
  loadTextEncoder,
  type AudioEncoder,
  type ClipPair,
  type ImageEncoder,
  type TextEncoder,
} from '../../models/user-models';

export interface UserEncoders {
  image?: ImageEncoder;
  clip?: ClipPair;
  text?: TextEncoder;
  audio?: AudioEncoder;
  fau?: AuModel;
}

export async function loadUserEncoders(modelsDir: string): Promise<UserEncoders> {
  const listing = await discoverUserModels(modelsDir);
  const broken = listing.models.find((m) => m.problem);
  if (broken?.problem) throw new ViperError(broken.problem.code, broken.problem.message, { subject: broken.folder });
  const first = (stage: string): string | undefined => listing.models.find((m) => m.stage === stage)?.folder;
  const options = { factory: sessionFactory() };
  const encoders: UserEncoders = {};
  const image = first('image');
  const clip = first('clip');
  const text = first('text');
  const audio = first('audio');
  const fau = first('fau');
  if (image) encoders.image = await loadImageEncoder(image, options);
  if (clip) encoders.clip = await loadClipPair(clip, options);
  if (text) encoders.text = await loadTextEncoder(text, options);
  if (audio) encoders.audio = await loadAudioEncoder(audio, options);
  if (fau) encoders.fau = await loadAuModel(fau, options);
  return encoders;
}
