/**
 * Playback proxies with the real ffmpeg on face_noface.mov (HEVC, variable frame rate, audio from 2.43 s):
 * the proxy is H.264 + AAC on the original's timeline with a keyframe every 0.5 s, it is what the media
 * route serves; a cancelled build leaves no file; a failed build (a source damaged after import, a broken ffmpeg) is recorded
 * and the original is still served.
 */
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, copyFileSync, existsSync, readdirSync, writeFileSync, statSync, truncateSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiContext, type ApiContext } from '../api/context';
import { callApi } from '../api/handlers';
import { clipMediaResponse } from '../media/clip-media';
import { findMediaTools } from '../media/media-tools';
import { PROXY_KEYFRAME_INTERVAL_S } from '../media/proxy-build';
import { JobsStore } from '../store/jobs-store';
import { ProxiesStore } from '../store/proxies-store';
import { ffmpegMake, fixture, makeTempDir } from '../test-support/fixtures';
import { makeProxies, proxyPathFor } from './make-proxies';

const HEVC = fixture('face_noface.mov');

let temp: ReturnType<typeof makeTempDir>;
let ctx: ApiContext;

beforeEach(() => {
  temp = makeTempDir('viper-proxy-');
  ctx = createApiContext(join(temp.dir, 'viper.db'), { actor: 'tester' });
});
afterEach(() => {
  ctx.close();
  temp.cleanup();
});

function ffprobeJson(args: string[]): Record<string, unknown> {
  return JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-of', 'json', ...args], { encoding: 'utf8' })) as Record<string, unknown>;
}

interface Stream {
  codec_type: string;
  codec_name: string;
  pix_fmt?: string;
}

function streamsOf(path: string): Stream[] {
  return (ffprobeJson(['-show_streams', path]) as { streams: Stream[] }).streams;
}

function formatOf(path: string): { duration: number; startTime: number } {
  const { format } = ffprobeJson(['-show_format', path]) as { format: { duration: string; start_time: string } };
  return { duration: Number(format.duration), startTime: Number(format.start_time) };
}

/** Presentation times of the first video packets, in decode order: the smallest of them is where the picture starts. */
function firstVideoPtsS(path: string): number {
  const { packets } = ffprobeJson(['-select_streams', 'v:0', '-read_intervals', '%+#12', '-show_entries', 'packet=pts_time', path]) as { packets: { pts_time: string }[] };
  return Math.min(...packets.map((p) => Number(p.pts_time)));
}

function keyframeTimesS(path: string): number[] {
  const { frames } = ffprobeJson(['-select_streams', 'v:0', '-skip_frame', 'nokey', '-show_entries', 'frame=pts_time', path]) as { frames: { pts_time: string }[] };
  return frames.map((f) => Number(f.pts_time));
}

