/**
 * Playback proxy benchmark: per clip, the seconds a proxy build takes through the 'proxy' job (hash check,
 * ffmpeg with progress, rename, SQLite) beside ffmpeg alone running the same transcode (proxyArgs), in the
 * same run, alternating, median of 3. Reported as seconds per minute of video, the figure that sizes a library.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApiContext } from '../src/main/api/context';
import { callApi } from '../src/main/api/handlers';
import { makeProxies } from '../src/main/library/make-proxies';
import { findMediaTools } from '../src/main/media/media-tools';
import { proxyArgs } from '../src/main/media/proxy-build';
import { fixture, makeTempDir } from '../src/main/test-support/fixtures';

/** The HEVC clip that needs one, and a longer H.264 clip built with --proxy all. */
const CLIPS = ['face_noface.mov', 'WolfgangLanger_Pexels.mp4'];
const REPEATS = 3;

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

export interface ProxyBenchRow {
  clip: string;
  durationS: number;
  jobSPerMin: number;
  ffmpegAloneSPerMin: number;
  ratio: number;
}

export async function benchProxy(): Promise<{ rows: ProxyBenchRow[] }> {
  const tools = await findMediaTools();
  const temp = makeTempDir('viper-bench-proxy-');
  const ctx = createApiContext(join(temp.dir, 'viper.db'), { actor: 'bench' });
  const rows: ProxyBenchRow[] = [];
  try {
    const { imported } = await callApi(ctx, 'clips.import', { paths: CLIPS.map(fixture), proxy: 'none' });
    for (const { clipId, path } of imported) {
      const clip = await callApi(ctx, 'clips.get', { clip: clipId });
      const job: number[] = [];
      const alone: number[] = [];
      for (let i = 0; i < REPEATS; i++) {
        let started = performance.now();
        const report = await makeProxies({ clipIds: [clipId], mode: 'all', force: true, probeH264: false, call: 'clips.makeProxy' }, { db: ctx.db, dbPath: ctx.dbPath, tools: ctx.tools, now: ctx.now });
        if (report.made.length !== 1) throw new Error(`proxy of ${path} failed: ${JSON.stringify(report.failed)}`);
        job.push((performance.now() - started) / 1000);
        started = performance.now();
        const result = spawnSync(tools.ffmpeg, proxyArgs({ path, durationS: clip.durationS, audioCodec: clip.audioCodec }, join(temp.dir, 'alone.mp4')));
        if (result.status !== 0) throw new Error(`ffmpeg alone failed on ${path}: ${result.stderr.toString()}`);
        alone.push((performance.now() - started) / 1000);
      }
      const perMin = (s: number): number => (s / clip.durationS) * 60;
      rows.push({ clip: clip.fileId, durationS: clip.durationS, jobSPerMin: perMin(median(job)), ffmpegAloneSPerMin: perMin(median(alone)), ratio: median(job) / median(alone) });
    }
  } finally {
    ctx.close();
    temp.cleanup();
  }
  return { rows };
}

export function printProxyBench({ rows }: Awaited<ReturnType<typeof benchProxy>>): void {
  console.log(`playback proxy build, seconds per minute of video (median of ${REPEATS}, alternating in the same run):`);
  console.log(['clip', 'video s', "'proxy' job s/min", 'ffmpeg alone s/min', 'ratio'].join(' | '));
  for (const r of rows) console.log([r.clip, r.durationS.toFixed(1), r.jobSPerMin.toFixed(1), r.ffmpegAloneSPerMin.toFixed(1), r.ratio.toFixed(2)].join(' | '));
}
