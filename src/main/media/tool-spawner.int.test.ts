/**
 * Tools started from the helper process (tool-spawner.ts) behave as tools spawned directly: the same
 * bytes out of real ffmpeg, the same failures, the same cancel; a helper that dies fails the runs in
 * hand with a reason (runTool then spawns directly: it uses a helper only while alive).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { findMediaTools } from './media-tools';
import { runTool, stopToolSpawner, ToolFailure, useToolSpawner } from './run-tool';
import { ToolSpawner } from './tool-spawner';
import { fixture } from '../test-support/fixtures';

const decodeArgs = ['-v', 'error', '-nostdin', '-i', fixture('single_face.mp4'), '-an', '-vf', "select='lt(mod(n,9),1)'", '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'];

/** How each kind of run ends, as the caller sees it. */
async function outcomes(ffmpeg: string): Promise<{ frames: Buffer; streamed: number; failure: unknown; missing: unknown; cancelled: unknown }> {
  const frames = (await runTool(ffmpeg, decodeArgs)).stdout;
  let streamed = 0;
  await runTool(ffmpeg, decodeArgs, { onStdout: (chunk) => (streamed += chunk.length) });
  const failure = await runTool(ffmpeg, ['-v', 'error', '-i', '/no/such/clip.mp4', '-f', 'null', '-']).catch((error: unknown) => error);
  const missing = await runTool('/no/such/tool', []).catch((error: unknown) => error);
  const abort = new AbortController();
  setTimeout(() => abort.abort(new Error('stopped by the test')), 100);
  const cancelled = await runTool('sleep', ['30'], { signal: abort.signal }).catch((error: unknown) => error);
  return { frames, streamed, failure, missing, cancelled };
}

afterEach(() => stopToolSpawner());

describe('tools started from the helper process', () => {
  it('give the same bytes, failures and cancels as tools spawned directly', async () => {
    const { ffmpeg } = await findMediaTools();
    const direct = await outcomes(ffmpeg);
    await useToolSpawner();
    const helped = await outcomes(ffmpeg);
    expect(direct.frames.length).toBe(640 * 360 * 3 * 8);
    expect(helped.frames.equals(direct.frames)).toBe(true);
    expect([helped.streamed, direct.streamed]).toEqual([direct.frames.length, direct.frames.length]);
    for (const { failure } of [direct, helped]) {
      expect(failure).toBeInstanceOf(ToolFailure);
      expect((failure as ToolFailure).exitCode).toBe(1);
      expect((failure as ToolFailure).stderr).toMatch(/\/no\/such\/clip\.mp4: No such file or directory/);
    }
    expect([(direct.missing as NodeJS.ErrnoException).code, (helped.missing as NodeJS.ErrnoException).code]).toEqual(['ENOENT', 'ENOENT']);
    expect([(direct.cancelled as Error).message, (helped.cancelled as Error).message]).toEqual(['stopped by the test', 'stopped by the test']);
  }, 60_000);

  it('fails the runs in hand when the helper dies, saying so, and a later useToolSpawner starts a fresh helper', async () => {
    const spawner = await ToolSpawner.start();
    expect(spawner).not.toBeNull();
    const ended = new Promise<unknown>((resolve) => spawner!.run('sleep', ['30'], { onStdout: () => undefined, onExit: resolve }));
    (spawner as unknown as { helper: { kill(signal: string): void } }).helper.kill('SIGKILL');
    expect(await ended).toMatchObject({ error: { message: 'the tool helper process stopped' } });
    expect(spawner!.alive).toBe(false);
    await spawner!.close();

    await useToolSpawner();
    const { ffmpeg } = await findMediaTools();
    expect((await runTool(ffmpeg, ['-version'])).stdout.toString()).toMatch(/^ffmpeg version/);
  }, 60_000);
});
