/** clips.waveform on real media: decoded once with the real ffmpeg, kept in SQLite, read back; no sound, no waveform. */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffmpegMake, fixture, makeTempDir } from '../test-support/fixtures';
import { createApiContext, type ApiContext } from './context';
import { callApi } from './handlers';

let temp: ReturnType<typeof makeTempDir>;
let ctx: ApiContext;
beforeAll(async () => {
  temp = makeTempDir('viper-waveform-');
  ctx = createApiContext(join(temp.dir, 'viper.db'), { actor: 'test' });
  const silentVideo = join(temp.dir, 'mute.mp4');
  ffmpegMake(['-i', fixture('single_face.mp4'), '-an', '-c:v', 'copy', silentVideo]);
  await callApi(ctx, 'clips.import', { paths: [fixture('single_face.mp4'), silentVideo], proxy: 'none' });
}, 120_000);
afterAll(() => {
  ctx.close();
  temp.cleanup();
});

describe('clips.waveform', () => {
  it("draws the clip's sound as peaks per 10 ms, computed once and kept", async () => {
    const clip = await callApi(ctx, 'clips.get', { clip: 'single_face' });
    const first = await callApi(ctx, 'clips.waveform', { clip: 'single_face' });
    expect(first.bucketS).toBe(0.01);
    // One value per 10 ms of the decoded 16 kHz track (≈ the container's duration).
    expect(first.peaks.length).toBeGreaterThan(Math.floor(clip.durationS * 100) - 5);
    expect(first.peaks.length).toBeLessThan(Math.ceil(clip.durationS * 100) + 5);
    expect(first.peaks.every((peak) => peak >= 0 && peak <= 1)).toBe(true);
    // A quiet room tone (its loudest sample is about 0.014), but sound: not all zero, not flat.
    expect(Math.max(...first.peaks)).toBeGreaterThan(0.005);
    expect(new Set(first.peaks).size).toBeGreaterThan(5);
    expect(ctx.db.prepare('SELECT COUNT(*) AS n FROM clip_waveforms').get()).toEqual({ n: 1 });
    // The second answer comes from the table: change the stored row and see it come back.
    ctx.db.prepare('UPDATE clip_waveforms SET bucket_s = 0.02').run();
    expect((await callApi(ctx, 'clips.waveform', { clip: 'single_face' })).bucketS).toBe(0.02);
  });

  it('has no waveform for a clip without sound', async () => {
    expect(await callApi(ctx, 'clips.waveform', { clip: 'mute' })).toEqual({ bucketS: null, peaks: [] });
  });
});
