/**
 * What the review draws of a clip besides the video: clips.waveform, the audio as peak levels (the sidecar
 * .wav where the video has no sound), and clips.thumbnails, a small picture of each sampled frame. Each is
 * made once from the media, kept in the database and read from there afterwards. Only a file that is still
 * the one imported is decoded (clip-file.ts), as for playback.
 */
import type { ApiOutput, ApiParsedInput } from '../../shared/api';
import { ViperError } from '../../shared/errors';
import { clipAudioSource } from '../media/audio-sidecar';
import { ClipFiles } from '../media/clip-file';
import { AUDIO_SAMPLE_RATE, decodeAudio } from '../media/decode-audio';
import { probeMedia } from '../media/probe';
import { peakEnvelope, waveformBucketS } from '../media/waveform';
import { ClipFilesStore } from '../store/clip-files-store';
import { distinctFrames } from '../media/sampling';
import { frameThumbnails } from '../media/frame-thumbnails';
import { ClipsStore } from '../store/clips-store';
import { ThumbnailsStore, WaveformsStore } from '../store/review-media-store';
import type { ApiContext, CallControls } from './context';
import { requireClip } from './resolve-clip';

export async function waveformHandler(input: ApiParsedInput<'clips.waveform'>, ctx: ApiContext, controls: CallControls): Promise<ApiOutput<'clips.waveform'>> {
  const clip = requireClip(ctx, input.clip);
  const store = new WaveformsStore(ctx.db);
  const stored = store.get(clip.id);
  if (stored) return answer(stored.bucketS, stored.peaks);

  await requireImportedFile(ctx, clip.id);
  const tools = await ctx.tools();
  const media = await probeMedia(tools, clip.path, controls.signal);
  const source = await clipAudioSource(tools, media, clip.audioPath, controls.signal);
  if (!source.audio) return { bucketS: null, peaks: [] };
  let samples: Float32Array;
  try {
    samples = await decodeAudio(tools, source, controls.signal);
  } catch (error) {
    if (error instanceof ViperError) throw error;
    throw new ViperError('media/decode-failed', `${source.path}: its audio could not be decoded for the waveform. Check the file with ffprobe.`, { subject: source.path, cause: error });
  }
  const bucketS = waveformBucketS(samples.length / AUDIO_SAMPLE_RATE);
  const waveform = { bucketS, peaks: peakEnvelope(samples, AUDIO_SAMPLE_RATE, bucketS) };
  store.put(clip.id, waveform, ctx.now());
  return answer(waveform.bucketS, waveform.peaks);
}

/** Three decimals are more than a drawing needs, and keep the answer small (≤ 4,000 short numbers). */
const answer = (bucketS: number, peaks: Float32Array): ApiOutput<'clips.waveform'> => ({ bucketS, peaks: Array.from(peaks, (peak) => Math.round(peak * 1000) / 1000) });

/** Refuses a clip whose file moved or changed since import (the same check as playback). */
async function requireImportedFile(ctx: ApiContext, clipId: number): Promise<void> {
  const file = new ClipFilesStore(ctx.db).file(clipId);
  const problem = file ? await ClipFiles.of(ctx.db).problem(file) : null;
  if (problem) throw problem;
}

export async function thumbnailsHandler(input: ApiParsedInput<'clips.thumbnails'>, ctx: ApiContext, controls: CallControls): Promise<ApiOutput<'clips.thumbnails'>> {
  const clip = requireClip(ctx, input.clip);
  const samples = new ClipsStore(ctx.db).samples(clip.id);
  const store = new ThumbnailsStore(ctx.db);
  let pictures = store.get(clip.id);
  const missing = distinctFrames(samples.filter((sample) => !pictures.has(sample.frameIndex)));
  if (missing.length > 0) {
    await requireImportedFile(ctx, clip.id);
    const tools = await ctx.tools();
    const made = await frameThumbnails(tools, await probeMedia(tools, clip.path, controls.signal), missing, controls.signal);
    store.put(clip.id, made);
    pictures = new Map([...pictures, ...made]);
  }
  // A frame the video breaks off before has no picture: an empty string, drawn as a plain box.
  const dataUrl = (jpeg: Buffer | undefined): string => (jpeg ? `data:image/jpeg;base64,${jpeg.toString('base64')}` : '');
  return { thumbnails: samples.map((sample) => dataUrl(pictures.get(sample.frameIndex))) };
}
