/** Decoding ahead with the real ffmpeg on the shared fixtures: what is prefetched is what decodeClip gives, and a failure belongs to its clip. */
import { copyFileSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FrameSample } from '../../../shared/api';
import { readFrameTimes } from '../../media/frame-times';
import { findMediaTools, type MediaTools } from '../../media/media-tools';
import { probeMedia } from '../../media/probe';
import { planSamples } from '../../media/sampling';
import { fixture, makeTempDir } from '../../test-support/fixtures';
import { decodeClip } from './analyse-clip';
import { DecodeAhead, type ClipToDecode } from './decode-ahead';

let tools: MediaTools;
const temp = makeTempDir();
afterAll(() => temp.cleanup());

async function clipOf(id: number, path: string): Promise<ClipToDecode> {
  const media = await probeMedia(tools, path);
  const samples: FrameSample[] = planSamples(await readFrameTimes(tools, media), media.durationS, { frameCount: 8, method: 'paper' }).map((s) => ({ ...s, audioRmsDb: null }));
  return { id, path, audioPath: null, samples };
}

beforeAll(async () => {
  tools = await findMediaTools();
});

describe('DecodeAhead', () => {
  it('hands over the prefetched clip as decodeClip decodes it, and decodes a clip it was not asked to prefetch', async () => {
    const single = await clipOf(1, fixture('single_face.mp4'));
    const mov = await clipOf(2, fixture('face_noface.mov'));
    const ahead = new DecodeAhead(tools);
    try {
      ahead.prefetch(mov);
      const [taken, direct] = await Promise.all([ahead.take(mov), decodeClip(tools, mov, mov.samples)]);
      expect(taken.frames.map((f) => [f.width, f.height])).toEqual(direct.frames.map((f) => [f.width, f.height]));
      taken.frames.forEach((f, i) => expect(Buffer.compare(Buffer.from(f.rgb), Buffer.from(direct.frames[i]!.rgb)), `frame ${i}`).toBe(0));
      expect(await taken.audio).toEqual(await direct.audio);
      // Nothing is waiting now: the next clip is decoded when taken.
      const notPrefetched = await ahead.take(single);
      expect(notPrefetched.frames).toHaveLength(8);
      expect(notPrefetched.frames[0]).toMatchObject({ width: 640, height: 360 });
    } finally {
      ahead.close();
    }
  });

  it('keeps a prefetched clip\'s failure for that clip: nothing unhandled, and taking it rejects with the media error', async () => {
    const cut = join(temp.dir, 'cut.mp4');
    copyFileSync(fixture('single_face.mp4'), cut);
    const clip = await clipOf(3, cut);
    truncateSync(cut, 20_000);
    const ahead = new DecodeAhead(tools);
    try {
      ahead.prefetch(clip);
      // Long enough for ffmpeg to fail before anyone awaits the prefetch.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await expect(ahead.take(clip)).rejects.toMatchObject({ code: expect.stringMatching(/^media\//), subject: cut });
    } finally {
      ahead.close();
    }
  });

  it('stops its decoding when closed (the job ended or was cancelled)', async () => {
    const wolf = await clipOf(4, fixture('WolfgangLanger_Pexels.mp4'));
    const ahead = new DecodeAhead(tools);
    ahead.prefetch(wolf);
    const pending = ahead.take(wolf);
    ahead.close();
    await expect(pending).rejects.toBeTruthy();
  });
});
