/** `viper export-features`: stored features as NumPy arrays with an index, for analysis in Python. */
import type { Command } from 'commander';
import { MODALITIES, type ApiOutput, type Modality } from '../../shared/api';
import { callApi } from '../api/handlers';
import { parseModalities } from './analyze-command';
import { EXIT_ITEMS_FAILED, EXIT_OK, formatTable, printJson } from './output';
import { withContext, type GlobalOptions } from './session';

interface ExportFeaturesOptions {
  out: string;
  modalities: Modality[];
  split?: string;
}

function printResult(result: ApiOutput<'features.export'>): void {
  const lines = [`${result.clips} clips × ${result.frames} frames written to ${result.out}`, formatTable(['file', 'shape'], result.files.map((f) => [f.file, `(${f.shape.join(', ')})`]))];
  lines.push('  + index.json (row order, clips, labels, models, FAU column names) and index.csv');
  if (result.skipped.length > 0) lines.push(`${result.skipped.length} clips skipped:`);
  for (const skip of result.skipped) lines.push(`  ✗ ${skip.message}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

export function registerExportFeatures(program: Command, globals: () => GlobalOptions): void {
  program
    .command('export-features')
    .description('write analysed clips\' features as NumPy .npy arrays ([clips, N, D] float32 per part, presence, mask) with index.json and index.csv')
    .argument('[clips...]', 'File_IDs or clip ids, in the row order wanted (default: every stored clip, by File_ID)')
    .requiredOption('--out <folder>', 'the folder to write (created if missing; an earlier export there is replaced)')
    .option('--modalities <list>', `token parts to write, comma-separated: ${MODALITIES.join(',')}`, parseModalities, [...MODALITIES])
    .option('--split <split>', 'only clips of this split: Train, Val or Test')
    .addHelpText(
      'after',
      '\nIn Python: np.load("image.npy") is [clips, N, 1024]; row r of every array is row r of index.csv. Clips must share\nN (import with the same --frames). Clips not analysed are skipped, each with the command that fixes it.\nExit codes: 0 all selected clips written, 1 written but some clips skipped, 2 bad usage or clips that cannot be\nstacked, 3 the folder cannot be written.',
    )
    .action(async (clips: string[], options: ExportFeaturesOptions) => {
      const global = globals();
      const result = await withContext(global, (ctx) => callApi(ctx, 'features.export', { clips, out: options.out, modalities: options.modalities, split: options.split }));
      if (global.json) printJson(result);
      else printResult(result);
      process.exitCode = result.skipped.length > 0 ? EXIT_ITEMS_FAILED : EXIT_OK;
    });
}
