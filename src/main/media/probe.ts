/** What ffprobe says about a file, reduced to the facts a clip needs, with bad files classified. */
import { access, constants, open, stat } from 'node:fs/promises';
import { ViperError } from '../../shared/errors';
import type { ImportProbe } from '../store/clip-files-store';
import type { MediaInfo } from '../store/media-info';
import { readIdentity, sameIdentity } from './file-identity';
import type { MediaTools } from './media-tools';
import { lastLines, runTool, ToolFailure } from './run-tool';

export type { AudioStreamInfo, MediaInfo, VideoStreamInfo } from '../store/media-info';

interface FfprobeStream {
  index: number;
  codec_type?: string;
  codec_name?: string;
  profile?: string;
  pix_fmt?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  nb_frames?: string;
  duration?: string;
  start_time?: string;
  sample_rate?: string;
  channels?: number;
  disposition?: { attached_pic?: number };
  tags?: { rotate?: string };
  side_data_list?: { rotation?: number }[];
}

interface FfprobeOutput {
  streams?: FfprobeStream[];
  format?: { format_name?: string; duration?: string; start_time?: string };
}

const IMAGE_FORMATS = /^(image2|.*_pipe|gif|webp|apng|bmp|tiff?)$/;

function ratio(text: string | undefined): number {
  if (!text) return 0;
  const [num, den] = text.split('/').map(Number);
  if (num === undefined || !Number.isFinite(num)) return 0;
  return den ? num / den : num;
}

function normalisedRotation(stream: FfprobeStream): number {
  const raw = stream.side_data_list?.find((side) => side.rotation !== undefined)?.rotation ?? Number(stream.tags?.rotate ?? 0);
  return (((Math.round(raw / 90) * 90) % 360) + 360) % 360;
}

/** Checks the path before ffprobe so the message can say exactly what is wrong with it. */
export async function checkReadableFile(path: string): Promise<number> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new ViperError('media/unreadable', `${path}: not a regular file. Give a video file or a folder to search.`, { subject: path });
    size = info.size;
  } catch (error) {
    if (error instanceof ViperError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ViperError('media/not-found', `${path}: no such file. Check the path; if the clip moved, import it from its new place.`, { subject: path });
    throw new ViperError('media/unreadable', `${path}: cannot read (${code ?? String(error)}). Check the file's permissions.`, { subject: path, cause: error });
  }
  try {
    await access(path, constants.R_OK);
  } catch (error) {
    throw new ViperError('media/unreadable', `${path}: permission denied. Give your user read access (e.g. chmod a+r) and import again.`, { subject: path, cause: error });
  }
  if (size === 0) throw new ViperError('media/empty-file', `${path}: the file is empty (0 bytes). Copy or export the video again.`, { subject: path });
  return size;
}

async function startsWithFtyp(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(8), 0, 8, 0);
    return bytesRead === 8 && buffer.toString('latin1', 4, 8) === 'ftyp';
  } finally {
    await file.close();
  }
}

export async function probeMedia(tools: MediaTools, path: string, signal?: AbortSignal): Promise<MediaInfo> {
  const sizeBytes = await checkReadableFile(path);
  let parsed: FfprobeOutput;
  try {
    const { stdout } = await runTool(tools.ffprobe, ['-v', 'error', '-show_format', '-show_streams', '-of', 'json', path], { signal });
    parsed = JSON.parse(stdout.toString('utf8')) as FfprobeOutput;
  } catch (error) {
    if (!(error instanceof ToolFailure)) throw error;
    // "moov atom not found" is also what random bytes named .mp4 give; only a file that starts like
    // an MP4 (an 'ftyp' box) is a truncated video.
    if (/moov atom not found/i.test(error.stderr) && (await startsWithFtyp(path))) {
      throw new ViperError('media/truncated', `${path}: the video is truncated (its index, the "moov" atom, is missing — the copy or recording stopped early). Copy or export it again.`, { subject: path, cause: error });
    }
    throw new ViperError('media/not-media', `${path}: not a video ffmpeg can read (${lastLines(error.stderr, 1) || 'unknown format'}). Check it is a video file; convert it with ffmpeg if its format is unusual.`, { subject: path, cause: error });
  }
  const streams = parsed.streams ?? [];
  const container = parsed.format?.format_name ?? 'unknown';
  const videoStream = streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  if (IMAGE_FORMATS.test(container) || (videoStream && /^(mjpeg|png|webp|bmp|tiff|gif)$/.test(videoStream.codec_name ?? '') && Number(videoStream.nb_frames ?? 1) <= 1 && !streams.some((s) => s.codec_type === 'audio'))) {
    throw new ViperError('media/image-not-video', `${path}: a still image (${videoStream?.codec_name ?? container}), not a video. Only video clips are imported; to analyse a photo, make a clip of it first (ffmpeg -loop 1 -i photo.jpg -t 2 clip.mp4).`, { subject: path });
  }
  if (!videoStream || !videoStream.width || !videoStream.height) {
    const kinds = [...new Set(streams.map((s) => s.codec_type ?? '?'))].join(', ') || 'none';
    throw new ViperError('media/no-video-stream', `${path}: has no video stream (streams found: ${kinds}). Import the video recording, not an audio-only or data file.`, { subject: path });
  }
  const audioStream = streams.find((s) => s.codec_type === 'audio');
  const rotationDeg = normalisedRotation(videoStream);
  const swap = rotationDeg === 90 || rotationDeg === 270;
  const startTimeS = Number(parsed.format?.start_time ?? 0) || 0;
  const durationS = Number(parsed.format?.duration ?? videoStream.duration ?? 0) || 0;
  return {
    path,
    sizeBytes,
    container,
    durationS,
    startTimeS,
    video: {
      index: videoStream.index,
      codec: videoStream.codec_name ?? 'unknown',
      profile: videoStream.profile ?? null,
      pixFmt: videoStream.pix_fmt ?? null,
      codedWidth: videoStream.width,
      codedHeight: videoStream.height,
      width: swap ? videoStream.height : videoStream.width,
      height: swap ? videoStream.width : videoStream.height,
      rotationDeg,
      fps: ratio(videoStream.avg_frame_rate) || ratio(videoStream.r_frame_rate),
      frameCountHint: videoStream.nb_frames ? Number(videoStream.nb_frames) : null,
    },
    audio: audioStream
      ? {
          index: audioStream.index,
          codec: audioStream.codec_name ?? 'unknown',
          sampleRate: Number(audioStream.sample_rate ?? 0),
          channels: audioStream.channels ?? 0,
          startTimeS: (Number(audioStream.start_time ?? startTimeS) || 0) - startTimeS,
        }
      : null,
  };
}

/**
 * A clip's MediaInfo for its analysis: the import's probe while the file's stat still matches the identity on
 * record (the file imported, unchanged: no ffprobe process, ~5 % of a clip's analysis), else ffprobe's answer now.
 */
export async function clipMediaInfo(tools: MediaTools, path: string, known: ImportProbe | null | undefined, signal?: AbortSignal): Promise<MediaInfo> {
  if (known && known.media.path === path) {
    // A file that cannot be stat'ed is left to probeMedia, whose error says what is wrong with it.
    const now = await readIdentity(path).catch(() => null);
    if (now && sameIdentity(now, known.identity)) return known.media;
  }
  return probeMedia(tools, path, signal);
}

