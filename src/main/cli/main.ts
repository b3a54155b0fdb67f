/**
 * The `viper` command: an adapter that parses arguments, calls the API handlers (the same ones
 * Electron and `viper serve` use) and prints the results for people (tables) or scripts (--json).
 * Each command is one definition (define-command.ts); this file only lists them.
 */
import { Command, CommanderError } from 'commander';
import { analyzeCommand } from './analyze-command';
import type { DefinedCommand } from './define-command';
import { exportLabelsCommand } from './export-command';
import { exportFeaturesCommand } from './export-features-command';
import { ablateCommand, evaluateCommand, exportPredictionsCommand, predictCommand, trainCommand } from './fusion-commands';
import { importCommand } from './import-command';
import { lintCommand } from './lint-command';
import { cancelCommand, listCommand, showCommand, statusCommand } from './inspect-commands';
import { modelsCommand } from './models-command';
import { proxyCommand } from './proxy-command';
import { retrainCommand } from './retrain-command';
import { runsCommand } from './runs-commands';
import { EXIT_USAGE, reportError } from './output';
import { serveCommands, type WorkstationHost } from './serve-command';
import type { GlobalOptions } from './session';
import { workerCommand } from './worker-command';

export function buildProgram(host: WorkstationHost): Command {
  const program = new Command('viper')
    .description('ViPER Workstation: multimodal emotion recognition on reaction videos, offline')
    .option('--db <file>', 'the SQLite database (default: $VIPER_DB, else viper.db in the user data folder)')
    .option('--json', 'print machine-readable JSON instead of text')
    .option('--user <name>', 'who is acting, recorded with label edits (default: $VIPER_USER, else the login name)')
    .showHelpAfterError()
    .exitOverride();
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();
  const commands: DefinedCommand[] = [
    importCommand,
    analyzeCommand,
    workerCommand,
    proxyCommand,
    listCommand,
    showCommand,
    statusCommand,
    cancelCommand,
    exportLabelsCommand,
    exportFeaturesCommand,
    modelsCommand,
    trainCommand,
    predictCommand,
    evaluateCommand,
    ablateCommand,
    retrainCommand,
    exportPredictionsCommand,
    runsCommand,
    lintCommand,
    ...serveCommands(host),
  ];
  for (const command of commands) command.attach(program, globals);
  program.addHelpText(
    'after',
    '\nExit codes: 0 success, 1 some items failed (printed and recorded; see "viper status"), 2 bad usage or input,\n3 environment (ffmpeg, database, model files), 4 internal error, 130 cancelled.',
  );
  return program;
}

export async function main(argv: readonly string[], host: WorkstationHost): Promise<number> {
  const program = buildProgram(host);
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE;
    return reportError(error, program.opts<GlobalOptions>().json ?? false);
  }
}
