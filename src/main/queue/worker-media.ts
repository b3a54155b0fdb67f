/**
 * Where a worker reads a queued clip's media: the workstation's path itself where a lab share puts the
 * files at the same place (or at another place, through --path-map), else a copy fetched from the
 * workstation's media route into a temporary folder, deleted after the clip. Never the database.
 */
import { createWriteStream } from 'node:fs';
import { access, constants, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ViperError } from '../../shared/errors';
import type { QueuedClip } from './queued-clip';

/** A prefix of the workstation's paths and where the same folder is mounted on this machine. */
export interface PathMapping {
  from: string;
  to: string;
}

export function parsePathMapping(text: string): PathMapping {
  const at = text.indexOf('=');
  if (at <= 0 || at === text.length - 1) throw new ViperError('api/invalid-input', `--path-map "${text}": give it as <workstation folder>=<this machine's folder>, e.g. /data/clips=/mnt/lab/clips.`, { subject: '--path-map' });
  return { from: text.slice(0, at), to: text.slice(at + 1) };
}

export function mapPath(path: string, mappings: readonly PathMapping[]): string {
  for (const { from, to } of mappings) {
    const prefix = from.endsWith('/') ? from : `${from}/`;
    if (path.startsWith(prefix)) return join(to, path.slice(prefix.length));
  }
  return path;
}

export interface LocalMedia {
  videoPath: string;
  audioPath: string | null;
  /** Where the media came from, for the worker's log. */
  via: 'path' | 'route';
  cleanup(): Promise<void>;
}

/** Why this machine cannot read `path`, or null when it can. */
async function unreadable(path: string): Promise<string | null> {
  try {
    await access(path, constants.R_OK);
    return null;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? String(error);
  }
}

async function fetchTo(url: string, file: string, what: string, signal: AbortSignal): Promise<void> {
  const shown = url.replace(/([?&]token=)[^&]+/, '$1…');
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (error) {
    throw new ViperError('queue/media-unreachable', `${what}: the workstation's media route ${shown} cannot be reached (${error instanceof Error ? (error.cause as Error | undefined)?.message ?? error.message : String(error)}). Check that the address given to --media-address is reachable from this machine.`, { subject: what, cause: error });
  }
  if (!response.ok || !response.body) {
    const detail = (await response.text().catch(() => '')).slice(0, 300);
    throw new ViperError('queue/media-unreachable', `${what}: the workstation's media route answered ${response.status} for ${shown} ${detail}`.trim(), { subject: what });
  }
  await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), createWriteStream(file), { signal });
}

export async function localMedia(job: QueuedClip, mappings: readonly PathMapping[], signal: AbortSignal): Promise<LocalMedia> {
  const videoPath = mapPath(job.video.path, mappings);
  const audioPath = job.audio ? mapPath(job.audio.path, mappings) : null;
  const videoProblem = await unreadable(videoPath);
  const audioProblem = audioPath ? await unreadable(audioPath) : null;
  if (videoProblem === null && audioProblem === null) return { videoPath, audioPath, via: 'path', cleanup: async () => undefined };
  const mapped = videoPath === job.video.path ? '' : ` (mapped from ${job.video.path})`;
  if (!job.video.url || (job.audio && !job.audio.url)) {
    throw new ViperError(
      'queue/media-unreachable',
      `clip ${job.fileId}: this worker cannot read ${videoProblem ? videoPath : audioPath}${mapped} (${videoProblem ?? audioProblem}) and the workstation serves no media route. Put the clips on a share both machines read (--path-map <workstation folder>=<this machine's folder> where it is mounted elsewhere), or run "viper analyze --queue … --media-address <host:port>" so workers fetch them.`,
      { subject: videoPath },
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'viper-worker-'));
  const cleanup = (): Promise<void> => rm(dir, { recursive: true, force: true });
  try {
    const fetchedVideo = join(dir, `video${extname(job.video.path)}`);
    await fetchTo(job.video.url, fetchedVideo, `clip ${job.fileId}`, signal);
    let fetchedAudio: string | null = null;
    if (job.audio?.url) {
      fetchedAudio = join(dir, `audio${extname(job.audio.path)}`);
      await fetchTo(job.audio.url, fetchedAudio, `clip ${job.fileId}'s audio`, signal);
    }
    return { videoPath: fetchedVideo, audioPath: fetchedAudio, via: 'route', cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
