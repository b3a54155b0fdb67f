/** How `npm run bench` prints each benchmark's figures: one function per bench, limits beside them. */
import type { FusionBenchResult } from './fusion-bench';
import type { UiBenchResult } from './ui-bench';
import { formatTable } from '../src/main/cli/output';
import type { benchImport } from './import-bench';
import type { ModelsBenchReport } from './models-bench';
import { HUME_REACTION, type PipelineBenchReport } from './pipeline-bench';
import { STAGE_LABELS, STAGES, type Stage } from './pipeline-flow';

/** The aims each bench is held to; written into the JSON report too. */
export const LIMITS = {
  /** Import may cost at most this much more than ffmpeg alone doing the same probing and decoding. */
  importOverhead: 1.5,
  /** analyseClip may cost at most this much more than its decoding and inference alone. */
  pipelineOverhead: 1.25,
  /** The pipeline's face stages should be at least this many times faster per frame than Human with the same models. */
  humanSpeedup: 3,
  /** The analysis job should analyse a library at least this many times faster than the flow before (issue 14). */
  throughputSpeedup: 2.5,
  /** Hume-Reaction's analysis on the bench machine, at most (hours). */
  humeReactionHours: 8,
  /** No frame while scrolling the 25,067-clip Library may take longer than this. */
  scrollFrameMs: 50,
  /** Opening a clip in review from the Library, at most. */
  openClipMs: 200,
} as const;

const ms = (value: number): number => Math.round(value);
const fixed = (value: number, digits: number): number => Number(value.toFixed(digits));
const yesNo = (ok: boolean): string => (ok ? 'yes' : 'NO');

export function printImportBench(imports: Awaited<ReturnType<typeof benchImport>>): void {
  console.log('import, per clip (median of 5; fresh database each time):');
  console.log(
    formatTable(
      ['clip', 'viper import ms', 'ffmpeg alone ms', 'ratio', `within ${LIMITS.importOverhead}×`],
      imports.rows.map((r) => [r.clip, ms(r.importMs), ms(r.ffmpegAloneMs), fixed(r.ratio, 2), yesNo(r.ratio <= LIMITS.importOverhead)]),
    ),
  );
  const total = imports.rows.reduce((sum, r) => sum + r.importMs, 0);
  const videoSeconds = imports.rows.reduce((sum, r) => sum + r.durationS, 0);
  // Projected from this run's rate per second of video.
  const humeHours = ((total / videoSeconds) * HUME_REACTION.clipS * HUME_REACTION.clips) / 3_600_000;
  console.log(`mean import ${(total / imports.rows.length).toFixed(0)} ms per clip, ${(total / videoSeconds).toFixed(0)} ms per second of video; peak RSS of this process ${imports.peakRssMb.toFixed(0)} MB`);
  console.log(`projected import of Hume-Reaction (25,067 clips × 11.6 s) on this machine: ${humeHours.toFixed(1)} h`);
  const { selectMs, seeksMs } = imports.seekVsSelect;
  console.log(`32 frames of WolfgangLanger_Pexels.mp4: one select pass ${selectMs.toFixed(0)} ms, 32 seeks ${seeksMs.toFixed(0)} ms (${(seeksMs / selectMs).toFixed(1)}× slower)`);
}

export function printModelsBench(report: ModelsBenchReport): void {
  console.log(`face models, one batch (median of ${report.repeats}): onnxruntime-node (${report.ortProvider}, ${report.ortThreads} threads, and 1 thread) against TF.js ${report.tfjsBackend}:`);
  console.log(
    formatTable(
      ['model', 'batch', 'ORT ms', 'ORT 1-thread ms', `TF.js ${report.tfjsBackend} ms`, 'ORT faster', '1-thread faster', 'max |diff|'],
      report.rows.map((r) => [r.model, r.batch, fixed(r.ortMs, 1), fixed(r.ortOneThreadMs, 1), fixed(r.tfjsMs, 1), `${r.speedup.toFixed(1)}×`, `${r.speedupOneThread.toFixed(1)}×`, r.maxAbsDiff.toExponential(1)]),
    ),
  );
}

/** What each stage is compared with: ffmpeg alone or the models it runs, alone. */
function stageLimit(report: PipelineBenchReport, stage: Stage): { ms: number; what: string } | null {
  const { total } = report;
  const models = (...names: string[]): { ms: number; what: string } => ({ ms: names.reduce((sum, n) => sum + (total.inferenceByModelMs[n] ?? 0), 0), what: `ORT alone: ${names.join(' + ')}` });
  switch (stage) {
    case 'decodeFrames':
      return { ms: total.decodeAloneMs, what: 'ffprobe + ffmpeg select pass (with the audio) alone' };
    case 'faceDetection':
      return models('blazeface');
    case 'faceMesh':
      return models('facemesh');
    case 'emotionFaceRes':
      return models('emotion', 'faceres');
    case 'audioDescriptorVad':
      return models('silero-vad');
    default:
      return null;
  }
}

