/**
 * Presentation times of every frame of the video stream, read from the packet index (no decoding):
 * the basis for sampling by time, which keeps variable-frame-rate clips honest.
 */
import { ViperError } from '../../shared/errors';
import type { MediaTools } from './media-tools';
import type { MediaInfo } from './probe';
import { runTool } from './run-tool';

/** Seconds from the container start, ascending. Packets the demuxer marks as discarded ('D') are skipped. */
export async function readFrameTimes(tools: MediaTools, media: MediaInfo, signal?: AbortSignal): Promise<number[]> {
  const { stdout } = await runTool(
    tools.ffprobe,
    ['-v', 'error', '-select_streams', String(media.video.index), '-show_entries', 'packet=pts_time,flags', '-of', 'csv=p=0', media.path],
    { signal },
  );
  const times: number[] = [];
  let missingPts = 0;
  for (const line of stdout.toString('utf8').split('\n')) {
    if (!line) continue;
    const [pts, flags = ''] = line.split(',');
    if (flags.includes('D')) continue;
    const t = Number(pts);
    if (pts === 'N/A' || !Number.isFinite(t)) missingPts += 1;
    else times.push(t - media.startTimeS);
  }
  if (missingPts > 0 && times.length === 0) return readDecodedFrameTimes(tools, media, signal);
  times.sort((a, b) => a - b);
  return times;
}

/** Slow path for streams without packet timestamps (raw H.264, some AVI): decode and ask each frame. */
async function readDecodedFrameTimes(tools: MediaTools, media: MediaInfo, signal?: AbortSignal): Promise<number[]> {
  const { stdout } = await runTool(
    tools.ffprobe,
    ['-v', 'error', '-select_streams', String(media.video.index), '-show_entries', 'frame=best_effort_timestamp_time', '-of', 'csv=p=0', media.path],
    { signal },
  );
  const times = stdout
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map(Number)
    .filter(Number.isFinite);
  if (times.length === 0) {
    throw new ViperError('media/decode-failed', `${media.path}: no frame of the video stream has a timestamp. Remux it (ffmpeg -i in -c copy out.mp4) and import the result.`, { subject: media.path });
  }
  return times.map((t) => t - media.startTimeS).sort((a, b) => a - b);
}
