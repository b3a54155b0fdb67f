/**
 * Decodes chosen frames in one ffmpeg pass: a `select` filter on presentation time picks them, and
 * they arrive on stdout as raw RGB24, rotation applied. One pass is ~14× faster than a seek per
 * frame (514 ms vs 7,208 ms for 32 frames of a 19.7 s clip), and nothing touches the disk.
 */
import { ViperError } from '../../shared/errors';
import { audioOutputArgs } from './decode-audio';
import { decodeThreadArgs, type MediaTools } from './media-tools';
import type { MediaInfo } from './probe';
import { lastLines, runTool, ToolFailure } from './run-tool';

export interface DecodedFrame {
  frameIndex: number;
  timeS: number;
  width: number;
  height: number;
  /** width × height × 3 bytes, row-major RGB. Owned by the receiver. */
  rgb: Buffer;
}

export interface DecodeFramesOptions {
  /** Scale so that the longer side is at most this many pixels (never upscales). */
  maxSide?: number;
  signal?: AbortSignal | undefined;
  /** Also write the video's own audio stream (this index) to `path` as 16 kHz mono float32, in the same pass. */
  audioTo?: { index: number; path: string } | undefined;
  /**
   * Memory for the frames, one after another (frame k at k × its size): each frame is a view into it, valid
   * while the caller keeps it unused by anything else. Too small or absent: each frame gets its own.
   */
  into?: Uint8Array | undefined;
}

/** Half the tolerance used to match a decoded frame's time to a wanted one; frames are ≥ 1 ms apart. */
const TIME_MATCH_S = 0.0005;

export function outputSize(media: MediaInfo, maxSide?: number): { width: number; height: number } {
  const { width, height } = media.video;
  if (!maxSide || Math.max(width, height) <= maxSide) return { width, height };
  const scale = maxSide / Math.max(width, height);
  // Even sizes keep every pixel format ffmpeg might pass through on the way happy.
  const even = (value: number): number => Math.max(2, Math.round((value * scale) / 2) * 2);
  return { width: even(width), height: even(height) };
}

/**
 * Calls `onFrame` for each wanted frame, in time order. `frames` must be distinct and ascending in
 * time, as distinctFrames() returns them. Fails with media/truncated if some never arrive.
 */
export async function decodeFrames(
  tools: MediaTools,
  media: MediaInfo,
  frames: readonly { frameIndex: number; frameTimeS: number }[],
  onFrame: (frame: DecodedFrame) => void,
  options: DecodeFramesOptions = {},
): Promise<void> {
  if (frames.length === 0) return;
  const { width, height } = outputSize(media, options.maxSide);
  const frameBytes = width * height * 3;
  const selectExpr = frames.map((f) => `lt(abs(t-${f.frameTimeS.toFixed(6)}),${TIME_MATCH_S})`).join('+');
  const filters = [`select='${selectExpr}'`];
  if (width !== media.video.width || height !== media.video.height) filters.push(`scale=${width}:${height}:flags=area`);

  // Each frame is filled in place as pipe chunks arrive: one copy per byte, not a join per chunk or per frame.
  const into = options.into && options.into.length >= frames.length * frameBytes ? options.into : undefined;
  const frameAt = (k: number): Buffer => (into ? Buffer.from(into.buffer, into.byteOffset + k * frameBytes, frameBytes) : Buffer.allocUnsafe(frameBytes));
  let frame = frameAt(0);
  let filled = 0;
  let delivered = 0;
  const deliver = (chunk: Buffer): void => {
    let offset = 0;
    while (offset < chunk.length && delivered < frames.length) {
      const copied = chunk.copy(frame, filled, offset, Math.min(chunk.length, offset + frameBytes - filled));
      filled += copied;
      offset += copied;
      if (filled < frameBytes) break;
      const wanted = frames[delivered] as { frameIndex: number; frameTimeS: number };
      onFrame({ frameIndex: wanted.frameIndex, timeS: wanted.frameTimeS, width, height, rgb: frame });
      delivered += 1;
      if (delivered < frames.length) frame = frameAt(delivered);
      filled = 0;
    }
  };

  try {
    await runTool(
      tools.ffmpeg,
      [
        ...['-v', 'error', '-nostdin', ...decodeThreadArgs(tools), '-i', media.path, '-map', `0:${media.video.index}`, '-an', '-sn', '-dn', '-vf', filters.join(','), '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
        ...(options.audioTo ? [...audioOutputArgs(options.audioTo.index), '-y', options.audioTo.path] : []),
      ],
      { signal: options.signal, onStdout: deliver },
    );
  } catch (error) {
    if (!(error instanceof ToolFailure)) throw error;
    const what = options.audioTo ? 'the video or its audio' : 'the video';
    throw new ViperError('media/decode-failed', `${media.path}: ffmpeg could not decode ${what} (${lastLines(error.stderr, 1)}). The file may be damaged; export or copy it again.`, { subject: media.path, cause: error });
  }
  if (delivered < frames.length) {
    const firstMissing = frames[delivered] as { frameTimeS: number };
    throw new ViperError(
      'media/truncated',
      `${media.path}: only ${delivered} of ${frames.length} sampled frames could be decoded; the video breaks off before ${firstMissing.frameTimeS.toFixed(2)} s (damaged or truncated file). Copy or export it again.`,
      { subject: media.path },
    );
  }
}

/** decodeFrames collected into an array, for callers that want all frames at once. */
export async function decodeFramesToArray(
  tools: MediaTools,
  media: MediaInfo,
  frames: readonly { frameIndex: number; frameTimeS: number }[],
  options: DecodeFramesOptions = {},
): Promise<DecodedFrame[]> {
  const decoded: DecodedFrame[] = [];
  await decodeFrames(tools, media, frames, (frame) => decoded.push(frame), options);
  return decoded;
}
