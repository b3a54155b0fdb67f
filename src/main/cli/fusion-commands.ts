/** `viper train | predict | evaluate | ablate | export-predictions`: the fusion model, over the API (`viper runs`: runs-commands.ts). */
import { writeFile } from 'node:fs/promises';
import { apiContract, MODALITIES, type ApiInput, type ApiOutput } from '../../shared/api';
import { EMOTIONS, SPLITS } from '../../shared/emotions';
import { PAPER_VGGFACE2 } from '../fusion/ablate';
import { trainOptionsSchema } from '../fusion/config';
import { correlationCaveat, intervalText, meanCaveat } from '../../shared/metric-reliability';
import { choiceOption, flag, listOption, numberOption, text, type ValuesOf } from './command-options';
import { protocolOption } from './protocol-option';
import { defineCommand } from './define-command';
import { formatTable } from './output';

const fixed = (value: number | null | undefined, digits = 4): string => (value === null || value === undefined ? '–' : value.toFixed(digits));

const trainInput = apiContract['fusion.train'].input.shape;
const run = (description: string) => numberOption('--run <id>', description, { min: 1 });

/** The settings train and ablate share; their help defaults are the trainer's own (fusion/config.ts). */
const trainSettings = {
  preset: choiceOption('--preset <name>', "model sizes: compact trains on a 2-core CPU, paper is the authors' 283 M parameters (for GPUs)", trainInput.preset.unwrap().options, 'preset'),
  epochs: numberOption('--epochs <n>', 'epochs', { min: 1 }, trainOptionsSchema.shape.epochs),
  batchSize: numberOption('--batch-size <n>', 'clips per step', { min: 1 }, trainOptionsSchema.shape.batchSize),
  lr: numberOption('--lr <rate>', 'AdamW learning rate', { integer: false }, trainOptionsSchema.shape.learningRate),
  lrHalvingEvery: numberOption('--lr-halving-every <n>', 'halve the learning rate every n epochs (or batches)', { min: 1 }, trainOptionsSchema.shape.lrHalvingEvery),
  lrHalvingUnit: choiceOption('--lr-halving-unit <unit>', "epoch as the paper, batch as the authors' code", trainOptionsSchema.shape.lrHalvingUnit.unwrap().options, trainOptionsSchema.shape.lrHalvingUnit),
  weightDecay: numberOption('--weight-decay <w>', 'AdamW decoupled weight decay', { integer: false }, trainOptionsSchema.shape.weightDecay),
  seed: numberOption('--seed <n>', 'seed of initialisation, shuffles and dropout', {}, trainOptionsSchema.shape.seed),
  protocol: protocolOption,
  backend: choiceOption('--backend <name>', 'TF.js backend; without it the best available (tensorflow needs @tensorflow/tfjs-node)', trainInput.backend.unwrap().options, 'backend'),
};

function settingsInput(o: ValuesOf<typeof trainSettings>): ApiInput<'fusion.ablate'> {
  return { preset: o.preset, epochs: o.epochs, batchSize: o.batchSize, learningRate: o.lr, lrHalvingEvery: o.lrHalvingEvery, lrHalvingUnit: o.lrHalvingUnit, weightDecay: o.weightDecay, seed: o.seed, backend: o.backend, protocol: o.protocol };
}

const CANCEL_TRAINING = { notice: 'cancelling after the batch in flight (the last finished epoch is kept)…' };

function printScores(title: string, scores: ApiOutput<'fusion.train'>['val']): void {
  if (!scores) return;
  const caveat = meanCaveat(scores);
  process.stdout.write(`${title} (n = ${scores.clips} clips): mean Pearson ${scores.meanPearson === null ? 'undefined' : scores.meanPearson.toFixed(4)}${caveat ? ` (${caveat})` : ''}, MSE ${scores.mse.toFixed(5)}, mean CCC ${fixed(scores.meanCcc)}\n`);
}

