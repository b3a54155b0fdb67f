/** `viper retrain`: retrain from corrections — a new run from a finished run's chosen weights, on the gold labels as they are now. */
import { numberOption } from './command-options';
import { defineCommand } from './define-command';

export const retrainCommand = defineCommand({
  name: 'retrain',
  call: 'training.retrain',
  description: "retrain from corrections: a new run that starts from a finished run's chosen weights and trains on the gold labels as corrected since, with that run's settings; the run itself is kept",
  options: {
    run: numberOption('--run <id>', 'the finished trained run to continue (default the latest)', { min: 1 }),
    epochs: numberOption('--epochs <n>', "epochs of the new run (default the run's own)", { min: 1 }),
  },
  progress: (e) => `[${e.done}/${e.total}] ${e.current ?? ''}`,
  cancel: { notice: 'cancelling after the batch in flight (the last finished epoch is kept)…' },
  toInput: (options) => ({ run: options.run, epochs: options.epochs }),
  print: (result) =>
    process.stdout.write(
      result.cancelled
        ? `run ${result.runId} (from run ${result.continuedFrom}) cancelled; continue it with "viper train --resume ${result.runId}"\n`
        : `run ${result.runId} continued run ${result.continuedFrom} on the corrected labels: chose epoch ${result.chosenEpoch} (job ${result.jobId})\n`,
    ),
  outcome: (result) => (result.cancelled ? 'cancelled' : 'ok'),
});
