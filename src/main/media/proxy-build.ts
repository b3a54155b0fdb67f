/**
 * Makes one playback proxy with ffmpeg: H.264 (yuv420p, veryfast, CRF 23) + AAC in MP4, for a page that
 * cannot decode the original (playback-support.ts). The stored frame and sample times, face boxes,
 * captions and curves are on the original's timeline, so the proxy keeps it:
 *   -copyts -start_at_zero   every frame keeps its own timestamp, shifted only by the container start
 *                            (which the stored times are relative to, as probe.ts says); audio that starts
 *                            late (face_noface.mov's starts at 2.43 s) still starts late
 *   -fps_mode passthrough    no frame duplicated or dropped to make a variable frame rate constant
 * ffmpeg applies the display rotation while decoding and writes none, so the proxy stands as the original
 * plays. A keyframe every 0.5 s keeps seeking to a sampled frame quick; +faststart puts the index first so
 * the page can start before the whole file has arrived. The file is written under a temporary name and
 * renamed when complete, so a cancelled or failed build never leaves a file that looks finished.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ViperError } from '../../shared/errors';
import type { MediaTools } from './media-tools';
import { lastLines, runTool, ToolFailure } from './run-tool';

export interface ProxyInput {
  path: string;
  /** Only for progress: the share of out_time reached. */
  durationS: number;
  /** AAC is copied as it is (exact samples, no priming shift); anything else is encoded to AAC. */
  audioCodec: string | null;
}

export interface ProxyBuildOptions {
  signal?: AbortSignal | undefined;
  /** The share done, 0…1, as ffmpeg reports its output time. */
  onProgress?: ((fraction: number) => void) | undefined;
}

/** Seconds between forced keyframes: seeking decodes at most this much before the wanted frame. */
export const PROXY_KEYFRAME_INTERVAL_S = 0.5;

/** ffmpeg's arguments for a proxy of `input` written to `output` (exported for the benchmark's plain-ffmpeg run). */
export function proxyArgs(input: ProxyInput, output: string, extra: readonly string[] = []): string[] {
  const audio = input.audioCodec === 'aac' ? ['-c:a', 'copy'] : ['-c:a', 'aac', '-b:a', '160k'];
  return [
    '-v', 'error', '-nostdin', '-y',
    '-copyts', '-start_at_zero',
    '-i', input.path,
    '-map', '0:v:0', '-map', '0:a:0?',
    // libx264 needs even sides for 4:2:0; cropping the odd last row / column keeps clip pixel coordinates.
    '-vf', 'crop=trunc(iw/2)*2:trunc(ih/2)*2:0:0',
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p',
    '-force_key_frames', `expr:gte(t,n_forced*${PROXY_KEYFRAME_INTERVAL_S})`,
    '-fps_mode', 'passthrough',
    ...audio,
    '-movflags', '+faststart',
    ...extra,
    '-f', 'mp4', output,
  ];
}

/** Reads `-progress pipe:1`'s key=value lines (they may arrive split across chunks) into a fraction done. */
function progressReader(durationS: number, onProgress: (fraction: number) => void): (chunk: Buffer) => void {
  let pending = '';
  return (chunk) => {
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      // out_time_us is microseconds (so is out_time_ms, despite its name); "N/A" before the first frame.
      const match = /^out_time_us=(\d+)/.exec(line.trim());
      if (match && durationS > 0) onProgress(Math.min(1, Number(match[1]) / 1e6 / durationS));
      else if (line.trim() === 'progress=end') onProgress(1);
    }
  };
}

/** Builds the proxy at `target`. Rejects with media/proxy-failed (naming the file and the fix), or the abort reason. */
export async function buildProxy(tools: MediaTools, input: ProxyInput, target: string, options: ProxyBuildOptions = {}): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const partial = `${target}.${randomBytes(4).toString('hex')}.partial`;
  const onStdout = options.onProgress ? progressReader(input.durationS, options.onProgress) : () => undefined;
  try {
    await runTool(tools.ffmpeg, proxyArgs(input, partial, ['-progress', 'pipe:1', '-nostats']), { signal: options.signal, onStdout });
    await rename(partial, target);
  } catch (error) {
    await rm(partial, { force: true });
    if (error instanceof ToolFailure) throw proxyFailed(input.path, lastLines(error.stderr, 2) || `ffmpeg exited with ${error.exitCode ?? 'a signal'}`, error);
    throw error;
  }
}

/** The one message of a failed proxy: the file, what went wrong, and what to do (the original is still offered). */
export function proxyFailed(path: string, reason: string, cause?: unknown): ViperError {
  return new ViperError(
    'media/proxy-failed',
    `${path}: could not make a playback copy (${reason}). The original is still offered, but this browser may show no picture. ` +
      `Check the file plays in a video player; if it was changed or damaged, import it again ("npx viper import <path>"), then "Make a playback copy" again.`,
    { subject: path, cause },
  );
}
