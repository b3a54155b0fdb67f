/** `viper analyze`: the ViPER feature pipeline over stored clips, as a resumable job. */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { MODALITIES, type AnalysisReport, type Modality } from '../../shared/api';
import { EXIT_ITEMS_FAILED, EXIT_OK, printJson } from './output';
import { runLongCall } from './long-call';
import type { GlobalOptions } from './session';

export function parseModalities(text: string): Modality[] {
  const names = text.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !(MODALITIES as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0) throw new InvalidArgumentError(`"${text}": give a comma-separated list of ${MODALITIES.join(', ')}.`);
  return names as Modality[];
}

function printReport(report: AnalysisReport): void {
  const lines = [
    `${report.analysed.length} analysed, ${report.skipped} already up to date, ${report.failed.length} failed (job ${report.jobId})` +
      (report.msPerClip === null ? '' : `; ${(report.msPerClip / 1000).toFixed(2)} s per clip`),
  ];
  for (const clip of report.analysed) lines.push(`  ✓ ${clip.fileId}: a face in ${clip.facesFound} of ${clip.frames} frames`);
  for (const failure of report.failed) lines.push(`  ✗ ${failure.message}`);
  const providers = [...new Set(Object.values(report.providers))].join(', ');
  if (providers) lines.push(`execution provider: ${providers}`);
  if (report.cancelled) lines.push('cancelled: clips not reached were not analysed; run the same command again to resume.');
  process.stdout.write(`${lines.join('\n')}\n`);
}

export function registerAnalyze(program: Command, globals: () => GlobalOptions): void {
  program
    .command('analyze')
    .description('run the ViPER feature pipeline: per sampled frame a face crop, image embedding, FAU vector, caption, text and audio embedding, stored as tokens')
    .argument('[clips...]', 'File_IDs or clip ids (default: every stored clip)')
    .option('--modalities <list>', `token parts to compute, comma-separated: ${MODALITIES.join(',')}`, parseModalities, [...MODALITIES])
    .option('--force', 'analyse again even clips whose stored analysis came from the same models')
    .addHelpText('after', '\nRuns in a worker thread. Clips already analysed with the same models are skipped, so re-running resumes an\ninterrupted job. Ctrl-C stops after dropping the clip in flight. Needs the default model pack ("viper models build").\nExit codes: 0 all analysed, 1 some clips failed (each printed and recorded), 2 bad usage, 3 models or ffmpeg missing, 130 cancelled.')
    .action(async (clips: string[], options: { modalities: Modality[]; force?: boolean }) => {
      const global = globals();
      const report = await runLongCall(global, 'analyze', 'clips.analyze', { clips, modalities: options.modalities, force: options.force ?? false });
      if (global.json) printJson(report);
      else printReport(report);
      process.exitCode = report.cancelled ? 130 : report.failed.length > 0 ? EXIT_ITEMS_FAILED : EXIT_OK;
    });
}
