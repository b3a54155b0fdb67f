export { loadAuModel, type AuModel } from './au-model';
export { AUDIO_ENCODER_RATE_HZ, loadAudioEncoder, type AudioEncoder } from './audio-encoder';
export { loadClipPair, type ClipPair } from './clip-pair';
export { discoverUserModels, type UserModelEntry, type UserModelListing } from './discover';
export type { EmbedResult, EncoderOptions } from './encoder-options';
export { loadImageEncoder, type ImageEncoder } from './image-encoder';
export type { RgbImage } from './image-input';
export { STAGE_LAYOUTS, USER_MODEL_STAGES, type UserModelStage } from './stages';
export { loadTextEncoder, type TextEncoder } from './text-encoder';
