import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../test-support/fixtures';
import { clipAudioSource, findSidecarAudio } from './audio-sidecar';
import type { MediaTools } from './media-tools';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

const touch = (path: string): string => {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '');
  return path;
};

describe('findSidecarAudio', () => {
  it("finds ABAW5's <split>/wav/<id>.wav for <split>/mp4/<id>.mp4, else <id>.wav beside the video", () => {
    const video = touch(join(temp.dir, 'test/mp4/00003.mp4'));
    expect(findSidecarAudio(video)).toBeNull();
    const beside = touch(join(temp.dir, 'test/mp4/00003.wav'));
    expect(findSidecarAudio(video)).toBe(beside);
    const shipped = touch(join(temp.dir, 'test/wav/00003.wav'));
    expect(findSidecarAudio(video)).toBe(shipped);
  });

  it('looks in ../wav only from a folder named mp4', () => {
    const video = touch(join(temp.dir, 'videos/00003.mp4'));
    touch(join(temp.dir, 'wav/00003.wav'));
    expect(findSidecarAudio(video)).toBeNull();
  });
});

describe('clipAudioSource', () => {
  // Never called: both cases below are decided before any tool runs.
  const tools = {} as MediaTools;

  it("keeps the video's own track, and the video when no sidecar was stored", async () => {
    const own = { path: '/v/1.mp4', audio: { index: 1, codec: 'aac', sampleRate: 44_100, channels: 2, startTimeS: 0 } };
    await expect(clipAudioSource(tools, own, '/v/1.wav')).resolves.toBe(own);
    await expect(clipAudioSource(tools, { path: '/v/1.mp4', audio: null }, null)).resolves.toEqual({ path: '/v/1.mp4', audio: null });
  });

  it('names a stored sidecar that has gone since import', async () => {
    const gone = join(temp.dir, 'wav/00003.wav');
    await expect(clipAudioSource(tools, { path: '/v/00003.mp4', audio: null }, gone)).rejects.toMatchObject({ code: 'media/not-found', message: expect.stringContaining(`${gone}: the audio of /v/00003.mp4`) });
  });
});
