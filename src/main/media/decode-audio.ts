/**
 * Decodes a clip's audio to 16 kHz mono float32 through a pipe. Sample i is at i / 16000 s from the
 * container start (a late-starting track is padded with silence), matching the frame times.
 */
import { ViperError } from '../../shared/errors';
import { decodeThreadArgs, type MediaTools } from './media-tools';
import type { AudioSource } from './audio-sidecar';
import { lastLines, runTool, ToolFailure } from './run-tool';

export const AUDIO_SAMPLE_RATE = 16_000;

/** ffmpeg's output options for stream `index` of the input as 16 kHz mono float32 (the output's name follows them). */
export function audioOutputArgs(index: number): string[] {
  return ['-map', `0:${index}`, '-vn', '-sn', '-dn', '-af', 'aresample=async=1:first_pts=0', '-ac', '1', '-ar', String(AUDIO_SAMPLE_RATE), '-f', 'f32le'];
}

/** The float32 samples of decoded bytes, copied into an aligned buffer: a Buffer from a pipe may start at an odd byte offset. */
export function audioSamples(bytes: Buffer): Float32Array {
  const samples = new Float32Array(Math.floor(bytes.length / 4));
  new Uint8Array(samples.buffer).set(bytes.subarray(0, samples.length * 4));
  return samples;
}

/** `source` is a probed video (MediaInfo) or a sidecar audio file. */
export async function decodeAudio(tools: MediaTools, media: AudioSource, signal?: AbortSignal): Promise<Float32Array> {
  if (!media.audio) return new Float32Array(0);
  let stdout: Buffer;
  try {
    ({ stdout } = await runTool(tools.ffmpeg, ['-v', 'error', '-nostdin', ...decodeThreadArgs(tools), '-i', media.path, ...audioOutputArgs(media.audio.index), 'pipe:1'], { signal }));
  } catch (error) {
    if (!(error instanceof ToolFailure)) throw error;
    throw new ViperError('media/decode-failed', `${media.path}: ffmpeg could not decode the audio (${lastLines(error.stderr, 1)}). The file may be damaged; export or copy it again.`, { subject: media.path, cause: error });
  }
  return audioSamples(stdout);
}

/**
 * The samples of [startS, endS), zero-padded where the fragment runs past the decoded audio and,
 * when `padToS` is set, padded with zeros or cut at the end to exactly that length.
 */
export function audioFragment(audio: Float32Array, startS: number, endS: number, padToS: number | null = null): Float32Array {
  const start = Math.max(0, Math.round(startS * AUDIO_SAMPLE_RATE));
  const end = Math.max(start, Math.round(endS * AUDIO_SAMPLE_RATE));
  const length = padToS === null ? end - start : Math.round(padToS * AUDIO_SAMPLE_RATE);
  const out = new Float32Array(length);
  const available = audio.subarray(Math.min(start, audio.length), Math.min(end, audio.length, start + length));
  out.set(available);
  return out;
}

/** RMS level in dBFS, or null for digital silence (no non-zero sample) or an empty fragment. */
export function rmsDb(samples: Float32Array): number | null {
  let sum = 0;
  for (const s of samples) sum += s * s;
  if (sum === 0 || samples.length === 0) return null;
  return 10 * Math.log10(sum / samples.length);
}

/** True when every sample is exactly zero (a muted track, like WolfgangLanger_Pexels.mp4's). */
export function isDigitalSilence(samples: Float32Array): boolean {
  for (const s of samples) if (s !== 0) return false;
  return true;
}
