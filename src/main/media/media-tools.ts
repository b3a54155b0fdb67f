/**
 * Finds ffmpeg and ffprobe, in this order: VIPER_FFMPEG / VIPER_FFPROBE, ffmpeg-static's binary
 * (and an ffprobe beside it), the PATH. A candidate counts only if `-version` runs.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { ViperError } from '../../shared/errors';

const execFileAsync = promisify(execFile);

export type ToolSource = 'env' | 'ffmpeg-static' | 'PATH';

export interface MediaTools {
  ffmpeg: string;
  ffprobe: string;
  ffmpegSource: ToolSource;
  ffprobeSource: ToolSource;
  /** First line of `ffmpeg -version`. */
  ffmpegVersion: string;
  /** Threads ffmpeg decodes with (an analysis lane's share of the cores); absent: ffmpeg's own choice. */
  decodeThreads?: number;
}

/** `-threads n` before an input when the tools say how many threads to decode with. */
export function decodeThreadArgs(tools: MediaTools): string[] {
  return tools.decodeThreads === undefined ? [] : ['-threads', String(tools.decodeThreads)];
}

interface Candidate {
  source: ToolSource;
  place: string;
  bin: string | null;
}

/** ffmpeg-static exports the path of its downloaded binary, or null on platforms it lacks. */
function ffmpegStaticPath(): string | null {
  try {
    const path = createRequire(import.meta.url)('ffmpeg-static') as string | null;
    return path && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

async function firstRunning(candidates: Candidate[], env: NodeJS.ProcessEnv): Promise<{ found?: Candidate & { bin: string; version: string }; tried: string[] }> {
  const tried: string[] = [];
  for (const candidate of candidates) {
    if (!candidate.bin) {
      tried.push(`${candidate.place}: not set / not installed`);
      continue;
    }
    try {
      const { stdout } = await execFileAsync(candidate.bin, ['-hide_banner', '-version'], { timeout: 10_000, env });
      return { found: { ...candidate, bin: candidate.bin, version: stdout.split('\n')[0] ?? '' }, tried };
    } catch (error) {
      tried.push(`${candidate.place}: "${candidate.bin}" does not run (${(error as Error).message.split('\n')[0]})`);
    }
  }
  return { tried };
}

function missing(tool: 'ffmpeg' | 'ffprobe', tried: string[]): ViperError {
  const envName = tool === 'ffmpeg' ? 'VIPER_FFMPEG' : 'VIPER_FFPROBE';
  return new ViperError(
    'media/ffmpeg-missing',
    `${tool} not found. Tried: ${tried.join('; ')}. Fix one of: set ${envName} to the full path of a ${tool} binary; ` +
      `on a machine with internet run "node node_modules/ffmpeg-static/install.js" to fetch ffmpeg-static's binary; ` +
      `or install ${tool} on the PATH (Debian/Ubuntu: "sudo apt-get install ffmpeg", macOS: "brew install ffmpeg", Windows: "winget install ffmpeg").`,
    { subject: tool },
  );
}

let cached: Promise<MediaTools> | undefined;

export async function findMediaTools(env: NodeJS.ProcessEnv = process.env): Promise<MediaTools> {
  const staticFfmpeg = ffmpegStaticPath();
  const ffmpeg = await firstRunning([
    { source: 'env', place: 'VIPER_FFMPEG', bin: env.VIPER_FFMPEG ?? null },
    { source: 'ffmpeg-static', place: 'ffmpeg-static', bin: staticFfmpeg },
    { source: 'PATH', place: 'PATH', bin: 'ffmpeg' },
  ], env);
  if (!ffmpeg.found) throw missing('ffmpeg', ffmpeg.tried);
  const besideStatic = staticFfmpeg ? join(dirname(staticFfmpeg), process.platform === 'win32' ? 'ffprobe.exe' : 'ffprobe') : null;
  const ffprobe = await firstRunning([
    { source: 'env', place: 'VIPER_FFPROBE', bin: env.VIPER_FFPROBE ?? null },
    { source: 'ffmpeg-static', place: 'beside ffmpeg-static', bin: besideStatic && existsSync(besideStatic) ? besideStatic : null },
    { source: 'PATH', place: 'PATH', bin: 'ffprobe' },
  ], env);
  if (!ffprobe.found) throw missing('ffprobe', ffprobe.tried);
  return {
    ffmpeg: ffmpeg.found.bin,
    ffprobe: ffprobe.found.bin,
    ffmpegSource: ffmpeg.found.source,
    ffprobeSource: ffprobe.found.source,
    ffmpegVersion: ffmpeg.found.version,
  };
}

/** findMediaTools once per process for the real environment. */
export function mediaTools(): Promise<MediaTools> {
  cached ??= findMediaTools().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}
