/** `viper export-labels`: labels back out as a CSV in the layout they came in. */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { callApi } from '../api/handlers';
import { printJson } from './output';
import { withContext, type GlobalOptions } from './session';

interface ExportOptions {
  out?: string;
  annotator: string;
  split?: string;
  includeUnlabelled?: boolean;
}

export function registerExport(program: Command, globals: () => GlobalOptions): void {
  program
    .command('export-labels')
    .description('write labels as CSV: File_ID, Split and the seven emotions (the MuSe / Hume-Reaction layout)')
    .option('-o, --out <file>', 'write to this file instead of standard output')
    .option('--annotator <name>', 'whose labels to write', 'gold')
    .option('--split <split>', 'only Train, Val or Test')
    .option('--include-unlabelled', 'also write clips that have a split but no intensities (empty cells)')
    .action(async (options: ExportOptions) => {
      const global = globals();
      const result = await withContext(global, (ctx) =>
        callApi(ctx, 'labels.export', { annotator: options.annotator, split: options.split, includeUnlabelled: options.includeUnlabelled ?? false }),
      );
      if (options.out) await writeFile(options.out, result.csv, 'utf8');
      if (global.json) printJson({ rows: result.rows, out: options.out ?? null, ...(options.out ? {} : { csv: result.csv }) });
      else if (options.out) process.stdout.write(`${result.rows} rows written to ${options.out}\n`);
      else process.stdout.write(result.csv);
    });
}
