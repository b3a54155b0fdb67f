/**
 * Keeps the pipeline benchmark runnable: one clip, one round. Every step analyseClip reports must be
 * timed, a timed run must equal a plain one (the bench checks it), every throughput flow must run (the
 * job must analyse every clip: the bench checks it), and Human must still load offline.
 * Timings are not checked.
 */
import { expect, it } from 'vitest';
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
