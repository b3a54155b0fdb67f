/**
 * The AU ranges on real frames, with the default pack's real models: each face is held still as a clip
 * with no neutral phase (a photo looped by ffmpeg, or one sampled frame repeated), the case the clip's
 * own baseline cannot read. What the frames show was checked by looking at them:
 * - single_face.jpg: one man smiling broadly, teeth showing;
 * - multi_face.jpg: four people smiling broadly (one in sunglasses) and, at the back, a young man with
 *   curly hair whose mouth is closed (the emotion model: neutral 0.58);
 * - single_face.mp4: at rest in samples 0–7 (t < 0.55 s);
 * - WolfgangLanger_Pexels.mp4: crying with knitted, raised brows and eyes squeezed in t < 5 s (a hand at
 *   the mouth from 2 s), laughing from 12 s.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFramesToArray } from '../../media/decode-frames';
import { readFrameTimes } from '../../media/frame-times';
import { findMediaTools, type MediaTools } from '../../media/media-tools';
import { probeMedia } from '../../media/probe';
import { distinctFrames, planSamples } from '../../media/sampling';
import { buildPack } from '../../models/pack/build-pack';
import { resolveModelsDir } from '../../models/pack/models-dir';
import { ffmpegMake, fixture, makeTempDir } from '../../test-support/fixtures';
import type { RgbImage } from '../face-crop';
import { analyseFaces, MIN_DETECTION_SCORE, MIN_MESH_SCORE, type FaceModels, type FrameFace } from '../faces/analyse-faces';
import { BlazeFaceDetector } from '../faces/blazeface-detector';
import { FaceClassifiers, faceRegion } from '../faces/face-classifiers';
import { FaceMeshLandmarks } from '../faces/facemesh-landmarks';
import { AU_NAMES, type AuIntensities, type AuName } from './au-intensities';
import { clipFau, type FrameFau, type FrameFaceInput } from './clip-fau';
import type { AuReference } from './neutral-reference';

let tools: MediaTools;
let models: FaceModels;
const temp = makeTempDir();
afterAll(() => temp.cleanup());

beforeAll(async () => {
  tools = await findMediaTools();
  const modelsDir = resolveModelsDir();
  await buildPack({ modelsDir });
  models = { detector: await BlazeFaceDetector.open(modelsDir), mesh: await FaceMeshLandmarks.open(modelsDir), classifiers: await FaceClassifiers.open(modelsDir) };
}, 120_000);

async function sampledFrames(path: string, frameCount = 32): Promise<{ frames: RgbImage[]; times: number[] }> {
  const media = await probeMedia(tools, path);
  const plan = planSamples(await readFrameTimes(tools, media), media.durationS, { frameCount, method: 'paper' });
  const decoded = await decodeFramesToArray(tools, media, distinctFrames(plan));
  const byIndex = new Map(decoded.map((f) => [f.frameIndex, f]));
  return { frames: plan.map((s) => byIndex.get(s.frameIndex) as RgbImage), times: plan.map((s) => s.frameTimeS) };
}

/** A still picture as a 2 s, 10 fps clip: every frame the same expression, none neutral unless the picture is. */
async function stillClip(name: string, filter = 'scale=trunc(iw/2)*2:trunc(ih/2)*2'): Promise<RgbImage[]> {
  const clip = join(temp.dir, `${name.replace(/\W/g, '-')}-${Math.random().toString(36).slice(2)}.mp4`);
  ffmpegMake(['-loop', '1', '-framerate', '10', '-i', fixture(name), '-t', '2', '-vf', filter, '-pix_fmt', 'yuv420p', clip]);
  return (await sampledFrames(clip, 8)).frames;
}

const inputOf = (face: FrameFace | null, frame: RgbImage): FrameFaceInput => ({ landmarks: face?.landmarks ?? null, emotions: face ? [...face.emotions] : null, frameSize: frame });
/** One frame's face held through a clip of `n` frames. */
const held = (input: FrameFaceInput, reference: AuReference = 'population', n = 8): AuIntensities => (clipFau(Array.from({ length: n }, () => input), { reference })[0] as FrameFau).aus;
const fmt = (aus: AuIntensities, names: readonly AuName[]): string => names.map((n) => `${n} ${aus[n].toFixed(2)}`).join(', ');

