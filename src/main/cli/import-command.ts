/** `viper import`: store videos with their sampling, and apply a labels CSV. */
import type { Command } from 'commander';
import type { ImportReport } from '../../shared/api';
import { EXIT_ITEMS_FAILED, EXIT_OK, printJson } from './output';
import { runLongCall } from './long-call';
import type { GlobalOptions } from './session';

interface ImportOptions {
  labels?: string;
  annotator: string;
  frames: number;
  sampling: 'paper' | 'authors-code';
}

function printReport(report: ImportReport): void {
  const lines = [
    `${report.imported.length} imported, ${report.resampled.length} resampled, ${report.unchanged.length} unchanged, ${report.failed.length} failed (of ${report.scanned} files found; job ${report.jobId})`,
  ];
  for (const failure of report.failed) lines.push(`  ✗ ${failure.message}`);
  if (report.labels) {
    const l = report.labels;
    lines.push(`labels ${l.file}: ${l.applied} rows applied, ${l.unchanged} unchanged, ${l.failed.length} rejected`);
    for (const failure of l.failed) lines.push(`  ✗ ${failure.message}`);
  }
  if (report.cancelled) lines.push('cancelled: files not reached were not imported; run the same command again to resume.');
  process.stdout.write(`${lines.join('\n')}\n`);
}

export function registerImport(program: Command, globals: () => GlobalOptions, parseCount: (text: string) => number): void {
  program
    .command('import')
    .description('store every video found in the given files and folders (recursively), with its metadata and the ViPER frame / audio sampling; apply a labels CSV')
    .argument('[paths...]', 'video files and folders to import')
    .option('--labels <csv>', 'labels CSV (File_ID, Split, the seven emotions) to apply after importing')
    .option('--annotator <name>', 'whose labels the CSV holds', 'gold')
    .option('--frames <n>', 'frames (and audio fragments) sampled per clip', parseCount, 32)
    .option('--sampling <method>', '"paper" (evenly in time, non-overlapping centred fragments) or "authors-code" (their repo: 2L/33 windows, 50 % overlap, padded to 1 s)', 'paper')
    .addHelpText('after', '\nRe-running the same command skips clips already stored (same content, same sampling): that is how an\ninterrupted import resumes. Ctrl-C stops after cancelling the file in flight.\nExit codes: 0 all imported, 1 some files or rows failed (each printed and recorded), 2 bad usage, 3 ffmpeg or database problem, 130 cancelled.')
    .action(async (paths: string[], options: ImportOptions) => {
      const global = globals();
      const report = await runLongCall(global, 'import', 'clips.import', {
        paths,
        labelsCsv: options.labels,
        annotator: options.annotator,
        sampling: { frameCount: options.frames, method: options.sampling },
      });
      if (global.json) printJson(report);
      else printReport(report);
      if (report.cancelled) process.exitCode = 130;
      else process.exitCode = report.failed.length > 0 || (report.labels?.failed.length ?? 0) > 0 ? EXIT_ITEMS_FAILED : EXIT_OK;
    });
}
