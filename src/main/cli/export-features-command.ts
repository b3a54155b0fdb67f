/** `viper export-features`: stored features as NumPy arrays with an index, for analysis in Python. */
import { MODALITIES, type ApiOutput } from '../../shared/api';
import { SPLITS } from '../../shared/emotions';
import { choiceOption, listOption, requiredText, variadic } from './command-options';
import { defineCommand } from './define-command';
import { formatTable } from './output';

function printResult(result: ApiOutput<'features.export'>): void {
  const lines = [`${result.clips} clips × ${result.frames} frames written to ${result.out}`, formatTable(['file', 'shape'], result.files.map((f) => [f.file, `(${f.shape.join(', ')})`]))];
  lines.push('  + index.json (row order, clips, labels, models, FAU column names) and index.csv');
  if (result.skipped.length > 0) lines.push(`${result.skipped.length} clips skipped:`);
  for (const skip of result.skipped) lines.push(`  ✗ ${skip.message}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

export const exportFeaturesCommand = defineCommand({
  name: 'export-features',
  call: 'features.export',
  description: "write analysed clips' features as NumPy .npy arrays ([clips, N, D] float32 per part, presence, mask) with index.json and index.csv",
  arguments: { clips: variadic('[clips...]', 'File_IDs or clip ids, in the row order wanted (default: every stored clip, by File_ID)') },
  options: {
    out: requiredText('--out <folder>', 'the folder to write (created if missing; an earlier export there is replaced)'),
    modalities: listOption('--modalities <list>', 'token parts to write, comma-separated', MODALITIES, 'modalities'),
    split: choiceOption('--split <split>', 'only clips of this split', SPLITS, 'split'),
  },
  help:
    'In Python: np.load("image.npy") is [clips, N, 1024]; row r of every array is row r of index.csv. Clips must share\nN (import with the same --frames). Clips not analysed are skipped, each with the command that fixes it.\nExit codes: 0 all selected clips written, 1 written but some clips skipped, 2 bad usage or clips that cannot be\nstacked, 3 the folder cannot be written.',
  toInput: (options, { clips }) => ({ clips, out: options.out, modalities: options.modalities, split: options.split }),
  print: printResult,
  outcome: (result) => (result.skipped.length > 0 ? 'items-failed' : 'ok'),
});