function printPipelineStages(report: PipelineBenchReport): void {
  const { total } = report;
  console.log(`stages, all ${total.clips} clips together (analyseClip's own steps on a wall clock; a timed run equals a plain one):`);
  const rows = STAGES.map((stage) => {
    const limit = stageLimit(report, stage);
    const stageMs = total.stagesMs[stage];
    return [STAGE_LABELS[stage], ms(stageMs), fixed(stageMs / total.frames, 1), limit ? ms(limit.ms) : '–', limit ? ms(stageMs - limit.ms) : '–', limit?.what ?? '(no model or ffmpeg call)'];
  });
  const stagesSum = STAGES.reduce((sum, s) => sum + total.stagesMs[s], 0);
  rows.push(['all stages', ms(stagesSum), fixed(stagesSum / total.frames, 1), ms(total.decodeAloneMs + total.inferenceAloneMs), ms(stagesSum - total.decodeAloneMs - total.inferenceAloneMs), 'decode + inference alone']);
  console.log(formatTable(['stage', 'ms', 'ms/frame', 'alone ms', 'overhead ms', 'measured against'], rows));
  console.log(`(the stages exclusive of the store write sum to ${ms(stagesSum - total.stagesMs.storeWrite)} ms; analyseClip itself took ${ms(total.analyseClipMs)} ms in the same rounds)`);
}

function printHumanComparison(report: PipelineBenchReport): void {
  if ('error' in report.human) {
    console.log(`Human route: not measured — ${report.human.error}`);
    return;
  }
  console.log(`the same face analysis by @vladmandic/human (TF.js wasm, SIMD, single-threaded), on the same ${report.total.frames} frames, caching off:`);
  console.log(
    formatTable(
      ['Human route', 'ms/frame', 'measured elsewhere', 'frames with a face', 'pipeline face ms/frame', 'pipeline faster'],
      report.human.routes.map((r) => [r.name, fixed(r.msPerFrame, 1), r.referenceMsPerFrame ?? '–', r.framesWithFace, fixed(report.faceMsPerFrame, 1), `${(r.msPerFrame / report.faceMsPerFrame).toFixed(2)}×`]),
    ),
  );
  const sameModels = report.human.routes[1];
  if (sameModels) {
    const speedup = sameModels.msPerFrame / report.faceMsPerFrame;
    console.log(`aim: the pipeline's face stages ≥ ${LIMITS.humanSpeedup}× faster per frame than Human with the same models: ${speedup.toFixed(2)}× — ${yesNo(speedup >= LIMITS.humanSpeedup)}`);
  }
  console.log(`(the pipeline found the subject's face in ${report.total.facesFound} of ${report.total.frames} frames; the detector ran on ${report.total.detectorRuns}, the others bridged between detections; whole analyseClip ${report.analyseClipMsPerFrame.toFixed(1)} ms per frame)`);
}

function printThroughput(report: PipelineBenchReport): void {
  const { throughput } = report;
  console.log(`throughput, all ${report.total.clips} clips (${throughput.durationS.toFixed(1)} s of video) through each flow, back to back in every round (median of ${report.repeats} after a warm-up):`);
  console.log(
    formatTable(
      ['flow', 'ms', 'ms per video s', 'Hume-Reaction h'],
      throughput.rows.map((r) => [r.name, ms(r.ms), ms(r.ms / throughput.durationS), fixed(((r.ms / throughput.durationS) * HUME_REACTION.clipS * HUME_REACTION.clips) / 3_600_000, 1)]),
    ),
  );
  console.log(`the analysis job against the flow before, same rounds: ${throughput.speedup.toFixed(2)}× the clips per hour (aim ≥ ${LIMITS.throughputSpeedup}×: ${yesNo(throughput.speedup >= LIMITS.throughputSpeedup)})`);
}

