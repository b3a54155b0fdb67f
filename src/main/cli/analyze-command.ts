/** `viper analyze`: the ViPER feature pipeline over stored clips, as a resumable job. */
import { MODALITIES, type AnalysisReport } from '../../shared/api';
import { AU_REFERENCES } from '../../shared/clips-api';
import { choiceOption, flag, listOption, variadic } from './command-options';
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
  },
  help:
    'Runs in a worker thread. Clips already analysed with the same models are skipped, so re-running resumes an\ninterrupted job. Ctrl-C stops after dropping the clip in flight. Needs the default model pack ("viper models build").\nExit codes: 0 all analysed, 1 some clips failed (each printed and recorded), 2 bad usage, 3 models or ffmpeg missing, 130 cancelled.',
  progress: 'bar',
  cancel: {},
  toInput: (options, { clips }) => ({ clips, modalities: options.modalities, auReference: options.auReference, force: options.force, protocol: options.protocol }),
  print: printReport,
  outcome: (report) => (report.cancelled ? 'cancelled' : report.failed.length > 0 ? 'items-failed' : 'ok'),
});
