/**
 * Small JPEG pictures of chosen frames, for the review's sampled-frame strip: one ffmpeg pass selects the
 * frames by time (as decode-frames.ts does), scales them to THUMBNAIL_HEIGHT and writes them as a stream
 * of JPEGs on stdout, split here at each image's end marker (FF D9: JPEG's entropy-coded data stuffs
 * every FF byte, so the marker appears nowhere else in ffmpeg's baseline output).
 */
import { ViperError } from '../../shared/errors';
import type { MediaTools } from './media-tools';
import type { MediaInfo } from './probe';
import { lastLines, runTool, ToolFailure } from './run-tool';

export const THUMBNAIL_HEIGHT = 72;
const TIME_MATCH_S = 0.0005;

/** The JPEG images in a concatenated stream, in order. */
export function splitJpegStream(stream: Buffer): Buffer[] {
  const images: Buffer[] = [];
  let start = 0;
  for (let i = 0; i + 1 < stream.length; i++) {
    if (stream[i] === 0xff && stream[i + 1] === 0xd9) {
      images.push(stream.subarray(start, i + 2));
      start = i + 2;
      i += 1;
    }
  }
  return images;
}

/** One JPEG per frame, in the order given (distinct frames, ascending in time, as distinctFrames() gives). */
export async function frameThumbnails(tools: MediaTools, media: MediaInfo, frames: readonly { frameIndex: number; frameTimeS: number }[], signal?: AbortSignal): Promise<Map<number, Buffer>> {
  if (frames.length === 0) return new Map();
  const selectExpr = frames.map((f) => `lt(abs(t-${f.frameTimeS.toFixed(6)}),${TIME_MATCH_S})`).join('+');
  let output: Buffer;
  try {
    const { stdout } = await runTool(
      tools.ffmpeg,
      ['-v', 'error', '-nostdin', '-i', media.path, '-map', `0:${media.video.index}`, '-an', '-sn', '-dn', '-vf', `select='${selectExpr}',scale=-2:${THUMBNAIL_HEIGHT}`, '-fps_mode', 'passthrough', '-f', 'image2pipe', '-c:v', 'mjpeg', '-q:v', '6', 'pipe:1'],
      { signal },
    );
    output = stdout;
  } catch (error) {
    if (!(error instanceof ToolFailure)) throw error;
    throw new ViperError('media/decode-failed', `${media.path}: ffmpeg could not make the frame pictures (${lastLines(error.stderr, 1)}). The file may be damaged; export or copy it again.`, { subject: media.path, cause: error });
  }
  const images = splitJpegStream(output);
  return new Map(frames.slice(0, images.length).map((frame, i) => [frame.frameIndex, images[i] as Buffer]));
}
