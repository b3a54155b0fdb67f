/** `viper analyze`: the ViPER feature pipeline over stored clips, as a resumable job. */
import { MODALITIES, type AnalysisReport } from '../../shared/api';
import { AU_REFERENCES } from '../../shared/clips-api';
import { choiceOption, flag, listOption, numberOption, text, variadic } from './command-options';
import { defineCommand } from './define-command';
import { protocolOption } from './protocol-option';

function printReport(report: AnalysisReport): void {
  const lines = [
    `${report.analysed.length} analysed, ${report.skipped} already up to date, ${report.failed.length} failed (job ${report.jobId})` +
      (report.msPerClip === null ? '' : `; ${(report.msPerClip / 1000).toFixed(2)} s per clip`),
  ];
  for (const clip of report.analysed) lines.push(`  ✓ ${clip.fileId}: a face in ${clip.facesFound} of ${clip.frames} frames`);
  if (report.protocol === 'authors-code') lines.push("protocol authors-code: frames without a face kept whole (embedded from the full frame, FAU zeros)");
  for (const failure of report.failed) lines.push(`  ✗ ${failure.message}`);
  const providers = [...new Set(Object.values(report.providers))].join(', ');
  if (providers) lines.push(`execution provider: ${providers}`);
  if (report.queued) {
    const { workers, duplicates, dropped } = report.queued;
    lines.push(`through the queue: results from ${workers.length} worker${workers.length === 1 ? '' : 's'}${workers.length > 0 ? ` (${workers.join(', ')})` : ''}${duplicates > 0 ? `; ${duplicates} duplicate results ignored` : ''}`);
    for (const line of dropped) lines.push(`  – ${line}`);
  }
  if (report.cancelled) lines.push('cancelled: clips not reached were not analysed; run the same command again to resume.');
  process.stdout.write(`${lines.join('\n')}\n`);
}

export const analyzeCommand = defineCommand({
  name: 'analyze',
  call: 'clips.analyze',
  description: 'run the ViPER feature pipeline: per sampled frame a face crop, image embedding, FAU vector, caption, text and audio embedding, stored as tokens',
  arguments: { clips: variadic('[clips...]', 'File_IDs or clip ids (default: every stored clip)') },
  options: {
    modalities: listOption('--modalities <list>', 'token parts to compute, comma-separated', MODALITIES, 'modalities'),
    auReference: choiceOption('--au-reference <reference>', 'what AU intensities are measured from: population (the population neutral face, calibrated on confidently neutral frames; default) or clip (the clip\'s own most-neutral third of frames)', AU_REFERENCES, 'auReference'),
    force: flag('--force', 'analyse again even clips whose stored analysis came from the same models'),
    protocol: protocolOption,
    lanes: numberOption('--lanes <n>', 'clips analysed at once on this machine, each in its own thread with its share of the cores (default: one per core, at most 4)', { min: 1, max: 64 }, 'lanes'),
    queue: text('--queue <redis-url>', 'hand the clips to "viper worker" processes through the Redis at this address (redis://host:port) and store their results here', 'queue'),
    attempts: numberOption('--attempts <n>', 'with --queue: tries per clip, by any worker, before it is recorded as failed', { min: 1, max: 20 }, 'attempts'),
    mediaAddress: text('--media-address <host:port>', "with --queue: serve the queued clips' files to workers that cannot read their paths, on this machine's address", 'mediaAddress'),
  },
  help:
    'Runs in worker threads: several clips at once (--lanes), each lane with its share of the cores for ONNX Runtime\n(VIPER_ORT_THREADS overrides). Clips already analysed with the same models are skipped, so re-running resumes an\ninterrupted job. Ctrl-C stops after dropping the clips in flight. Needs the default model pack ("viper models build").\n' +
    'With --queue the clips go to "viper worker" processes on any machine (they read the media from a shared path, else\n' +
    'from --media-address) and the results are stored here as they arrive; Ctrl-C withdraws the clips not yet taken, and\n' +
    'the same command resumes, collecting results that finished meanwhile.\n' +
    'Exit codes: 0 all analysed, 1 some clips failed (each printed and recorded), 2 bad usage, 3 models or ffmpeg missing, 130 cancelled.',
  progress: 'bar',
  cancel: {},
  toInput: (options, { clips }) => ({
    clips,
    modalities: options.modalities,
    auReference: options.auReference,
    force: options.force,
    protocol: options.protocol,
    lanes: options.lanes,
    queue: options.queue,
    attempts: options.attempts,
    mediaAddress: options.mediaAddress,
  }),
  print: printReport,
  outcome: (report) => (report.cancelled ? 'cancelled' : report.failed.length > 0 ? 'items-failed' : 'ok'),
});