function printEvaluation(result: ApiOutput<'fusion.evaluate'>): void {
  const s = result.scores;
  const label = result.kind === 'prior' ? 'the untrained PRIOR (FAU → emotions mapping)' : `fusion run ${result.runId}`;
  process.stdout.write(`${label}, ${result.split}, n = ${s.clips} labelled clips\n`);
  process.stdout.write(
    `${formatTable(
      ['emotion', 'n', 'Pearson', 'MSE', 'CCC', 'note'],
      s.perEmotion.map((e) => [e.emotion, s.clips, e.pearson.value === null ? 'undefined' : e.pearson.value.toFixed(4), e.mse.toFixed(5), fixed(e.ccc), correlationCaveat(s.clips, e.pearson) ?? '']),
    )}\n`,
  );
  const caveat = meanCaveat(s);
  process.stdout.write(`mean Pearson ${s.meanPearson === null ? 'undefined' : s.meanPearson.toFixed(4)}${caveat ? ` (${caveat})` : ''}; MSE ${s.mse.toFixed(5)}; mean CCC ${fixed(s.meanCcc)}; n = ${s.clips}\n`);
  process.stdout.write(`${intervalText(result.interval, s.clips)}\n`);
  const bins = Array.from({ length: 10 }, (_, i) => `${(i / 10).toFixed(1)}`);
  for (const matrix of result.confusion) {
    // Gold bin 0 in the first row, as the Analysis screen's heat map draws it.
    process.stdout.write(`\n${matrix.emotion}: gold bin (rows, 0.0 at the top; clips in brackets) × predicted bin (columns), each row normalised\n`);
    process.stdout.write(`${formatTable(['gold', ...bins], matrix.rowNormalised.map((row, i) => [`${bins[i]}–${((i + 1) / 10).toFixed(1)} (${matrix.counts[i]?.reduce((a, b) => a + b, 0) ?? 0})`, ...row.map((v) => (v === 0 ? '·' : v.toFixed(2)))]))}\n`);
  }
}

export const trainCommand = defineCommand({
  name: 'train',
  call: 'fusion.train',
  description: 'train the Perceiver on the labelled Train clips, keep the epoch with the best Val mean Pearson, export it to ONNX and predict every analysed clip',
  options: {
    ...trainSettings,
    modalities: listOption('--modalities <list>', 'token parts to train on, comma-separated', MODALITIES, 'modalities'),
    resume: numberOption('--resume <run>', 'continue a cancelled or interrupted run from its last checkpoint, with its own recorded settings (--epochs alone may change them)', { min: 1 }),
  },
  progress: (e) => `[${e.done}/${e.total}] ${e.current ?? ''}`,
  cancel: CANCEL_TRAINING,
  toInput: (options) => ({ ...settingsInput(options), modalities: options.modalities, resume: options.resume }),
  print: (result) => {
    if (result.cancelled) {
      process.stdout.write(`run ${result.runId} (job ${result.jobId}) cancelled after epoch ${result.history.length}; continue it with "viper train --resume ${result.runId}"\n`);
      return;
    }
    process.stdout.write(`run ${result.runId} (job ${result.jobId}): chose epoch ${result.chosenEpoch} of ${result.history.length} (best Val mean Pearson)\n`);
    printScores('Val', result.val);
    printScores('Test', result.test);
  },
  outcome: (result) => (result.cancelled ? 'cancelled' : 'ok'),
});

