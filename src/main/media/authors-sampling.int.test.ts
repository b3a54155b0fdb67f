/**
 * The authors-code sampling against the authors' own arithmetic, on the fixtures with the real ffmpeg:
 * get_frame.py's loop over the F decoded frames (re-enacted here as they wrote it, a modulo test per
 * frame, not the closed form sampling.ts uses) and extract_audio_features.py's window slices over the
 * decoded 16 kHz samples, compared to the sample.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleClip } from '../library/ingest-clip';
import { fixture } from '../test-support/fixtures';
import { AUDIO_SAMPLE_RATE, audioFragment, decodeAudio } from './decode-audio';
import { readFrameTimes } from './frame-times';
import { findMediaTools, type MediaTools } from './media-tools';
import { probeMedia } from './probe';

let tools: MediaTools;
beforeAll(async () => {
  tools = await findMediaTools();
});

/** Python 3's round() of a float to an integer-valued float (ties to even). */
function pyRound(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** get_frame.py: i counts decoded frames, count the frames saved so far, n_frames = N − 1. */
function getFrameLoop(frames: number, nFrames: number): number[] {
  const saved: number[] = [];
  let count = 0;
  const n = nFrames - 1;
  for (let i = 0; i < frames; i += 1) {
    if (i === 0 || i === frames - 1 || i % pyRound((frames / n) * count) === 0) {
      saved.push(i);
      count += 1;
    }
  }
  return saved;
}

/** extract_audio_features.py: window_length = len(data)·2/(n+1); data[int(i·wl/2) : int(i·wl/2 + wl)]. */
function authorsWindows(length: number, n: number): [number, number][] {
  const windowLength = (length * 2) / (n + 1);
  return Array.from({ length: n }, (_, i) => [Math.trunc((i * windowLength) / 2), Math.min(length, Math.trunc((i * windowLength) / 2 + windowLength))]);
}

describe.each(['single_face.mp4', 'face_noface.mov', 'WolfgangLanger_Pexels.mp4'])('authors-code sampling of %s', (name) => {
  it("takes get_frame.py's 32 frames and extract_audio_features.py's 32 windows, to the sample", async () => {
    const path = fixture(name);
    const media = await probeMedia(tools, path);
    const frameCount = (await readFrameTimes(tools, media)).length;
    const sampled = await sampleClip(tools, path, { frameCount: 32, method: 'authors-code' });
    expect(sampled.samples.map((s) => s.frameIndex)).toEqual(getFrameLoop(frameCount, 32));

    const audio = await decodeAudio(tools, media);
    const windows = authorsWindows(audio.length, 32);
    sampled.samples.forEach((s, i) => {
      const [start, end] = windows[i] as [number, number];
      expect([Math.round(s.audioStartS * AUDIO_SAMPLE_RATE), Math.round(s.audioEndS * AUDIO_SAMPLE_RATE)]).toEqual([start, end]);
      // What the embedding reads: the slice itself, zero-padded (or cut) to 16 000 samples as the feature extractor does.
      const expected = new Float32Array(AUDIO_SAMPLE_RATE);
      expected.set(audio.subarray(start, Math.min(end, start + AUDIO_SAMPLE_RATE)));
      expect(audioFragment(audio, s.audioStartS, s.audioEndS, s.audioPadToS)).toEqual(expected);
    });
    // L is the decoded audio's length, which differs from the container's duration.
    expect(audio.length).not.toBe(Math.round(media.durationS * AUDIO_SAMPLE_RATE));
  });
});

it("single_face.mp4: windows of 2L/33 over the 38 696 decoded samples (146.56 ms), not over the container's 2.43 s", async () => {
  const sampled = await sampleClip(tools, fixture('single_face.mp4'), { frameCount: 32, method: 'authors-code' });
  expect(Math.round((sampled.samples[0]?.audioEndS ?? 0) * AUDIO_SAMPLE_RATE)).toBe(Math.trunc((2 * 38_696) / 33));
  expect(sampled.media.durationS).toBeCloseTo(2.43, 2);
});