export function printPipelineBench(report: PipelineBenchReport): void {
  const { total } = report;
  console.log(`pipeline, per clip: analyseClip with the default pack (median of ${report.repeats} rounds after a warm-up; ONNX Runtime ${report.ortProvider}, ${report.ortThreads} threads):`);
  const clipRow = (r: PipelineBenchReport['rows'][number] | PipelineBenchReport['total'], name: string): (string | number)[] => [
    name,
    fixed(r.durationS, 2),
    `${r.facesFound}/${r.frames}`,
    ms(r.analyseClipMs),
    ms(r.decodeAloneMs),
    ms(r.inferenceAloneMs),
    fixed(r.ratio, 2),
    yesNo(r.ratio <= LIMITS.pipelineOverhead),
  ];
  console.log(
    formatTable(
      ['clip', 'video s', 'faces', 'analyseClip ms', 'ffmpeg alone ms', 'ORT alone ms', 'ratio', `within ${LIMITS.pipelineOverhead}×`],
      [...report.rows.map((r) => clipRow(r, r.clip)), clipRow(total, 'all clips')],
    ),
  );
  console.log(`analyseClip: ${total.clipsPerSecond.toFixed(2)} clips/s, ${total.msPerVideoSecond.toFixed(0)} ms per second of video, ${report.analyseClipMsPerFrame.toFixed(1)} ms per frame; pipeline / (decode + inference) = ${total.ratio.toFixed(2)}× (aim ≤ ${LIMITS.pipelineOverhead}×: ${yesNo(total.ratio <= LIMITS.pipelineOverhead)})`);
  console.log('');
  printPipelineStages(report);
  console.log('');
  printHumanComparison(report);
  console.log('');
  printThroughput(report);
  console.log('');
  console.log(`projected analysis of Hume-Reaction (${HUME_REACTION.clips.toLocaleString('en')} clips × ${HUME_REACTION.clipS} s) on this machine: ${report.throughput.humeReactionHours.toFixed(1)} h with the analysis job (aim ≤ ${LIMITS.humeReactionHours} h: ${yesNo(report.throughput.humeReactionHours <= LIMITS.humeReactionHours)}); ${report.humeReactionHours.toFixed(1)} h one analyseClip at a time (${total.msPerVideoSecond.toFixed(0)} ms per second of video)`);
  console.log(`peak RSS (maxRSS): ${report.rssAfterModelsMb.toFixed(0)} MB once the models are loaded, ${report.peakRssMb.toFixed(0)} MB after the pipeline rounds, ${report.peakRssWithHumanMb.toFixed(0)} MB with Human's TF.js as well`);
}

export function printFusionBench(report: FusionBenchResult): void {
  console.log('fusion (Perceiver), synthetic features with the real token widths, 32 frames, batch 16:');
  console.log(
    formatTable(
      ['backend', 'parameters', 'ms/step', 'measured epoch', 'epoch 1k s', 'epoch 5k s', 'epoch 25k min', `25k within ${(report.limits.epoch25kMs / 60_000).toFixed(0)} min`, 'paper preset'],
      report.backends.map((b) => [
        b.backend,
        b.compactParameters,
        Math.round(b.msPerStep),
        `${b.measuredClips} clips in ${(b.measuredEpochMs / 1000).toFixed(1)} s`,
        Number((b.epochMsAt['1k'] / 1000).toFixed(1)),
        Number((b.epochMsAt['5k'] / 1000).toFixed(1)),
        Number((b.epochMsAt['25k'] / 60_000).toFixed(1)),
        b.epochMsAt['25k'] <= report.limits.epoch25kMs ? 'yes' : 'NO',
        b.paper ? (b.paper.skipped ?? `${b.paper.parameters} params, ${Math.round(b.paper.msPerStep)} ms/step at batch ${b.paper.batch}`) : '–',
      ]),
    ),
  );
  console.log(
    `prediction: ${report.predictionClipsPerS.toFixed(0)} clips/s with reading and storing, ${report.onnxSessionClipsPerS.toFixed(0)} clips/s in the ONNX session alone (aim ≥ ${report.limits.predictionClipsPerS}); batch read ${report.msPerBatchRead.toFixed(1)} ms; peak RSS ${report.peakRssMb.toFixed(0)} MB`,
  );
}

export function printUiBench(report: UiBenchResult): void {
  const { scroll } = report;
  console.log(`workstation UI, ${report.clips.toLocaleString('en')} clips, viper serve in headless Chromium (no GPU):`);
  console.log(`Library loaded in ${report.libraryLoadMs} ms`);
  console.log(
    `scrolling top to bottom in ${scroll.frames} frames: median ${scroll.medianFrameMs.toFixed(1)} ms, p95 ${scroll.p95FrameMs.toFixed(1)} ms, longest ${scroll.maxFrameMs.toFixed(1)} ms ` +
      `(within ${LIMITS.scrollFrameMs} ms: ${yesNo(scroll.maxFrameMs <= LIMITS.scrollFrameMs)}); long-animation-frame entries: ${scroll.longFrames}` +
      (scroll.longestLongFrameMs === null ? '' : `, longest ${scroll.longestLongFrameMs.toFixed(0)} ms`),
  );
  const openMedian = [...report.openClipMs].sort((a, b) => a - b)[Math.floor(report.openClipMs.length / 2)] ?? Number.NaN;
  console.log(
    `open a clip in review (row click → heading and label editor): ${report.openClipMs.map((v) => v.toFixed(0)).join(', ')} ms; median ${openMedian.toFixed(0)} ms (within ${LIMITS.openClipMs} ms: ${yesNo(openMedian <= LIMITS.openClipMs)})`,
  );
  console.log(
    formatTable(
      ['clips.list limit', 'offset', 'rows', 'median ms (HTTP)'],
      report.listLatency.map((row) => [row.limit, row.offset, row.rows, fixed(row.medianMs, 1)]),
    ),
  );
}