export const predictCommand = defineCommand({
  name: 'predict',
  call: 'fusion.predict',
  description: 'fill in the 7 intensities of every analysed clip with a trained run (default the latest), or with the untrained prior',
  options: { run: run('the run whose model predicts'), prior: flag('--prior', 'use the untrained FAU prior (before any labels exist)') },
  toInput: (options) => ({ run: options.run, prior: options.prior }),
  print: (result) => {
    process.stdout.write(
      result.reused
        ? `PRIOR (untrained FAU mapping), run ${result.runId}: kept as it was, the FAU features of its ${result.clips} clips are unchanged\n`
        : `${result.kind === 'prior' ? 'PRIOR (untrained FAU mapping), ' : ''}run ${result.runId}: predicted ${result.clips} clips\n`,
    );
    if (result.noFramePresent.length > 0) {
      process.stdout.write(
        `${result.noFramePresent.length} clip(s) with no frame holding a face or sound, predicted over all their frames as stored (no mask) and flagged: ${result.noFramePresent.join(', ')}\n`,
      );
    }
  },
});

export const evaluateCommand = defineCommand({
  name: 'evaluate',
  call: 'fusion.evaluate',
  description: 'per-emotion Pearson, mean Pearson, MSE, CCC and the 10×10 confusion matrices of a run on a split',
  options: { run: run('the run (default the latest finished)'), split: choiceOption('--split <split>', 'the split to score', SPLITS, 'split') },
  toInput: (options) => ({ run: options.run, split: options.split }),
  print: printEvaluation,
});

export const ablateCommand = defineCommand({
  name: 'ablate',
  call: 'fusion.ablate',
  description: "train every modality combination of the paper's Table 3 and the FAU-only baseline; print Val / Test mean Pearson beside the paper's",
  options: trainSettings,
  progress: (e) => `training ${e.current ?? ''}…`,
  cancel: CANCEL_TRAINING,
  toInput: settingsInput,
  print: (result) => {
    const ci = (i: { low: number; high: number } | null): string => (i ? `${i.low.toFixed(3)}–${i.high.toFixed(3)}` : '–');
    const rows = result.rows.map((r) => [r.label, r.runId ?? '–', fixed(r.val), ci(r.valInterval), fixed(r.test), ci(r.testInterval), r.paper.val.toFixed(4), r.paper.test.toFixed(4)]);
    rows.push([PAPER_VGGFACE2.label, '–', '–', '–', '–', '–', PAPER_VGGFACE2.paper.val.toFixed(4), PAPER_VGGFACE2.paper.test.toFixed(4)]);
    process.stdout.write(`${formatTable(['modalities', 'run', 'Val mean r', 'Val 95 % CI', 'Test mean r', 'Test 95 % CI', 'paper dev', 'paper test'], rows)}\n`);
    process.stdout.write('Test is "–" where Test clips carry no gold labels (as in the challenge). Paper figures are for reference, on its data.\n');
  },
});

export const exportPredictionsCommand = defineCommand({
  name: 'export-predictions',
  call: 'fusion.exportPredictions',
  description: "write a run's predictions as CSV in the challenge layout (File_ID as the labels file wrote it, [00001] by default, then the 7 emotions); warns about clips of the split without a prediction",
  options: {
    run: run('the run (default the latest finished)'),
    split: choiceOption('--split <split>', 'only the clips of this split', SPLITS, 'split'),
    out: text('-o, --out <file>', 'write to this file instead of standard output'),
    withAttribution: flag('--with-attribution', 'add each modality\'s contribution to each emotion (contribution_<modality>_<Emotion>) and each frame\'s weight (frame_weight_<k>); trained runs only'),
  },
  toInput: (options) => ({ run: options.run, split: options.split, withAttribution: options.withAttribution }),
  afterCall: async (result, options) => {
    if (options.out) await writeFile(options.out, result.csv, 'utf8');
    // On stderr whatever the output mode, so a script writing the CSV to stdout still sees it.
    for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
  },
  json: (result, options) => ({ runId: result.runId, rows: result.rows, out: options.out ?? null, missing: result.missing, warnings: result.warnings }),
  print: (result, options) =>
    process.stdout.write(options.out ? `${result.rows} rows (${EMOTIONS.length} emotions) of run ${result.runId} written to ${options.out}\n` : result.csv),
});
