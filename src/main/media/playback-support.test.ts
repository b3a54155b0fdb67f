import { describe, expect, it } from 'vitest';
import { needsPlaybackProxy } from './playback-support';

describe('needsPlaybackProxy', () => {
  it('plays 8-bit 4:2:0 H.264, VP8, VP9 and AV1 as they are', () => {
    expect(needsPlaybackProxy({ codec: 'h264', profile: 'High', pixFmt: 'yuv420p' })).toBe(false);
    expect(needsPlaybackProxy({ codec: 'h264', profile: 'Constrained Baseline', pixFmt: 'yuvj420p' })).toBe(false);
    for (const codec of ['vp8', 'vp9', 'av1']) expect(needsPlaybackProxy({ codec })).toBe(false);
  });

  it('needs a proxy for HEVC, MPEG-4, ProRes, MJPEG and codecs it does not know', () => {
    for (const codec of ['hevc', 'mpeg4', 'prores', 'mjpeg', 'msmpeg4v3', 'something-new']) expect(needsPlaybackProxy({ codec })).toBe(true);
  });

  it('needs a proxy for 10-bit and 4:2:2 / 4:4:4 H.264, by profile or by pixel format', () => {
    expect(needsPlaybackProxy({ codec: 'h264', profile: 'High 10', pixFmt: 'yuv420p10le' })).toBe(true);
    expect(needsPlaybackProxy({ codec: 'h264', profile: 'High 4:4:4 Predictive', pixFmt: 'yuv444p' })).toBe(true);
    expect(needsPlaybackProxy({ codec: 'h264', profile: 'High', pixFmt: 'yuv444p' })).toBe(true);
  });

  it('decides by the codec alone when the profile and pixel format are unknown (clips stored before they were read)', () => {
    expect(needsPlaybackProxy({ codec: 'h264', profile: null, pixFmt: null })).toBe(false);
  });
});
