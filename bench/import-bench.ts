/**
 * Import benchmark: per fixture clip, the time `viper import` takes (hash, probe, packet index,
 * decoding the 32 sampled frames and the audio, SQLite) beside the time ffmpeg alone takes for the
 * same probe and decodes, run in the same process on the same machine. Peak memory from the OS.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApiContext } from '../src/main/api/context';
import { callApi } from '../src/main/api/handlers';
import { findMediaTools, type MediaTools } from '../src/main/media/media-tools';
import { readFrameTimes } from '../src/main/media/frame-times';
import { outputSize } from '../src/main/media/decode-frames';
import { probeMedia } from '../src/main/media/probe';
import { distinctFrames, planSamples } from '../src/main/media/sampling';
import { fixture, makeTempDir } from '../src/main/test-support/fixtures';

const CLIPS = ['single_face.mp4', 'no_face.mp4', 'face_noface.mov', 'WolfgangLanger_Pexels.mp4'];
const REPEATS = 5;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

function run(bin: string, args: string[]): void {
  const result = spawnSync(bin, args, { maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed: ${result.stderr.toString()}`);
}

/** The ffmpeg / ffprobe commands an import runs for one clip, without any of our code around them. */
async function ffmpegAloneCommands(tools: MediaTools, path: string): Promise<[string, string[]][]> {
  const media = await probeMedia(tools, path);
  const frames = distinctFrames(planSamples(await readFrameTimes(tools, media), 0, { frameCount: 32, method: 'paper' }));
  const { width, height } = outputSize(media, 64);
  const select = frames.map((f) => `lt(abs(t-${f.frameTimeS.toFixed(6)}),0.0005)`).join('+');
  return [
    [tools.ffprobe, ['-v', 'error', '-show_format', '-show_streams', '-of', 'json', path]],
    [tools.ffprobe, ['-v', 'error', '-select_streams', String(media.video.index), '-show_entries', 'packet=pts_time,flags', '-of', 'csv=p=0', path]],
    [tools.ffmpeg, ['-v', 'error', '-i', path, '-an', '-vf', `select='${select}',scale=${width}:${height}:flags=area`, '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1']],
    [tools.ffmpeg, ['-v', 'error', '-i', path, '-vn', '-af', 'aresample=async=1:first_pts=0', '-ac', '1', '-ar', '16000', '-f', 'f32le', 'pipe:1']],
  ];
}

export interface ImportBenchRow {
  clip: string;
  durationS: number;
  importMs: number;
  ffmpegAloneMs: number;
  ratio: number;
}

export async function benchImport(): Promise<{ rows: ImportBenchRow[]; seekVsSelect: { selectMs: number; seeksMs: number }; peakRssMb: number }> {
  const tools = await findMediaTools();
  const rows: ImportBenchRow[] = [];
  for (const name of CLIPS) {
    const path = fixture(name);
    const commands = await ffmpegAloneCommands(tools, path);
    const alone: number[] = [];
    const imports: number[] = [];
    for (let i = 0; i < REPEATS; i += 1) {
      let start = performance.now();
      for (const [bin, args] of commands) run(bin, args);
      alone.push(performance.now() - start);

      const temp = makeTempDir('viper-bench-');
      const ctx = createApiContext(join(temp.dir, 'bench.db'));
      start = performance.now();
      const report = await callApi(ctx, 'clips.import', { paths: [path] });
      imports.push(performance.now() - start);
      ctx.db.close();
      temp.cleanup();
      if (report.imported.length !== 1) throw new Error(`${name}: import failed: ${JSON.stringify(report.failed)}`);
    }
    const importMs = median(imports);
    const ffmpegAloneMs = median(alone);
    const durationS = (await probeMedia(tools, path)).durationS;
    rows.push({ clip: name, durationS, importMs, ffmpegAloneMs, ratio: importMs / ffmpegAloneMs });
  }

  // The design choice behind decodeFrames: one select pass against one seek per frame.
  const wolf = fixture('WolfgangLanger_Pexels.mp4');
  const media = await probeMedia(tools, wolf);
  const frames = distinctFrames(planSamples(await readFrameTimes(tools, media), 0, { frameCount: 32, method: 'paper' }));
  const select = frames.map((f) => `lt(abs(t-${f.frameTimeS.toFixed(6)}),0.0005)`).join('+');
  let start = performance.now();
  run(tools.ffmpeg, ['-v', 'error', '-i', wolf, '-an', '-vf', `select='${select}'`, '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1']);
  const selectMs = performance.now() - start;
  start = performance.now();
  for (const f of frames) run(tools.ffmpeg, ['-v', 'error', '-ss', f.frameTimeS.toFixed(6), '-i', wolf, '-an', '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1']);
  const seeksMs = performance.now() - start;

  return { rows, seekVsSelect: { selectMs, seeksMs }, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}
