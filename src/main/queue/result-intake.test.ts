/**
 * Results from the queue into a real SQLite file holding really imported clips: stored once byte for byte,
 * a second result for the same clip ignored, a result for a clip deleted or changed meanwhile dropped, one
 * from another pack or of the wrong size refused; and a worker's failure text read back as its error.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODALITIES } from '../../shared/api';
import { createApiContext, type ApiContext } from '../api/context';
import { callApi } from '../api/handlers';
import type { ClipAnalysis } from '../pipeline/analysis/analyse-clip';
import { readClipFeatures } from '../store/analysis-store';
import { ClipFilesStore } from '../store/clip-files-store';
import { fixture, makeTempDir } from '../test-support/fixtures';
import { failureOf } from './queued-analysis';
import { encodeResult, QUEUE_PROTOCOL, type QueuedClip } from './queued-clip';
import { storeQueuedResult, type IntakeRun } from './result-intake';

const temp = makeTempDir();
let ctx: ApiContext;
const DIMS = { image: 5, audio: 3, text: 4, fau: 2 };
const FRAMES = 2;

beforeAll(async () => {
  ctx = createApiContext(join(temp.dir, 'intake.db'));
  await callApi(ctx, 'clips.import', { paths: [fixture('single_face.mp4'), fixture('no_face.mp4')], sampling: { frameCount: FRAMES } });
}, 120_000);
afterAll(() => {
  ctx.db.close();
  temp.cleanup();
});

/** A result as a worker would send it, with values that say which result it is (seed). */
async function resultFor(fileId: string, seed: number, signature = 'sig-a'): Promise<ReturnType<typeof encodeResult>> {
  const clip = await callApi(ctx, 'clips.get', { clip: fileId });
  const job: QueuedClip = {
    protocol: QUEUE_PROTOCOL,
    clipId: clip.id,
    fileId,
    contentHash: new ClipFilesStore(ctx.db).file(clip.id)?.contentHash ?? '',
    signature,
    modalities: [...MODALITIES],
    analysisProtocol: 'default',
    auReference: 'population',
    samples: clip.samples,
    video: { path: clip.path, url: null },
    audio: null,
  };
  const filled = (n: number): Float32Array => Float32Array.from({ length: n }, (_, i) => seed + i / 7);
  const analysis: ClipAnalysis = {
    frames: clip.samples.map(() => ({ face: null, pose: null, landmarks33: filled(66), caption: null, speechProb: 0.25, fauMasked: null })),
    parts: Object.fromEntries(MODALITIES.map((m) => [m, filled(FRAMES * DIMS[m])])),
    presence: filled(FRAMES * 4),
    facesFound: 0,
  };
  const ids = { image: 'img', audio: 'aud', text: 'txt', fau: 'fau' };
  return encodeResult(job, analysis, { worker: 'lab-7:42', signature, providers: { detector: 'cpu' }, modelIds: ids, dims: DIMS });
}

const run = (force = false): IntakeRun => ({ signature: 'sig-a', modalities: MODALITIES, protocol: 'default', force, stored: new Set(), now: () => new Date().toISOString() });
const imagePart = (clipId: number): number[] => [...(readClipFeatures(ctx.db, clipId).find((f) => f.modality === 'image')?.data ?? [])];

describe('storeQueuedResult', () => {
  it('stores a result as sent, and ignores a second one for the same clip, in this run and in a later plain run', async () => {
    const first = await resultFor('single_face', 1);
    const thisRun = run();
    expect(storeQueuedResult(ctx.db, first, thisRun)).toBe('stored');
    expect(imagePart(first.clipId)).toEqual([...Float32Array.from({ length: FRAMES * DIMS.image }, (_, i) => 1 + i / 7)]);
    expect(storeQueuedResult(ctx.db, await resultFor('single_face', 2), thisRun)).toBe('duplicate');
    expect(storeQueuedResult(ctx.db, await resultFor('single_face', 3), run())).toBe('duplicate');
    expect(imagePart(first.clipId)[0]).toBe(1);
    // A forced run replaces it once.
    const forced = run(true);
    expect(storeQueuedResult(ctx.db, await resultFor('single_face', 4), forced)).toBe('stored');
    expect(storeQueuedResult(ctx.db, await resultFor('single_face', 5), forced)).toBe('duplicate');
    expect(imagePart(first.clipId)[0]).toBe(4);
  });

  it('refuses a result made with another pack, and one whose parts are not frames × dims', async () => {
    const other = await resultFor('no_face', 1, 'sig-b');
    expect(storeQueuedResult(ctx.db, other, run())).toBe('wrong-signature');
    const short = await resultFor('no_face', 1);
    short.parts.audio = Buffer.from(new Float32Array(2).buffer).toString('base64');
    expect(() => storeQueuedResult(ctx.db, short, run())).toThrow(/the audio part from worker lab-7:42 holds 2 values, not 2 frames × 3/);
    expect(readClipFeatures(ctx.db, short.clipId)).toEqual([]);
  });

  it('drops a result for a clip whose file changed, or that was deleted, while it was queued', async () => {
    const changed = await resultFor('no_face', 1);
    changed.contentHash = 'another-content';
    expect(storeQueuedResult(ctx.db, changed, run())).toBe('clip-changed');
    const result = await resultFor('no_face', 1);
    ctx.db.prepare('DELETE FROM clips WHERE id = ?').run(result.clipId);
    expect(storeQueuedResult(ctx.db, result, run())).toBe('clip-deleted');
    expect(readClipFeatures(ctx.db, result.clipId)).toEqual([]);
  });
});

describe('failureOf', () => {
  it("reads a worker's [code] message back as its error, and a reason without a code as queue/job-failed", () => {
    expect(failureOf('[media/not-found] clip x: its video /a.mp4 is no longer there', 'x')).toEqual({ code: 'media/not-found', message: 'clip x: its video /a.mp4 is no longer there', subject: 'x' });
    expect(failureOf('job stalled more than allowable limit', 'x')).toEqual({ code: 'queue/job-failed', message: 'clip x: job stalled more than allowable limit', subject: 'x' });
    expect(failureOf('[nonsense/code] text', 'x').code).toBe('queue/job-failed');
  });
});
