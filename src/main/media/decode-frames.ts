/**
 * Decodes chosen frames in one ffmpeg pass: a `select` filter on presentation time picks them, and
 * they arrive on stdout as raw RGB24, rotation applied. One pass is ~14× faster than a seek per
 * frame (514 ms vs 7,208 ms for 32 frames of a 19.7 s clip), and nothing touches the disk. The same
 * pass can also give each frame letterboxed to a small square (the face detector's input), scaled by
 * ffmpeg on a second pipe, so no JavaScript resamples the whole frame for the detector.
 */
import { ViperError } from '../../shared/errors';
import type { MediaTools } from './media-tools';
import type { MediaInfo } from './probe';
import { lastLines, runTool, ToolFailure } from './run-tool';

/** A frame scaled to fit a side × side square, centred on black (as the detector letterboxes). */
export interface LetterboxedFrame {
  side: number;
  /** side × side × 3 bytes, row-major RGB. */
  rgb: Buffer;
  /** Where the frame's top-left corner lies in the square, and frame pixels per square pixel. */
  offsetX: number;
  offsetY: number;
  frameScale: number;
}

export interface DecodedFrame {
  frameIndex: number;
  timeS: number;
  width: number;
  height: number;
  /** width × height × 3 bytes, row-major RGB. Owned by the receiver. */
  rgb: Buffer;
  /** The frame letterboxed to `letterboxSide`, when asked for. */
  letterboxed?: LetterboxedFrame;
}

export interface DecodeFramesOptions {
  /** Scale so that the longer side is at most this many pixels (never upscales). */
  maxSide?: number;
  /** Also give every frame letterboxed to a square of this side, from the same pass. */
  letterboxSide?: number;
  signal?: AbortSignal | undefined;
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

/** The square a frame of width × height letterboxes into: the scaled size and the offsets ffmpeg's pad uses. */
export function letterboxGeometry(width: number, height: number, side: number): { width: number; height: number; offsetX: number; offsetY: number; frameScale: number } {
  const scale = side / Math.max(width, height);
  const scaled = { width: Math.min(side, Math.max(1, Math.round(width * scale))), height: Math.min(side, Math.max(1, Math.round(height * scale))) };
  return { ...scaled, offsetX: Math.floor((side - scaled.width) / 2), offsetY: Math.floor((side - scaled.height) / 2), frameScale: Math.max(width, height) / Math.max(scaled.width, scaled.height) };
}

/** ffmpeg's arguments for the select pass (raw RGB24 on pipe:1, the letterboxed frames on pipe:3 when asked for). */
export function frameDecodeArgs(media: MediaInfo, frames: readonly { frameTimeS: number }[], options: Pick<DecodeFramesOptions, 'maxSide' | 'letterboxSide'> = {}): string[] {
  const { width, height } = outputSize(media, options.maxSide);
  const selectExpr = frames.map((f) => `lt(abs(t-${f.frameTimeS.toFixed(6)}),${TIME_MATCH_S})`).join('+');
  const filters = [`select='${selectExpr}'`];
  if (width !== media.video.width || height !== media.video.height) filters.push(`scale=${width}:${height}:flags=area`);
  const input = ['-v', 'error', '-nostdin', '-i', media.path];
  const raw = ['-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgb24'];
  if (!options.letterboxSide) return [...input, '-map', `0:${media.video.index}`, '-an', '-sn', '-dn', '-vf', filters.join(','), ...raw, 'pipe:1'];
  const box = letterboxGeometry(width, height, options.letterboxSide);
  const side = options.letterboxSide;
  // One decode, split after the select: the frame as above, and a copy scaled down and padded to the square.
  const graph = `[0:${media.video.index}]${filters.join(',')},split=2[frame][copy];[copy]scale=${box.width}:${box.height}:flags=area,format=rgb24,pad=${side}:${side}:${box.offsetX}:${box.offsetY}:color=black[square]`;
  return [...input, '-filter_complex', graph, '-map', '[frame]', ...raw, 'pipe:1', '-map', '[square]', ...raw, 'pipe:3'];
}

/** Collects a byte stream into fixed-size records, joining pipe chunks once per record. */
class RecordReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  readonly records: Buffer[] = [];

  constructor(private readonly recordBytes: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    while (this.buffered >= this.recordBytes) {
      // Joining on every 64 KB pipe chunk would copy each frame dozens of times.
      const joined = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.buffered);
      this.records.push(Buffer.from(joined.subarray(0, this.recordBytes)));
      const rest = joined.subarray(this.recordBytes);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.buffered = rest.length;
    }
  }
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
  const side = options.letterboxSide;
  const box = side ? letterboxGeometry(width, height, side) : null;
  const full = new RecordReader(width * height * 3);
  const squares = side ? new RecordReader(side * side * 3) : null;
  let delivered = 0;
  // A frame is handed on once its full picture and (when asked for) its square have both arrived.
  const deliver = (): void => {
    while (delivered < frames.length && delivered < full.records.length && (!squares || delivered < squares.records.length)) {
      const wanted = frames[delivered] as { frameIndex: number; frameTimeS: number };
      const rgb = full.records[delivered] as Buffer;
      full.records[delivered] = Buffer.alloc(0);
      const square = squares?.records[delivered];
      const letterboxed = side && box && square ? { side, rgb: square, offsetX: box.offsetX, offsetY: box.offsetY, frameScale: box.frameScale } : undefined;
      onFrame({ frameIndex: wanted.frameIndex, timeS: wanted.frameTimeS, width, height, rgb, ...(letterboxed ? { letterboxed } : {}) });
      delivered += 1;
    }
  };

  try {
    await runTool(tools.ffmpeg, frameDecodeArgs(media, frames, options), {
      signal: options.signal,
      onStdout: (chunk) => {
        full.push(chunk);
        deliver();
      },
      ...(squares
        ? {
            onPipe3: (chunk: Buffer) => {
              squares.push(chunk);
              deliver();
            },
          }
        : {}),
    });
  } catch (error) {
    if (!(error instanceof ToolFailure)) throw error;
    throw new ViperError('media/decode-failed', `${media.path}: ffmpeg could not decode the video (${lastLines(error.stderr, 1)}). The file may be damaged; export or copy it again.`, { subject: media.path, cause: error });
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