describe('a playback proxy of an HEVC clip', () => {
  it('is made at import (--proxy needed): H.264 + AAC, same duration and timeline, a keyframe every 0.5 s, served in place of the original', async () => {
    const report = await callApi(ctx, 'clips.import', { paths: [HEVC, fixture('single_face.mp4')] });
    expect(report.failed).toEqual([]);
    const proxies = report.proxies!;
    expect(proxies).toMatchObject({ failed: [], notNeeded: 1, cancelled: false });
    expect(proxies.made).toHaveLength(1);
    const [made] = proxies.made;
    const clipId = made!.clipId;
    expect(made!.path).toBe(join(temp.dir, 'proxies', `${statHash(clipId)}.mp4`));
    // Only the finished file is left in the cache folder: no partial.
    expect(readdirSync(dirname(made!.path))).toEqual([`${statHash(clipId)}.mp4`]);

    const streams = streamsOf(made!.path);
    expect(streams.map((s) => [s.codec_type, s.codec_name])).toEqual([
      ['video', 'h264'],
      ['audio', 'aac'],
    ]);
    expect(streams[0]!.pix_fmt).toBe('yuv420p');
    const frameS = 1 / 30;
    const [original, proxy] = [formatOf(HEVC), formatOf(made!.path)];
    expect(Math.abs(proxy.duration - original.duration)).toBeLessThanOrEqual(frameS);
    // The stored times are relative to the container start, so the proxy's picture starts where the original's does after it.
    expect(firstVideoPtsS(made!.path)).toBeCloseTo(firstVideoPtsS(HEVC) - original.startTime, 4);

    const keys = keyframeTimesS(made!.path);
    expect(keys[0]).toBeCloseTo(0, 4);
    // A forced keyframe lands on the first frame at or after each multiple of 0.5 s: at most one frame late.
    const gaps = keys.slice(1).map((t, i) => t - keys[i]!);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(PROXY_KEYFRAME_INTERVAL_S + frameS + 1e-3);
    expect(keys.at(-1)).toBeGreaterThan(original.duration - PROXY_KEYFRAME_INTERVAL_S - frameS);

    const clip = await callApi(ctx, 'clips.get', { clip: clipId });
    expect(clip.playback).toEqual({ source: 'proxy', needsProxy: true, proxyState: 'ready', proxyError: null });
    expect(await servedHeaders(clipId)).toMatchObject({ 'Content-Type': 'video/mp4', 'Content-Length': String(statSync(made!.path).size) });
    const h264 = await callApi(ctx, 'clips.get', { clip: 'single_face' });
    expect(h264.playback).toEqual({ source: 'original', needsProxy: false, proxyState: 'none', proxyError: null });

    const job = new JobsStore(ctx.db).recent(5).find((j) => j.id === proxies.jobId);
    expect(job).toMatchObject({ kind: 'proxy', state: 'done' });
    expect(job!.done).toBe(job!.total);
    // Asked again: already made, nothing built.
    expect(await callApi(ctx, 'clips.makeProxy', {})).toMatchObject({ jobId: null, made: [], alreadyReady: 1, notNeeded: 1 });
  }, 180_000);

  it("is never imported as a clip: a folder holding the library is imported again without its proxies, and the proxies folder named alone is refused with the reason", async () => {
    // The clips and the database in one folder, as a user may keep them.
    copyFileSync(HEVC, join(temp.dir, 'face_noface.mov'));
    const first = await callApi(ctx, 'clips.import', { paths: [temp.dir] });
    expect(first.imported).toHaveLength(1);
    expect(first.proxies?.made).toHaveLength(1);
    const again = await callApi(ctx, 'clips.import', { paths: [temp.dir] });
    expect(again).toMatchObject({ scanned: 1, imported: [], failed: [] });
    expect(again.unchanged).toHaveLength(1);
    const named = await callApi(ctx, 'clips.import', { paths: [join(temp.dir, 'proxies')] });
    expect(named.imported).toEqual([]);
    expect(named.failed).toEqual([expect.objectContaining({ code: 'media/not-media', subject: join(temp.dir, 'proxies'), message: expect.stringContaining("playback copies") })]);
    expect((await callApi(ctx, 'clips.list', { limit: 10, offset: 0 })).clips).toHaveLength(1);
  }, 180_000);

  it('cancelled mid-build: ffmpeg is stopped, no file is left and nothing is recorded as ready', async () => {
    const { imported } = await callApi(ctx, 'clips.import', { paths: [HEVC], proxy: 'none' });
    const clipId = imported[0]!.clipId;
    const abort = new AbortController();
    let events = 0;
    const report = await makeProxies(
      { clipIds: [clipId], mode: 'needed', probeH264: true, call: 'clips.makeProxy' },
      {
        db: ctx.db,
        dbPath: ctx.dbPath,
        tools: ctx.tools,
        now: ctx.now,
        signal: abort.signal,
        // The first event comes before ffmpeg starts; the second once it is writing the file.
        onProgress: () => {
          if (++events === 2) abort.abort(new Error('test cancel'));
        },
      },
    );
    expect(events).toBeGreaterThanOrEqual(2);
    expect(report).toMatchObject({ cancelled: true, made: [], failed: [] });
    expect(readdirSync(join(temp.dir, 'proxies'))).toEqual([]);
    expect(new ProxiesStore(ctx.db).get(clipId)).toBeUndefined();
    expect(new JobsStore(ctx.db).recent(1)[0]).toMatchObject({ kind: 'proxy', state: 'cancelled' });
  }, 120_000);

  it('a source damaged after import: the failure is recorded with the file and the fix, and no copy of the wrong content is made', async () => {
    const copy = join(temp.dir, 'damaged.mov');
    copyFileSync(HEVC, copy);
    const { imported } = await callApi(ctx, 'clips.import', { paths: [copy], proxy: 'none' });
    const clipId = imported[0]!.clipId;
    truncateSync(copy, Math.floor(statSync(copy).size / 2));

    const report = await callApi(ctx, 'clips.makeProxy', { clips: [clipId], mode: 'all' });
    expect(report.made).toEqual([]);
    expect(report.failed).toEqual([
      { code: 'media/proxy-failed', subject: copy, message: expect.stringMatching(new RegExp(`^${copy}: could not make a playback copy \\(the file changed since it was imported.*import it again`)) },
    ]);
    expect(new JobsStore(ctx.db).recentErrors(1)[0]).toMatchObject({ jobId: report.jobId, code: 'media/proxy-failed', subject: copy });
    expect(existsSync(proxyPathFor(ctx.dbPath, statHash(clipId)))).toBe(false);
    const clip = await callApi(ctx, 'clips.get', { clip: clipId });
    expect(clip.playback).toMatchObject({ source: 'original', needsProxy: true, proxyState: 'failed', proxyError: expect.stringContaining(copy) });
    // Not a proxy of the wrong content: the changed file itself is refused by the route's identity check.
    expect(await servedHeaders(clipId)).toMatchObject({ 'Content-Type': expect.stringContaining('json') });

    // Mode 'needed' (the stored codec is HEVC) fails the same way.
    const needed = await callApi(ctx, 'clips.makeProxy', { clips: [clipId] });
    expect(needed.failed).toEqual([expect.objectContaining({ code: 'media/proxy-failed', subject: copy })]);
  }, 120_000);

  it('ffmpeg failing on an intact original: the failure is recorded with ffmpeg\'s words, and the original is what is served', async () => {
    const { imported } = await callApi(ctx, 'clips.import', { paths: [HEVC], proxy: 'none' });
    const clipId = imported[0]!.clipId;
    // An ffmpeg that answers -version (so it is found) and refuses every transcode, as a broken build would.
    const brokenFfmpeg = join(temp.dir, 'ffmpeg-broken.sh');
    writeFileSync(brokenFfmpeg, '#!/bin/sh\ncase "$*" in *-version*) exec ffmpeg "$@";; esac\necho "Unknown encoder libx264" >&2\nexit 1\n');
    chmodSync(brokenFfmpeg, 0o755);
    const env = { ...process.env, VIPER_FFMPEG: brokenFfmpeg };
    const report = await makeProxies({ clipIds: [clipId], mode: 'needed', probeH264: true, call: 'clips.makeProxy' }, { db: ctx.db, dbPath: ctx.dbPath, tools: () => findMediaTools(env), now: ctx.now });
    expect(report.failed).toEqual([{ code: 'media/proxy-failed', subject: HEVC, message: expect.stringMatching(/could not make a playback copy \(Unknown encoder libx264\)\. The original is still offered/) }]);
    expect(existsSync(proxyPathFor(ctx.dbPath, statHash(clipId)))).toBe(false);
    expect((await callApi(ctx, 'clips.get', { clip: clipId })).playback).toMatchObject({ source: 'original', proxyState: 'failed' });
    expect(await servedHeaders(clipId)).toMatchObject({ 'Content-Type': 'video/quicktime' });
    expect(new JobsStore(ctx.db).recent(1)[0]).toMatchObject({ kind: 'proxy', state: 'failed' });
  }, 120_000);
});

