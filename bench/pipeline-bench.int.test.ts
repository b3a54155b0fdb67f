/**
 * Keeps the pipeline benchmark runnable: one clip, one round. Every step analyseClip reports must be
 * timed, a timed run must equal a plain one (the bench checks it), every throughput flow must run (the
 * job must analyse every clip: the bench checks it), the "before" flow's frozen face steps must compute
 * what today's do, and Human must still load offline. Timings are not checked.
 */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { decodeFramesToArray } from '../src/main/media/decode-frames';
import { findMediaTools } from '../src/main/media/media-tools';
import { probeMedia } from '../src/main/media/probe';
import { resolveModelsDir } from '../src/main/models/pack/models-dir';
import { DECODE_MAX_SIDE } from '../src/main/pipeline/analysis/analyse-clip';
import { loadAnalysisModels } from '../src/main/pipeline/analysis/analysis-models';
import { MIN_DETECTION_SCORE } from '../src/main/pipeline/faces/analyse-faces';
import { faceRegion } from '../src/main/pipeline/faces/face-classifiers';
import { openStore } from '../src/main/store/database';
import { fixture, makeTempDir } from '../src/main/test-support/fixtures';
import { openFaceModelsBefore } from './before/face-models-before';
import { HUMAN_ROUTES, openHuman, timeHumanRoute } from './human-route';
import { benchPipeline } from './pipeline-bench';
import { STAGES } from './pipeline-flow';

it('times analyseClip, its stages and both limits on a fixture, with the timed run matching a plain one', async () => {
  const report = await benchPipeline({ clips: ['single_face.mp4'], repeats: 1, human: false });
  expect(report.rows).toHaveLength(1);
  const [row] = report.rows;
  expect(row).toMatchObject({ clip: 'single_face', frames: 32, facesFound: 32 });
  for (const stage of STAGES) expect(row?.stagesMs[stage], stage).toBeGreaterThan(0);
  expect(Object.keys(row?.inferenceByModelMs ?? {}).sort()).toEqual(['blazeface', 'emotion', 'facemesh', 'faceres', 'silero-vad']);
  expect(row?.decodeAloneMs).toBeGreaterThan(0);
  // A face in every frame: the detector runs on about half of them, the others bridged between detections.
  expect(row?.detectorRuns).toBeGreaterThanOrEqual(16);
  expect(row?.detectorRuns).toBeLessThan(32);
  expect(report.humeReactionHours).toBeGreaterThan(0);
  // Throughput: the flow before (its own process, the v1 pack rebuilt), the job in its default lanes and in one lane.
  expect(report.throughput.rows.map((r) => r.kind)).toEqual(['before', 'job', 'job']);
  for (const flow of report.throughput.rows) expect(flow.ms, flow.name).toBeGreaterThan(0);
  expect(report.throughput.speedup).toBeGreaterThan(0);
  expect(report.throughput.humeReactionHours).toBeGreaterThan(0);
}, 240_000);

it('loads Human offline on the wasm backend and runs a route (a grey frame: no face)', async () => {
  const human = await openHuman();
  const grey = { width: 64, height: 64, rgb: new Uint8Array(64 * 64 * 3).fill(128) };
  const result = await timeHumanRoute(human, HUMAN_ROUTES[1] as (typeof HUMAN_ROUTES)[number], [grey]);
  expect(result.framesWithFace).toBe(0);
  expect(result.ms).toBeGreaterThan(0);
}, 60_000);

it("computes with the frozen face steps exactly what today's face model classes compute (only the JavaScript around the sessions differs)", async () => {
  const modelsDir = resolveModelsDir();
  const temp = makeTempDir('viper-before-faces-');
  const db = openStore(join(temp.dir, 'faces.db'));
  try {
    const faces = (await loadAnalysisModels(db, modelsDir, ['image'])).faces;
    const before = await openFaceModelsBefore(modelsDir);
    const tools = await findMediaTools();
    const media = await probeMedia(tools, fixture('WolfgangLanger_Pexels.mp4'));
    const frames = await decodeFramesToArray(tools, media, [0, 100, 300].map((frameIndex) => ({ frameIndex, frameTimeS: frameIndex / media.video.fps })), { maxSide: DECODE_MAX_SIDE });
    const bytes = (values: readonly Float32Array[]): string[] => values.map((v) => Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64'));
    for (const frame of frames) {
      const boxes = await faces.detector.detect(frame, { minScore: MIN_DETECTION_SCORE });
      expect(boxes.length).toBeGreaterThan(0);
      expect(await before.detect(frame, { minScore: MIN_DETECTION_SCORE })).toEqual(boxes);
      const items = boxes.map((box) => ({ frame, box }));
      const meshes = await faces.mesh.landmarks(items);
      expect(await before.landmarks(items)).toEqual(meshes);
      const crops = meshes.map((m) => ({ frame, region: faceRegion(m.landmarks) }));
      expect(bytes(await before.emotions(crops))).toEqual(bytes(await faces.classifiers.emotions(crops)));
      expect(bytes(await before.descriptors(crops))).toEqual(bytes(await faces.classifiers.descriptors(crops)));
    }
  } finally {
    db.close();
    temp.cleanup();
  }
}, 120_000);
