/** Probe, frame times and decoding with the real ffmpeg on the shared fixtures and inputs made here. */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffmpegMake, fixture, makeTempDir } from '../test-support/fixtures';
import { AUDIO_SAMPLE_RATE, audioFragment, decodeAudio, isDigitalSilence } from './decode-audio';
import { decodeClip } from './decode-clip';
import { decodeFramesToArray } from './decode-frames';
import { readFrameTimes } from './frame-times';
import { findMediaTools, type MediaTools } from './media-tools';
import { readIdentity } from './file-identity';
import { clipMediaInfo, probeMedia } from './probe';
import { distinctFrames, planSamples } from './sampling';

let tools: MediaTools;
const temp = makeTempDir();

/**
 * Runs `body` with a private TMPDIR, empty at the start (the shared one changes under the files running in
 * parallel; Node's tmpdir() reads the variable on each call and ffmpeg children inherit it), then checks that
 * nothing was left in it.
 */
async function withPrivateTmp(name: string, body: (dir: string) => Promise<void>): Promise<void> {
  const dir = join(temp.dir, name);
  mkdirSync(dir);
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  try {
    await body(dir);
    expect(readdirSync(dir)).toEqual([]);
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
}
beforeAll(async () => {
  tools = await findMediaTools();
});
afterAll(() => temp.cleanup());

/** What ffmpeg alone gives for frame number n (in decode order after the demuxer), as RGB24. */
function ffmpegFrame(path: string, n: number): Buffer {
  return execFileSync('ffmpeg', ['-v', 'error', '-i', path, '-vf', `select=eq(n\\,${n})`, '-fps_mode', 'passthrough', '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], { maxBuffer: 64 << 20 });
}

describe('probe', () => {
  it('reads the facts of each fixture video', async () => {
    const wolf = await probeMedia(tools, fixture('WolfgangLanger_Pexels.mp4'));
    expect(wolf).toMatchObject({ container: expect.stringContaining('mp4'), video: { codec: 'h264', width: 640, height: 360, rotationDeg: 0 }, audio: { codec: 'aac', sampleRate: 48000 } });
    expect(wolf.durationS).toBeCloseTo(19.69, 2);
    expect(wolf.video.fps).toBeCloseTo(23.976, 3);
    const mov = await probeMedia(tools, fixture('face_noface.mov'));
    expect(mov).toMatchObject({ video: { codec: 'hevc', width: 960, height: 540 }, audio: { codec: 'aac' } });
    // Its audio track starts 2.43 s in; times are kept relative to the container start.
    expect(mov.audio?.startTimeS).toBeCloseTo(2.43, 2);
  });

  it('classifies bad files with a message that names the file and what to do', async () => {
    const random = join(temp.dir, 'random.mp4');
    writeFileSync(random, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)));
    const empty = join(temp.dir, 'empty.mp4');
    writeFileSync(empty, '');
    const truncated = join(temp.dir, 'truncated.mp4');
    writeFileSync(truncated, readFileSync(fixture('single_face.mp4')).subarray(0, 100_000));
    const audioOnly = join(temp.dir, 'tone.m4a');
    ffmpegMake(['-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', audioOnly]);
    const cases: [string, string, RegExp][] = [
      [random, 'media/not-media', /random\.mp4: not a video/],
      [empty, 'media/empty-file', /empty\.mp4: the file is empty/],
      [truncated, 'media/truncated', /truncated\.mp4: the video is truncated.*Copy or export it again/],
      [audioOnly, 'media/no-video-stream', /tone\.m4a: has no video stream \(streams found: audio\)/],
      [fixture('multi_face.jpg'), 'media/image-not-video', /multi_face\.jpg: a still image/],
      [join(temp.dir, 'missing.mp4'), 'media/not-found', /missing\.mp4: no such file/],
      [temp.dir, 'media/unreadable', /not a regular file/],
    ];
    for (const [path, code, message] of cases) {
      await expect(probeMedia(tools, path), path).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
    }
  });

  it('reports display size and rotation of a rotated clip, and decodes it upright', async () => {
    const rotated = join(temp.dir, 'rotated.mp4');
    ffmpegMake(['-i', fixture('single_face.mp4'), '-c', 'copy', '-metadata:s:v', 'rotate=90', rotated]);
    const media = await probeMedia(tools, rotated);
    expect(media.video).toMatchObject({ rotationDeg: 90, codedWidth: 640, codedHeight: 360, width: 360, height: 640 });
    const [frame] = await decodeFramesToArray(tools, media, [{ frameIndex: 0, frameTimeS: 0 }]);
    const [plain] = await decodeFramesToArray(tools, await probeMedia(tools, fixture('single_face.mp4')), [{ frameIndex: 0, frameTimeS: 0 }]);
    expect(frame).toMatchObject({ width: 360, height: 640 });
    // Rotation 90 displays the picture turned a quarter counter-clockwise: pixel (x, y) of the
    // coded frame lands at (y, W − 1 − x).
    const W = 640;
    for (const [x, y] of [[0, 0], [639, 0], [100, 200], [320, 359]] as const) {
      const src = (plain?.rgb as Buffer).subarray((y * W + x) * 3, (y * W + x) * 3 + 3);
      const dstX = y;
      const dstY = W - 1 - x;
      const dst = (frame?.rgb as Buffer).subarray((dstY * 360 + dstX) * 3, (dstY * 360 + dstX) * 3 + 3);
      expect([...dst]).toEqual([...src]);
    }
  });
});

describe('frame decoding', () => {
  it('decodes exactly the sampled frames in one pass, each identical to ffmpeg decoding that frame alone', async () => {
    const path = fixture('WolfgangLanger_Pexels.mp4');
    const media = await probeMedia(tools, path);
    const times = await readFrameTimes(tools, media);
    expect(times).toHaveLength(472);
    const plan = planSamples(times, 0, { frameCount: 32, method: 'paper' });
    const frames = await decodeFramesToArray(tools, media, distinctFrames(plan));
    expect(frames).toHaveLength(32);
    frames.forEach((f) => expect(f.rgb.length).toBe(640 * 360 * 3));
    for (const k of [0, 13, 31]) {
      const sample = plan[k];
      const decoded = frames.find((f) => f.frameIndex === sample?.frameIndex);
      expect(decoded?.rgb.equals(ffmpegFrame(path, sample?.frameIndex ?? -1)), `sample ${k}`).toBe(true);
    }
  });

  it('finds the right frames in a variable-frame-rate clip by their timestamps', async () => {
    const path = fixture('face_noface.mov');
    const media = await probeMedia(tools, path);
    const times = await readFrameTimes(tools, media);
    expect(times).toHaveLength(169);
    // 30 fps at first, 24 fps later: the frame rate changes, so count-based sampling would skew.
    expect(times[1]! - times[0]!).toBeCloseTo(1 / 30, 4);
    expect(times[168]! - times[167]!).toBeCloseTo(1 / 24, 3);
    const plan = planSamples(times, 0, { frameCount: 32, method: 'paper' });
    const wanted = distinctFrames(plan);
    const frames = await decodeFramesToArray(tools, media, wanted, { maxSide: 240 });
    expect(frames.map((f) => f.frameIndex)).toEqual(wanted.map((w) => w.frameIndex));
    expect(frames[0]).toMatchObject({ width: 240, height: 136 });
    const full = await decodeFramesToArray(tools, media, [wanted[20]!]);
    expect(full[0]?.rgb.equals(ffmpegFrame(path, wanted[20]!.frameIndex))).toBe(true);
  });

  it('fails with media/truncated when the video breaks off before a sampled frame', async () => {
    const path = join(temp.dir, 'cut.mp4');
    // The index (moov) is at the front of this file, so probing succeeds but the data stops early.
    writeFileSync(path, readFileSync(fixture('WolfgangLanger_Pexels.mp4')).subarray(0, 300_000));
    const media = await probeMedia(tools, path);
    const plan = planSamples(await readFrameTimes(tools, media), 0, { frameCount: 32, method: 'paper' });
    await expect(decodeFramesToArray(tools, media, distinctFrames(plan), { maxSide: 64 })).rejects.toMatchObject({
      code: 'media/truncated',
      message: expect.stringMatching(/cut\.mp4: only \d+ of 32 sampled frames could be decoded/),
    });
  });

  it('leaves no temporary files behind', async () => {
    await withPrivateTmp('private-tmp', async (privateTmp) => {
      expect(tmpdir()).toBe(privateTmp);
      const media = await probeMedia(tools, fixture('single_face.mp4'));
      await decodeFramesToArray(tools, media, distinctFrames(planSamples(await readFrameTimes(tools, media), 0, { frameCount: 32, method: 'paper' })));
      await decodeAudio(tools, media);
    });
  });
});

describe("a clip's probe at analysis", () => {
  it("is the import's while the file is unchanged (no ffprobe runs), and ffprobe's again once the file changes", async () => {
    const clip = join(temp.dir, 'probed.mp4');
    copyFileSync(fixture('single_face.mp4'), clip);
    const media = await probeMedia(tools, clip);
    const known = { media, identity: await readIdentity(clip) };
    // Tools whose ffprobe does not exist: any probe would fail.
    const noProbe = { ...tools, ffprobe: join(temp.dir, 'no-such-ffprobe') };
    expect(await clipMediaInfo(noProbe, clip, known)).toBe(media);
    await expect(clipMediaInfo(noProbe, clip, null)).rejects.toThrow();
    // Touched (the same bytes, another mtime): the stat no longer matches, so ffprobe answers.
    utimesSync(clip, new Date(), new Date(Date.now() + 5_000));
    await expect(clipMediaInfo(noProbe, clip, known)).rejects.toThrow();
    const again = await clipMediaInfo(tools, clip, known);
    expect(again).not.toBe(media);
    expect(again).toEqual(media);
    // A probe recorded for another path is not taken for this one.
    expect(await clipMediaInfo(tools, clip, { ...known, media: { ...media, path: join(temp.dir, 'elsewhere.mp4') } })).toEqual(media);
  });
});

describe('a clip decoded for analysis', () => {
  it("gives the frames and the audio of separate passes, byte for byte, from one pass over the video's own track, and leaves no file behind", async () => {
    await withPrivateTmp('decode-clip-tmp', async () => {
      for (const name of ['single_face.mp4', 'WolfgangLanger_Pexels.mp4', 'face_noface.mov', 'no_face.mp4']) {
        const media = await probeMedia(tools, fixture(name));
        const wanted = distinctFrames(planSamples(await readFrameTimes(tools, media), 0, { frameCount: 32, method: 'paper' }));
        const together = await decodeClip(tools, media, wanted, media, { maxSide: 1280 });
        const apart = await decodeFramesToArray(tools, media, wanted, { maxSide: 1280 });
        expect(together.frames.map((f) => f.frameIndex), name).toEqual(apart.map((f) => f.frameIndex));
        together.frames.forEach((f, i) => expect(f.rgb.equals((apart[i] as { rgb: Buffer }).rgb), `${name} frame ${f.frameIndex}`).toBe(true));
        const [audio, alone] = [await together.audio, await decodeAudio(tools, media)];
        expect(alone.length, name).toBeGreaterThan(0);
        expect(Buffer.from((audio as Float32Array).buffer).equals(Buffer.from(alone.buffer)), `${name} audio`).toBe(true);
      }
    });
  }, 120_000);

  it('decodes into memory it is given, frame k at k × its size, the same bytes as into fresh memory, whatever the memory held before', async () => {
    const slab = new Uint8Array(32 * 960 * 540 * 3).fill(77);
    for (const name of ['face_noface.mov', 'single_face.mp4', 'face_noface.mov']) {
      const media = await probeMedia(tools, fixture(name));
      const wanted = distinctFrames(planSamples(await readFrameTimes(tools, media), 0, { frameCount: 32, method: 'paper' }));
      const into = await decodeClip(tools, media, wanted, media, { maxSide: 1280, into: slab });
      const fresh = await decodeFramesToArray(tools, media, wanted, { maxSide: 1280 });
      into.frames.forEach((f, k) => {
        expect(f.rgb.buffer, `${name} frame ${f.frameIndex}`).toBe(slab.buffer);
        expect(f.rgb.byteOffset).toBe(k * f.rgb.length);
        expect(f.rgb.equals((fresh[k] as { rgb: Buffer }).rgb), `${name} frame ${f.frameIndex}`).toBe(true);
      });
    }
    // Memory too small for the clip is not used.
    const media = await probeMedia(tools, fixture('single_face.mp4'));
    const small = await decodeFramesToArray(tools, media, [{ frameIndex: 0, frameTimeS: 0 }, { frameIndex: 1, frameTimeS: 1 / 30 }], { into: new Uint8Array(10) });
    expect(small.map((f) => f.rgb.length)).toEqual([640 * 360 * 3, 640 * 360 * 3]);
    expect(small[0]?.rgb.buffer).not.toBe(small[1]?.rgb.buffer);
  }, 60_000);

  it('decodes a sidecar audio file in its own pass, and a clip without audio to none', async () => {
    const silent = join(temp.dir, 'noaudio-for-clip.mp4');
    ffmpegMake(['-i', fixture('single_face.mp4'), '-an', '-c:v', 'copy', silent]);
    const media = await probeMedia(tools, silent);
    const wanted = distinctFrames(planSamples(await readFrameTimes(tools, media), 0, { frameCount: 8, method: 'paper' }));
    expect((await decodeClip(tools, media, wanted, media)).audio).toBeNull();
    const sidecar = await probeMedia(tools, fixture('single_face.mp4'));
    const withSidecar = await decodeClip(tools, media, wanted, { path: sidecar.path, audio: sidecar.audio });
    expect(withSidecar.frames).toHaveLength(wanted.length);
    expect(Buffer.from((await withSidecar.audio as Float32Array).buffer).equals(Buffer.from((await decodeAudio(tools, sidecar)).buffer))).toBe(true);
  }, 60_000);
});

describe('audio decoding', () => {
  it('gives 16 kHz mono float samples over the whole clip', async () => {
    const media = await probeMedia(tools, fixture('single_face.mp4'));
    const audio = await decodeAudio(tools, media);
    expect(audio.length / AUDIO_SAMPLE_RATE).toBeCloseTo(2.42, 1);
    expect(isDigitalSilence(audio)).toBe(false);
    expect(audio.every((s) => Number.isFinite(s) && Math.abs(s) <= 1)).toBe(true);
  });

  it('recognises a muted track as digital silence', async () => {
    const audio = await decodeAudio(tools, await probeMedia(tools, fixture('WolfgangLanger_Pexels.mp4')));
    expect(audio.length / AUDIO_SAMPLE_RATE).toBeCloseTo(19.69, 1);
    expect(isDigitalSilence(audio)).toBe(true);
  });

  it('pads a late-starting track with silence so sample times match frame times', async () => {
    const audio = await decodeAudio(tools, await probeMedia(tools, fixture('face_noface.mov')));
    expect(isDigitalSilence(audio.subarray(0, Math.round(2.4 * AUDIO_SAMPLE_RATE)))).toBe(true);
    expect(isDigitalSilence(audio.subarray(Math.round(2.6 * AUDIO_SAMPLE_RATE)))).toBe(false);
  });

  it('returns no samples for a clip without audio', async () => {
    const silent = join(temp.dir, 'noaudio.mp4');
    ffmpegMake(['-i', fixture('single_face.mp4'), '-an', '-c:v', 'copy', silent]);
    const media = await probeMedia(tools, silent);
    expect(media.audio).toBeNull();
    expect(await decodeAudio(tools, media)).toHaveLength(0);
  });

  it('cuts fragments, padding past the end and to a fixed length', () => {
    const audio = Float32Array.from({ length: 32_000 }, (_, i) => i);
    expect(audioFragment(audio, 0.5, 0.5005)).toEqual(Float32Array.from([8000, 8001, 8002, 8003, 8004, 8005, 8006, 8007]));
    const padded = audioFragment(audio, 1.9, 2.3, 1);
    expect(padded).toHaveLength(16_000);
    expect(padded[0]).toBe(30_400);
    expect(padded[1599]).toBe(31_999);
    expect(padded[1600]).toBe(0);
    expect(audioFragment(audio, 0, 1.5, 1)).toHaveLength(16_000);
  });
});

describe('locating ffmpeg', () => {
  it('prefers VIPER_FFMPEG / VIPER_FFPROBE when they run', async () => {
    const copy = join(temp.dir, 'my-ffmpeg');
    copyFileSync(tools.ffmpeg.includes('/') ? tools.ffmpeg : execFileSync('which', ['ffmpeg']).toString().trim(), copy);
    execFileSync('chmod', ['+x', copy]);
    const found = await findMediaTools({ ...process.env, VIPER_FFMPEG: copy });
    expect(found).toMatchObject({ ffmpeg: copy, ffmpegSource: 'env' });
  });

  it('names every place it looked and how to fix each when nothing runs', async () => {
    const error = await findMediaTools({ VIPER_FFMPEG: '/nonexistent/ffmpeg', PATH: temp.dir }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'media/ffmpeg-missing' });
    const message = (error as Error).message;
    for (const part of ['VIPER_FFMPEG', 'ffmpeg-static', 'PATH', 'apt-get install ffmpeg', 'install.js']) expect(message).toContain(part);
  });
});
