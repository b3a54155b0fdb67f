/**
 * `viper runs [list] | rename | delete | compare`: the fusion runs — list them, name them, delete one with
 * its files (asked for, or --yes), compare two emotion by emotion.
 */
import { createInterface } from 'node:readline/promises';
import type { ApiOutput } from '../../shared/api';
import { SPLITS } from '../../shared/emotions';
import { ViperError } from '../../shared/errors';
import { callApi } from '../api/handlers';
import { correlationCaveat } from '../../shared/metric-reliability';
import type { PearsonResult } from '../../shared/fusion-api';
import { choiceOption, flag, numberOption, requiredArgument } from './command-options';
import { defineCommand, defineGroup } from './define-command';
import { formatTable, printJson } from './output';

const fixed = (value: number | null | undefined, digits = 4): string => (value === null || value === undefined ? '–' : value.toFixed(digits));
const runArgument = (description: string) => requiredArgument('<run>', `${description} (its id; "viper runs" lists them)`);
const megabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

const listCommand = defineCommand({
  name: 'list',
  call: 'fusion.runs',
  description: 'the fusion runs: name, kind, state, modalities, chosen epoch, Val / Test mean Pearson',
  toInput: () => ({}),
  print: (result) => {
    process.stdout.write(
      `${formatTable(
        ['id', 'name', 'kind', 'state', 'modalities', 'epoch', 'Val mean r', 'Test mean r', 'created'],
        result.runs.map((r) => [r.id, r.name, r.kind === 'prior' ? 'PRIOR' : r.kind, r.state, r.modalities.join('+'), r.chosenEpoch ?? '–', fixed(r.valMeanPearson), fixed(r.testMeanPearson), r.createdAt]),
      )}\n`,
    );
    for (const r of result.runs.filter((run) => run.state === 'interrupted')) {
      process.stdout.write(`run ${r.id} was interrupted: the process training it is gone. ${r.resume ? `Resume it with: ${r.resume.command}` : 'Train a new run.'}\n`);
    }
  },
});

const renameCommand = defineCommand({
  name: 'rename',
  call: 'runs.rename',
  description: 'give a run a name (shown by "viper runs", the Analysis screen and the review); "" gives back the default (modalities · preset · time)',
  arguments: { run: runArgument('the run'), name: requiredArgument('<name>', 'the new name, up to 120 characters') },
  toInput: (_options, { run, name }) => ({ run: Number(run), name }),
  print: (result) => process.stdout.write(`run ${result.id} is now named “${result.name}”${result.nameIsDefault ? ' (the default)' : ''}\n`),
});

function printDeleted(result: ApiOutput<'runs.delete'>): void {
  const files = result.folder ? `, ${result.files} files (${megabytes(result.bytes)}) in ${result.folder}` : ', no files';
  process.stdout.write(`deleted run ${result.id} “${result.name}”: ${result.predictions} predictions${files}. Labels were not touched.\n`);
  if (result.folderKept) process.stdout.write(`note: ${result.folderKept}\n`);
}

/** Asks on the terminal; false unless the answer is yes. */
async function confirm(question: string): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(question)).trim());
  } finally {
    prompt.close();
  }
}

const deleteCommand = defineCommand({
  name: 'delete',
  description: "delete a run with its predictions, checkpoints and ONNX files (never labels); asks first, or give --yes. Refused while a live process trains it",
  arguments: { run: runArgument('the run to delete') },
  options: { yes: flag('-y, --yes', 'delete without asking (scripts; needed where there is no terminal to ask on)') },
  help: 'Exit codes: 0 deleted, 2 not confirmed / no such run / still being trained (cancel it first).',
  run: async ({ ctx, json }, options, { run }) => {
    const id = Number(run);
    const listed = (await callApi(ctx, 'fusion.runs', {})).runs.find((r) => r.id === id);
    if (listed && !options.yes) {
      const what = `run ${id} “${listed.name}” (${listed.kind === 'prior' ? 'PRIOR' : listed.kind}, ${listed.state}) with its predictions, checkpoints and ONNX files; labels are kept`;
      if (json || !process.stdin.isTTY) throw new ViperError('runs/confirm-needed', `viper runs delete ${id} would delete ${what}. Run it again with --yes to delete.`, { subject: String(id) });
      if (!(await confirm(`Delete ${what}? [y/N] `))) {
        process.stderr.write('nothing deleted.\n');
        return 'runs/confirm-needed';
      }
    }
    const result = await callApi(ctx, 'runs.delete', { run: id });
    if (json) printJson(result);
    else printDeleted(result);
  },
});

function printComparison(result: ApiOutput<'runs.compare'>): void {
  const { a, b } = result;
  process.stdout.write(`A = run ${a.id} “${a.name}”${a.kind === 'prior' ? ' (PRIOR)' : ''}\nB = run ${b.id} “${b.name}”${b.kind === 'prior' ? ' (PRIOR)' : ''}\n`);
  process.stdout.write(`${result.split}: ${result.predictedByBoth} clips predicted by both, n = ${result.n} of them labelled (every score below is on these n clips)\n`);
  // The same rule as viper evaluate: fewer than 10 clips or a constant side is marked, with its reason.
  const pearson = (p: PearsonResult): string => p.value?.toFixed(4) ?? 'undefined';
  const note = (e: (typeof result.perEmotion)[number]): string =>
    [...new Set([correlationCaveat(result.n, e.pearsonA), correlationCaveat(result.n, e.pearsonB)].filter((c) => c !== null))].join('; ');
  const rows = result.perEmotion.map((e) => [e.emotion, pearson(e.pearsonA), pearson(e.pearsonB), fixed(e.cccA), fixed(e.cccB), result.n, note(e)]);
  rows.push(['mean', fixed(result.meanPearsonA), fixed(result.meanPearsonB), fixed(result.meanCccA), fixed(result.meanCccB), result.n, '']);
  process.stdout.write(`${formatTable(['emotion', 'Pearson A', 'Pearson B', 'CCC A', 'CCC B', 'n', 'note'], rows)}\n`);
  if (result.disagreements.length === 0) return;
  process.stdout.write(`\nwhere they disagree most (mean |A − B| over the 7 emotions):\n`);
  process.stdout.write(
    `${formatTable(
      ['File_ID', 'mean |A − B|', 'most on', 'A', 'B', 'gold'],
      result.disagreements.map((d) => {
        const e = result.perEmotion.findIndex((p) => p.emotion === d.emotion);
        return [d.fileId, d.meanAbsDifference.toFixed(3), d.emotion, fixed(d.a[e], 2), fixed(d.b[e], 2), d.gold ? fixed(d.gold[e], 2) : '–'];
      }),
    )}\n`,
  );
}

const compareCommand = defineCommand({
  name: 'compare',
  call: 'runs.compare',
  description: 'two runs side by side on a split: per-emotion Pearson and CCC on the same labelled clips (with n), and the clips where they disagree most',
  arguments: { a: requiredArgument('<a>', 'one run id'), b: requiredArgument('<b>', 'the other run id') },
  options: {
    split: choiceOption('--split <split>', 'the split to compare on', SPLITS, 'split'),
    limit: numberOption('--limit <n>', 'how many of the clips they disagree on most to list', { min: 1, max: 200 }, 'limit'),
  },
  toInput: (options, { a, b }) => ({ a: Number(a), b: Number(b), split: options.split, limit: options.limit }),
  print: printComparison,
});

export const runsCommand = defineGroup('runs', 'the fusion runs: list (the default), rename, delete, compare', [listCommand, renameCommand, deleteCommand, compareCommand], { defaultCommand: 'list' });
