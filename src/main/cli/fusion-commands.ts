/** `viper train | predict | evaluate | ablate | export-predictions | runs`: the fusion model, over the API. */
import { writeFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import type { ApiInput, ApiOutput } from '../../shared/api';
import { EMOTIONS } from '../../shared/emotions';
import { callApi } from '../api/handlers';
import { PAPER_VGGFACE2 } from '../fusion/ablate';
import { formatPearson } from '../fusion/metrics';
import { formatTable, printJson } from './output';
import { withContext, type GlobalOptions } from './session';

const number = (text: string): number => {
  const value = Number(text);
  if (!Number.isFinite(value)) throw new InvalidArgumentError(`"${text}" is not a number.`);
  return value;
};
const integer = (text: string): number => {
  if (!/^-?\d+$/.test(text)) throw new InvalidArgumentError(`"${text}" is not a whole number.`);
  return Number(text);
};
const list = (text: string): string[] => text.split(',').map((s) => s.trim()).filter(Boolean);
const fixed = (value: number | null | undefined, digits = 4): string => (value === null || value === undefined ? '–' : value.toFixed(digits));

/** Runs a long call with Ctrl-C as cancel. */
async function cancellable<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const abort = new AbortController();
  const onSigint = (): void => {
    process.stderr.write('\ncancelling after the batch in flight (the last finished epoch is kept)…\n');
    abort.abort();
  };
  process.once('SIGINT', onSigint);
  try {
    return await run(abort.signal);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

function addTrainSettings(command: Command): Command {
  return command
    .option('--preset <name>', 'compact (2-core CPU) or paper (the authors\' 283 M-parameter sizes, for GPUs)', 'compact')
    .option('--epochs <n>', 'epochs (default 50)', integer)
    .option('--batch-size <n>', 'clips per step (default 16)', integer)
    .option('--lr <rate>', 'AdamW learning rate (default 1e-5)', number)
    .option('--lr-halving-every <n>', 'halve the learning rate every n epochs (default 10)', integer)
    .option('--lr-halving-unit <unit>', 'epoch (the paper) or batch (the authors\' code)')
    .option('--weight-decay <w>', 'AdamW decoupled weight decay (default 0.01)', number)
    .option('--seed <n>', 'seed of initialisation, shuffles and dropout (default 42)', integer)
    .option('--backend <name>', 'TF.js backend: tensorflow (needs @tensorflow/tfjs-node), wasm or cpu');
}

interface SettingsOptions {
  preset: string;
  epochs?: number;
  batchSize?: number;
  lr?: number;
  lrHalvingEvery?: number;
  lrHalvingUnit?: string;
  weightDecay?: number;
  seed?: number;
  backend?: string;
}

function settings(o: SettingsOptions): Record<string, unknown> {
  return { preset: o.preset, epochs: o.epochs, batchSize: o.batchSize, learningRate: o.lr, lrHalvingEvery: o.lrHalvingEvery, lrHalvingUnit: o.lrHalvingUnit, weightDecay: o.weightDecay, seed: o.seed, backend: o.backend };
}

function printScores(title: string, scores: ApiOutput<'fusion.train'>['val']): void {
  if (!scores) return;
  process.stdout.write(`${title} (${scores.clips} clips): mean Pearson ${scores.meanPearson === null ? 'undefined' : scores.meanPearson.toFixed(4)}${scores.pearsonDefined < 7 ? ` (over ${scores.pearsonDefined} of 7 emotions)` : ''}, MSE ${scores.mse.toFixed(5)}, mean CCC ${fixed(scores.meanCcc)}\n`);
}

function printEvaluation(result: ApiOutput<'fusion.evaluate'>): void {
  const s = result.scores;
  const label = result.kind === 'prior' ? 'the untrained PRIOR (FAU → emotions mapping)' : `fusion run ${result.runId}`;
  process.stdout.write(`${label}, ${result.split}, ${s.clips} labelled clips\n`);
  process.stdout.write(`${formatTable(['emotion', 'Pearson', 'MSE', 'CCC'], s.perEmotion.map((e) => [e.emotion, formatPearson(e.pearson), e.mse.toFixed(5), fixed(e.ccc)]))}\n`);
  const ci = result.interval ? ` (bootstrap 95 % CI ${result.interval.low.toFixed(4)} – ${result.interval.high.toFixed(4)})` : '';
  process.stdout.write(`mean Pearson ${s.meanPearson === null ? 'undefined' : s.meanPearson.toFixed(4)}${ci}; MSE ${s.mse.toFixed(5)}; mean CCC ${fixed(s.meanCcc)}\n`);
  const bins = Array.from({ length: 10 }, (_, i) => `${(i / 10).toFixed(1)}`);
  for (const matrix of result.confusion) {
    process.stdout.write(`\n${matrix.emotion}: gold bin (rows) × predicted bin (columns), each row normalised\n`);
    process.stdout.write(`${formatTable(['gold', ...bins], matrix.rowNormalised.map((row, i) => [`${bins[i]}–${((i + 1) / 10).toFixed(1)} (${matrix.counts[i]?.reduce((a, b) => a + b, 0) ?? 0})`, ...row.map((v) => (v === 0 ? '·' : v.toFixed(2)))]))}\n`);
  }
}

export function registerFusion(program: Command, globals: () => GlobalOptions): void {
  addTrainSettings(
    program
      .command('train')
      .description('train the Perceiver on the labelled Train clips, keep the epoch with the best Val mean Pearson, export it to ONNX and predict every analysed clip')
      .option('--modalities <list>', 'comma-separated: image, audio, text, fau', list, ['image', 'audio', 'text', 'fau'])
      .option('--resume <run>', 'continue a cancelled run from its last checkpoint', integer),
  ).action(async (options: SettingsOptions & { modalities: string[]; resume?: number }) => {
    const global = globals();
    const result = await withContext(global, (ctx) =>
      cancellable((signal) =>
        callApi(ctx, 'fusion.train', { ...settings(options), modalities: options.modalities, resume: options.resume } as ApiInput<'fusion.train'>, {
          signal,
          onProgress: (e) => !global.json && process.stderr.write(`[${e.done}/${e.total}] ${e.current ?? ''}\n`),
        }),
      ),
    );
    if (global.json) return printJson(result);
    if (result.cancelled) {
      process.stdout.write(`run ${result.runId} cancelled after epoch ${result.history.length}; continue it with "viper train --resume ${result.runId}"\n`);
      process.exitCode = 130;
      return;
    }
    process.stdout.write(`run ${result.runId}: chose epoch ${result.chosenEpoch} of ${result.history.length} (best Val mean Pearson)\n`);
    printScores('Val', result.val);
    printScores('Test', result.test);
  });

  program
    .command('predict')
    .description('fill in the 7 intensities of every analysed clip with a trained run (default the latest), or with the untrained prior')
    .option('--run <id>', 'the run whose model predicts', integer)
    .option('--prior', 'use the untrained FAU prior (before any labels exist)')
    .action(async (options: { run?: number; prior?: boolean }) => {
      const global = globals();
      const result = await withContext(global, (ctx) => callApi(ctx, 'fusion.predict', { run: options.run, prior: options.prior ?? false }));
      if (global.json) printJson(result);
      else process.stdout.write(`${result.kind === 'prior' ? 'PRIOR (untrained FAU mapping), ' : ''}run ${result.runId}: predicted ${result.clips} clips\n`);
    });

  program
    .command('evaluate')
    .description('per-emotion Pearson, mean Pearson, MSE, CCC and the 10×10 confusion matrices of a run on a split')
    .option('--run <id>', 'the run (default the latest finished)', integer)
    .option('--split <split>', 'Train, Val or Test', 'Val')
    .action(async (options: { run?: number; split: string }) => {
      const global = globals();
      const result = await withContext(global, (ctx) => callApi(ctx, 'fusion.evaluate', { run: options.run, split: options.split } as ApiInput<'fusion.evaluate'>));
      if (global.json) printJson(result);
      else printEvaluation(result);
    });

  addTrainSettings(program.command('ablate').description('train every modality combination of the paper\'s Table 3 and the FAU-only baseline; print Val / Test mean Pearson beside the paper\'s')).action(
    async (options: SettingsOptions) => {
      const global = globals();
      const result = await withContext(global, (ctx) =>
        cancellable((signal) => callApi(ctx, 'fusion.ablate', settings(options) as ApiInput<'fusion.ablate'>, { signal, onProgress: (e) => !global.json && process.stderr.write(`training ${e.current ?? ''}…\n`) })),
      );
      if (global.json) return printJson(result);
      const ci = (i: { low: number; high: number } | null): string => (i ? `${i.low.toFixed(3)}–${i.high.toFixed(3)}` : '–');
      const rows = result.rows.map((r) => [r.label, r.runId ?? '–', fixed(r.val), ci(r.valInterval), fixed(r.test), ci(r.testInterval), r.paper.val.toFixed(4), r.paper.test.toFixed(4)]);
      rows.push([PAPER_VGGFACE2.label, '–', '–', '–', '–', '–', PAPER_VGGFACE2.paper.val.toFixed(4), PAPER_VGGFACE2.paper.test.toFixed(4)]);
      process.stdout.write(`${formatTable(['modalities', 'run', 'Val mean r', 'Val 95 % CI', 'Test mean r', 'Test 95 % CI', 'paper dev', 'paper test'], rows)}\n`);
      process.stdout.write('Test is "–" where Test clips carry no gold labels (as in the challenge). Paper figures are for reference, on its data.\n');
    },
  );

  program
    .command('export-predictions')
    .description('write a run\'s predictions as CSV in the challenge layout (File_ID, then the 7 emotions)')
    .option('--run <id>', 'the run (default the latest finished)', integer)
    .option('--split <split>', 'only Train, Val or Test')
    .option('-o, --out <file>', 'write to this file instead of standard output')
    .action(async (options: { run?: number; split?: string; out?: string }) => {
      const global = globals();
      const result = await withContext(global, (ctx) => callApi(ctx, 'fusion.exportPredictions', { run: options.run, split: options.split } as ApiInput<'fusion.exportPredictions'>));
      if (options.out) await writeFile(options.out, result.csv, 'utf8');
      if (global.json) printJson({ runId: result.runId, rows: result.rows, out: options.out ?? null });
      else if (options.out) process.stdout.write(`${result.rows} rows (${EMOTIONS.length} emotions) of run ${result.runId} written to ${options.out}\n`);
      else process.stdout.write(result.csv);
    });

  program
    .command('runs')
    .description('the fusion runs: kind, state, modalities, chosen epoch, Val / Test mean Pearson')
    .action(async () => {
      const global = globals();
      const result = await withContext(global, (ctx) => callApi(ctx, 'fusion.runs', {}));
      if (global.json) return printJson(result);
      process.stdout.write(
        `${formatTable(
          ['id', 'kind', 'state', 'modalities', 'epoch', 'Val mean r', 'Test mean r', 'created'],
          result.runs.map((r) => [r.id, r.kind === 'prior' ? 'PRIOR' : r.kind, r.state, r.modalities.join('+'), r.chosenEpoch ?? '–', fixed(r.valMeanPearson), fixed(r.testMeanPearson), r.createdAt]),
        )}\n`,
      );
    });
}
