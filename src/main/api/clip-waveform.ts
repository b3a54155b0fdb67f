/**
 * clips.waveform: the clip's audio as peak levels, for the review's waveform track. Decoded once (the
 * sidecar .wav where the video has no sound), kept in clip_waveforms, read from there afterwards. Only a
 * file that is still the one imported is decoded (clip-file.ts), as for playback.
 */
import type { ApiOutput, ApiParsedInput } from '../../shared/api';
import { ViperError } from '../../shared/errors';
import { clipAudioSource } from '../media/audio-sidecar';
import { ClipFiles } from '../media/clip-file';
import { AUDIO_SAMPLE_RATE, decodeAudio } from '../media/decode-audio';
import { probeMedia } from '../media/probe';
import { peakEnvelope, waveformBucketS } from '../media/waveform';
import { ClipFilesStore } from '../store/clip-files-store';
import { WaveformsStore } from '../store/waveforms-store';
import type { ApiContext, CallControls } from './context';
import { requireClip } from './resolve-clip';

export async function waveformHandler(input: ApiParsedInput<'clips.waveform'>, ctx: ApiContext, controls: CallControls): Promise<ApiOutput<'clips.waveform'>> {
  const clip = requireClip(ctx, input.clip);
  const store = new WaveformsStore(ctx.db);
  const stored = store.get(clip.id);
  if (stored) return answer(stored.bucketS, stored.peaks);

  const file = new ClipFilesStore(ctx.db).file(clip.id);
  const problem = file ? await ClipFiles.of(ctx.db).problem(file) : null;
  if (problem) throw problem;
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
