/**
 * The `viper` command: an adapter that parses arguments, calls the API handlers (the same ones
 * Electron and `viper serve` use) and prints the results for people (tables) or scripts (--json).
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { EXIT_USAGE, reportError } from './output';
import { registerAnalyze } from './analyze-command';
import { registerExport } from './export-command';
import { registerExportFeatures } from './export-features-command';
import { registerFusion } from './fusion-commands';
import { registerImport } from './import-command';
import { registerInspect } from './inspect-commands';
import { registerModels } from './models-command';
import { registerServe } from './serve-command';
import type { GlobalOptions } from './session';

function parseCount(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1) throw new InvalidArgumentError(`"${text}" is not a positive whole number.`);
  return value;
}

export function buildProgram(): Command {
  const program = new Command('viper')
    .description('ViPER Workstation: multimodal emotion recognition on reaction videos, offline')
    .option('--db <file>', 'the SQLite database (default: $VIPER_DB, else viper.db in the user data folder)')
    .option('--json', 'print machine-readable JSON instead of text')
    .option('--user <name>', 'who is acting, recorded with label edits (default: $VIPER_USER, else the login name)')
    .showHelpAfterError()
    .exitOverride();
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();
  registerImport(program, globals, parseCount);
  registerAnalyze(program, globals);
  registerInspect(program, globals, parseCount);
  registerExport(program, globals);
  registerExportFeatures(program, globals);
  registerModels(program, globals);
  registerFusion(program, globals);
  registerServe(program, globals);
  program.addHelpText(
    'after',
    '\nExit codes: 0 success, 1 some items failed (printed and recorded; see "viper status"), 2 bad usage or input,\n3 environment (ffmpeg, database, model files), 4 internal error, 130 cancelled.',
  );
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE;
    return reportError(error, program.opts<GlobalOptions>().json ?? false);
  }
}
