/**
 * What review draws of a clip, on real media with the real ffmpeg: clips.waveform (decoded once, kept in
 * SQLite, read back; no sound, no waveform) and clips.thumbnails (a JPEG per sampled frame, kept).
 */
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

describe('clips.thumbnails', () => {
  it('gives a small JPEG of each sampled frame, made in one pass and kept', async () => {
    const { thumbnails } = await callApi(ctx, 'clips.thumbnails', { clip: 'single_face' });
    expect(thumbnails).toHaveLength(32);
    const jpegs = thumbnails.map((url) => Buffer.from(url.replace(/^data:image\/jpeg;base64,/, ''), 'base64'));
    for (const jpeg of jpegs) {
      expect([jpeg[0], jpeg[1], jpeg.at(-2), jpeg.at(-1)]).toEqual([0xff, 0xd8, 0xff, 0xd9]);
      expect(jpeg.length).toBeLessThan(16_000);
    }
    // Pictures of different moments differ (rest, then the broad smile).
    expect(new Set(jpegs.map((jpeg) => jpeg.toString('base64'))).size).toBeGreaterThan(20);
    // The height ffmpeg scaled to, read from the JPEG's start-of-frame marker (FF C0: height at +5).
    const first = jpegs[0] as Buffer;
    const sof = first.indexOf(Buffer.from([0xff, 0xc0]));
    expect(first.readUInt16BE(sof + 5)).toBe(72);
    const kept = ctx.db.prepare('SELECT COUNT(*) AS n FROM frame_thumbnails').get() as { n: number };
    expect(kept.n).toBeGreaterThan(20);
    expect((await callApi(ctx, 'clips.thumbnails', { clip: 'single_face' })).thumbnails).toEqual(thumbnails);
  });
});
