/** `viper export-labels`: labels back out as a CSV in the layout they came in. */
import { writeFile } from 'node:fs/promises';
import { SPLITS } from '../../shared/emotions';
import { choiceOption, flag, text } from './command-options';
import { defineCommand } from './define-command';

export const exportLabelsCommand = defineCommand({
  name: 'export-labels',
  call: 'labels.export',
  description: 'write labels as CSV: File_ID, Split and the seven emotions (the MuSe / Hume-Reaction layout)',
  options: {
    out: text('-o, --out <file>', 'write to this file instead of standard output'),
    annotator: text('--annotator <name>', 'whose labels to write', 'annotator'),
    split: choiceOption('--split <split>', 'only the clips of this split', SPLITS, 'split'),
    includeUnlabelled: flag('--include-unlabelled', 'also write clips that have a split but no intensities (empty cells)'),
  },
  toInput: (options) => ({ annotator: options.annotator, split: options.split, includeUnlabelled: options.includeUnlabelled }),
  afterCall: async (result, options) => {
    if (options.out) await writeFile(options.out, result.csv, 'utf8');
  },
  json: (result, options) => ({ rows: result.rows, out: options.out ?? null, ...(options.out ? {} : { csv: result.csv }) }),
  print: (result, options) => process.stdout.write(options.out ? `${result.rows} rows written to ${options.out}\n` : result.csv),
});
