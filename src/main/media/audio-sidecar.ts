/**
 * A clip's audio from a file beside its video. The ABAW5 copy of Hume-Reaction ships video-only mp4s
 * in <split>/mp4/ and the sound in <split>/wav/<id>.wav; other copies put <id>.wav next to <id>.mp4.
 * The sidecar is used only when the video has no audio track of its own.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { ViperError } from '../../shared/errors';
import type { MediaTools } from './media-tools';
import type { AudioStreamInfo } from './probe';
import { lastLines, runTool, ToolFailure } from './run-tool';

/** Where an audio track comes from: what decodeAudio needs. */
export interface AudioSource {
  path: string;
  audio: AudioStreamInfo | null;
}

/** The sibling wav of a video: <dir>/../wav/<stem>.wav for a video in an mp4/ folder, else <dir>/<stem>.wav. */
export function findSidecarAudio(videoPath: string): string | null {
  const folder = dirname(videoPath);
  const stem = basename(videoPath, extname(videoPath));
  const candidates = [
    ...(basename(folder).toLowerCase() === 'mp4' ? [join(dirname(folder), 'wav', `${stem}.wav`)] : []),
    join(folder, `${stem}.wav`),
  ];
  return candidates.find((candidate) => existsSync(candidate)) ?? null;
}

/** The first audio stream of an audio file, as probeMedia describes a video's. */
export async function probeAudioFile(tools: MediaTools, path: string, signal?: AbortSignal): Promise<AudioSource> {
  let streams: { index: number; codec_type?: string; codec_name?: string; sample_rate?: string; channels?: number; start_time?: string }[];
  try {
    const { stdout } = await runTool(tools.ffprobe, ['-v', 'error', '-show_streams', '-of', 'json', path], { signal });
    streams = (JSON.parse(stdout.toString('utf8')) as { streams?: typeof streams }).streams ?? [];
  } catch (error) {
    if (!(error instanceof ToolFailure)) throw error;
    throw new ViperError('media/decode-failed', `${path}: ffprobe cannot read this audio file (${lastLines(error.stderr, 1)}). Replace it with a readable .wav, or move it away to import the clip without sound.`, { subject: path, cause: error });
  }
  const stream = streams.find((s) => s.codec_type === 'audio');
  if (!stream) throw new ViperError('media/decode-failed', `${path}: holds no audio stream. Replace it with the clip's .wav, or move it away to import the clip without sound.`, { subject: path });
  return {
    path,
    audio: { index: stream.index, codec: stream.codec_name ?? 'unknown', sampleRate: Number(stream.sample_rate ?? 0), channels: stream.channels ?? 0, startTimeS: Number(stream.start_time ?? 0) || 0 },
  };
}

/**
 * The audio a clip is analysed with: the video's own track, else the stored sidecar (audioPath, found at
 * import), probed again so a replaced file is read as it is now.
 */
export async function clipAudioSource(tools: MediaTools, video: AudioSource, audioPath: string | null, signal?: AbortSignal): Promise<AudioSource> {
  if (video.audio || !audioPath) return video;
  if (!existsSync(audioPath)) {
    throw new ViperError('media/not-found', `${audioPath}: the audio of ${video.path} (found beside it at import) is no longer there. Put it back, or move the clip and its .wav together and import them again.`, { subject: audioPath });
  }
  return probeAudioFile(tools, audioPath, signal);
}