describe('a playback proxy of a rotated 10-bit H.264 clip (the stored codec looks playable)', () => {
  it('is made at import after ffprobe reads the profile, stands as the original plays, and is 8-bit 4:2:0', async () => {
    const tenBit = join(temp.dir, 'ten-bit.mp4');
    const rotated = join(temp.dir, 'rotated-10bit.mp4');
    ffmpegMake(['-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25:duration=2', '-c:v', 'libx264', '-pix_fmt', 'yuv420p10le', tenBit]);
    ffmpegMake(['-i', tenBit, '-c', 'copy', '-metadata:s:v', 'rotate=90', rotated]);
    const report = await callApi(ctx, 'clips.import', { paths: [rotated] });
    const made = report.proxies!.made[0]!;
    expect(made.fileId).toBe('rotated-10bit');
    const [video] = (ffprobeJson(['-select_streams', 'v:0', '-show_streams', made.path]) as { streams: (Stream & { width: number; height: number; side_data_list?: unknown[] })[] }).streams;
    // Upright as the original is shown (320×240 turned a quarter), with no rotation left for a player to apply twice.
    expect(video).toMatchObject({ codec_name: 'h264', pix_fmt: 'yuv420p', width: 240, height: 320 });
    expect(JSON.stringify(video!.side_data_list ?? [])).not.toContain('rotation');
    const clip = await callApi(ctx, 'clips.get', { clip: made.clipId });
    expect(clip.playback).toEqual({ source: 'proxy', needsProxy: false, proxyState: 'ready', proxyError: null });
  }, 120_000);
});

/** What the media route answers for the clip, its file stream closed unread (before the temp folder goes). */
async function servedHeaders(clipId: number): Promise<Record<string, string>> {
  const served = await clipMediaResponse(ctx.db, String(clipId), undefined);
  if (typeof served.body !== 'string') {
    const closed = once(served.body, 'close');
    served.body.destroy();
    await closed;
  }
  return served.headers;
}

function statHash(clipId: number): string {
  return (ctx.db.prepare('SELECT content_hash AS h FROM clips WHERE id = ?').get(clipId) as { h: string }).h;
}

it('proxies are cached beside the database, named by content', () => {
  expect(proxyPathFor('/data/viper/viper.db', 'abc')).toBe('/data/viper/proxies/abc.mp4');
});
