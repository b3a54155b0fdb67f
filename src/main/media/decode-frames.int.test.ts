/** The detector's letterboxed frames from the decoding pass itself (real ffmpeg, shared fixtures). */
import { describe, expect, it } from 'vitest';
import { cropSquare } from '../pipeline/face-crop';
import { fixture } from '../test-support/fixtures';
import { decodeFramesToArray, letterboxGeometry } from './decode-frames';
import { readFrameTimes } from './frame-times';
import { findMediaTools } from './media-tools';
import { probeMedia } from './probe';
import { distinctFrames, planSamples } from './sampling';

describe('decoding with a letterboxed square beside each frame', () => {
  it('places the frame as the detector letterboxes it', () => {
    expect(letterboxGeometry(640, 360, 256)).toEqual({ width: 256, height: 144, offsetX: 0, offsetY: 56, frameScale: 2.5 });
    expect(letterboxGeometry(360, 640, 256)).toMatchObject({ width: 144, height: 256, offsetX: 56, offsetY: 0 });
    expect(letterboxGeometry(1280, 720, 256)).toMatchObject({ width: 256, height: 144, frameScale: 5 });
  });

  for (const name of ['single_face.mp4', 'face_noface.mov']) {
    it(`${name}: the same frames as without, and squares that match the frames letterboxed in JavaScript`, async () => {
      const tools = await findMediaTools();
      const media = await probeMedia(tools, fixture(name));
      const frames = distinctFrames(planSamples(await readFrameTimes(tools, media), media.durationS, { frameCount: 6, method: 'paper' }));
      const plain = await decodeFramesToArray(tools, media, frames, { maxSide: 1280 });
      const boxed = await decodeFramesToArray(tools, media, frames, { maxSide: 1280, letterboxSide: 256 });
      expect(boxed).toHaveLength(plain.length);
      boxed.forEach((frame, i) => {
        expect(Buffer.compare(frame.rgb, plain[i]!.rgb), `frame ${i}`).toBe(0);
        const square = frame.letterboxed!;
        expect(square).toMatchObject({ side: 256, offsetX: 0, offsetY: 56 });
        expect(square.rgb.length).toBe(256 * 256 * 3);
        // Above and below the picture: black.
        expect(square.rgb.subarray(0, 56 * 256 * 3).every((v) => v === 0)).toBe(true);
        expect(square.rgb.subarray((56 + 144) * 256 * 3).every((v) => v === 0)).toBe(true);
        // The picture itself: ffmpeg's area scaling against the JavaScript bilinear letterbox, within a few levels on average.
        const side = Math.max(frame.width, frame.height);
        const js = cropSquare(frame, { x: (frame.width - side) / 2, y: (frame.height - side) / 2, side }, 256).rgb;
        let diff = 0;
        for (let k = 56 * 256 * 3; k < (56 + 144) * 256 * 3; k += 1) diff += Math.abs((square.rgb[k] as number) - (js[k] as number));
        expect(diff / (144 * 256 * 3), `mean |difference| of frame ${i}`).toBeLessThan(6);
      });
    });
  }
});