describe('AU intensities on real frames, each held as a clip with no neutral phase', () => {
  it('reads the smile of single_face.jpg as AU06 and AU12 at 0.6 or more; the clip baseline reads it as nothing', async () => {
    const frames = await stillClip('single_face.jpg');
    const faces = await analyseFaces(frames, models);
    expect(faces.every(Boolean)).toBe(true);
    const fau = clipFau(faces.map((f, i) => inputOf(f, frames[i] as RgbImage))) as FrameFau[];
    const relative = clipFau(faces.map((f, i) => inputOf(f, frames[i] as RgbImage)), { reference: 'clip' }) as FrameFau[];
    console.log(`single_face.jpg: ${fmt(fau[0]!.aus, ['AU06', 'AU12', 'AU25', 'AU26', 'AU09'])}; with the clip's baseline AU12 ${relative[0]!.aus.AU12.toFixed(2)}`);
    for (const frame of fau) {
      expect(frame.aus.AU06).toBeGreaterThanOrEqual(0.6);
      expect(frame.aus.AU12).toBeGreaterThanOrEqual(0.6);
      for (const name of ['AU01', 'AU02', 'AU05', 'AU15', 'AU43'] as const) expect(frame.aus[name], name).toBeLessThanOrEqual(0.1);
    }
    expect(relative[0]!.aus.AU12).toBeLessThan(0.05);
  });

  it('reads the four broad smiles of multi_face.jpg, sunglasses too, as AU12 at 0.6 or more, and the closed mouth at the back lower', async () => {
    const [frame] = await stillClip('multi_face.jpg');
    const boxes = await models.detector.detect(frame as RgbImage, { minScore: MIN_DETECTION_SCORE });
    const meshes = (await models.mesh.landmarks(boxes.map((box) => ({ frame: frame as RgbImage, box })))).filter((m) => m.faceScore >= MIN_MESH_SCORE);
    expect(meshes).toHaveLength(5);
    const emotions = await models.classifiers.emotions(meshes.map((m) => ({ frame: frame as RgbImage, region: faceRegion(m.landmarks) })));
    const faces = meshes.map((m, k) => ({ aus: held({ landmarks: m.landmarks, emotions: [...(emotions[k] as Float32Array)], frameSize: frame as RgbImage }), happiness: (emotions[k] as Float32Array)[3] as number }));
    for (const f of faces) console.log(`multi_face.jpg: happiness ${f.happiness.toFixed(2)}, ${fmt(f.aus, ['AU06', 'AU12', 'AU25', 'AU04', 'AU09'])}`);
    // The young man at the back is the one face the emotion model does not call happy.
    const byHappiness = [...faces].sort((a, b) => b.happiness - a.happiness);
    const smiles = byHappiness.slice(0, 4);
    const closed = byHappiness[4]!;
    expect(closed.happiness).toBeLessThan(0.5);
    for (const s of smiles) {
      expect(s.aus.AU12).toBeGreaterThanOrEqual(0.6);
      expect(s.aus.AU25).toBeGreaterThanOrEqual(0.6);
      expect(s.aus.AU12).toBeGreaterThan(closed.aus.AU12 + 0.3);
    }
    expect(closed.aus.AU25).toBeLessThanOrEqual(0.1);
  });

  it('reads every rest frame of single_face.mp4 at 0.15 or less on every AU, held alone or in its clip', async () => {
    const { frames, times } = await sampledFrames(fixture('single_face.mp4'));
    const faces = await analyseFaces(frames, models);
    const inputs = faces.map((f, i) => inputOf(f, frames[i] as RgbImage));
    const inClip = clipFau(inputs) as (FrameFau | null)[];
    const rest = times.flatMap((t, i) => (t < 0.55 && faces[i] ? [i] : []));
    expect(rest.length).toBeGreaterThanOrEqual(7);
    let highest = { name: '', value: 0 };
    for (const i of rest) {
      for (const aus of [held(inputs[i] as FrameFaceInput), (inClip[i] as FrameFau).aus]) {
        for (const name of AU_NAMES) if (aus[name] > highest.value) highest = { name: `${name} at ${times[i]!.toFixed(2)} s`, value: aus[name] };
      }
    }
    console.log(`single_face.mp4 at rest: highest AU ${highest.name} ${highest.value.toFixed(3)}`);
    // 0.15, not 0.1: AU05 here moves with the crop by more than the detector's own jitter. Detecting in every
    // frame reads 0.092 at most, and 0.113 with every box moved right by 1 % of its width (1.8 px); with frames
    // bridged between detections (analyse-faces.ts) it reads 0.120, on the frame at 0.07 s.
    expect(highest.value).toBeLessThanOrEqual(0.15);
    // The smile that follows reads high in the same clip.
    const smiling = times.flatMap((t, i) => (t > 0.7 && t < 2.25 && inClip[i] ? [(inClip[i] as FrameFau).aus.AU12] : []));
    expect(Math.min(...smiling)).toBeGreaterThanOrEqual(0.6);
  });

  it("reads WolfgangLanger's crying frames with AU01 higher and AU12 lower than her laughter, each frame held alone", async () => {
    const { frames, times } = await sampledFrames(fixture('WolfgangLanger_Pexels.mp4'));
    const faces = await analyseFaces(frames, models);
    const heldAus = faces.map((f, i) => (f ? held(inputOf(f, frames[i] as RgbImage)) : null));
    const mean = (keep: (t: number) => boolean): AuIntensities => {
      const picked = heldAus.filter((a, i) => a && keep(times[i] as number)) as AuIntensities[];
      expect(picked.length).toBeGreaterThanOrEqual(6);
      return Object.fromEntries(AU_NAMES.map((n) => [n, picked.reduce((s, a) => s + a[n], 0) / picked.length])) as AuIntensities;
    };
    const crying = mean((t) => t < 5);
    const laughing = mean((t) => t >= 12);
    const shown = ['AU01', 'AU02', 'AU04', 'AU06', 'AU07', 'AU09', 'AU12', 'AU15', 'AU25'] as const;
    console.log(`WolfgangLanger crying: ${fmt(crying, shown)}\nWolfgangLanger laughing: ${fmt(laughing, shown)}`);
    expect(crying.AU01).toBeGreaterThan(laughing.AU01 + 0.05);
    expect(laughing.AU12).toBeGreaterThanOrEqual(0.6);
    expect(laughing.AU12).toBeGreaterThan(crying.AU12 + 0.3);
    expect(laughing.AU25).toBeGreaterThan(crying.AU25 + 0.5);
  });

  it('keeps one of two faces of equal size (single_face.jpg beside itself) through the clip and reads its smile', async () => {
    const frames = await stillClip('single_face.jpg', '[0]split[a][b];[a][b]hstack,scale=trunc(iw/4)*2:trunc(ih/4)*2');
    const faces = await analyseFaces(frames, models);
    expect(faces.every(Boolean)).toBe(true);
    const first = faces[0] as FrameFace;
    for (const face of faces) expect(Math.abs((face as FrameFace).box.x - first.box.x)).toBeLessThan(5);
    const fau = clipFau(faces.map((f, i) => inputOf(f, frames[i] as RgbImage))) as FrameFau[];
    for (const frame of fau) expect(frame.aus.AU12).toBeGreaterThanOrEqual(0.6);
  });

  it('masks the frames where the chin has left the picture, with the reason, and measures the others', async () => {
    // A 572×330 window over single_face.jpg (the face spans y 180–394 in the photo) moving up from y = 180,
    // the whole face in view, to y = 0 at 1.5 s, where the picture ends above the chin and the lower lip.
    const frames = await stillClip('single_face.jpg', "crop=572:330:0:'max(0,180-120*t)'");
    const faces = await analyseFaces(frames, models);
    const fau = clipFau(faces.map((f, i) => inputOf(f, frames[i] as RgbImage)));
    expect(fau).toHaveLength(8);
    for (const f of fau.slice(0, 3)) expect((f as FrameFau).aus.AU12).toBeGreaterThanOrEqual(0.6);
    expect(fau.slice(-2).map((f) => (f && 'masked' in f ? f.masked : f))).toEqual(['out-of-frame', 'out-of-frame']);
  });
});
