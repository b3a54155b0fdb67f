/**
 * One typed definition per `viper` command: which API call it makes, how its options become that call's
 * input (ApiInput<K>, checked by the compiler) and how the result is printed. The definition owns what
 * every command shares: the API context of --db / --user, --json, the progress display, Ctrl-C as the
 * call's AbortSignal (a cancelled call exits 130 through the error table) and the exit code.
 */
import { Command, Option } from 'commander';
import { apiContract, type ApiCall, type ApiInput, type ApiOutput, type ProgressEvent } from '../../shared/api';
import { ViperError } from '../../shared/errors';
import type { ApiContext } from '../api/context';
import { callApi } from '../api/handlers';
import type { ArgumentSpecs, FieldRef, OptionSpecs, ValuesOf } from './command-options';
import { exitCodeFor, printJson, type Outcome } from './output';
import { createProgressBar } from './progress-bar';
import { schemaField, schemaHelpSuffix } from './schema-help';
import { withContext, type GlobalOptions } from './session';

interface CommandBase<S extends OptionSpecs, A extends ArgumentSpecs> {
  /** The word after `viper` (or after its group, e.g. `models`). */
  name: string;
  description: string;
  arguments?: A;
  options?: S;
  /** Printed after the options in --help: how re-running behaves, the command's exit codes. */
  help?: string;
}

export interface CallCommand<K extends ApiCall, S extends OptionSpecs, A extends ArgumentSpecs> extends CommandBase<S, A> {
  call: K;
  toInput(options: ValuesOf<S>, args: ValuesOf<A>): ApiInput<K>;
  /** A long call's progress on stderr: a bar with rate and ETA, or one line per event. Silent with --json. */
  progress?: 'bar' | ((event: ProgressEvent) => string);
  /** Ctrl-C cancels the call through its AbortSignal instead of killing the process; `notice` is printed then. */
  cancel?: { notice?: string };
  /** Work on the result that --json does too (writing the --out file). */
  afterCall?(result: ApiOutput<K>, options: ValuesOf<S>): Promise<void>;
  /** What --json prints; the result itself by default. */
  json?(result: ApiOutput<K>, options: ValuesOf<S>): unknown;
  print(result: ApiOutput<K>, options: ValuesOf<S>): void;
  /** How the call ended, for the exit code; 'ok' by default. */
  outcome?(result: ApiOutput<K>): Outcome;
}

/** A command that is more than one call (`viper open`) or none (`viper serve`): it gets the context and --json. */
export interface RunCommand<S extends OptionSpecs, A extends ArgumentSpecs> extends CommandBase<S, A> {
  run(session: { ctx: ApiContext; json: boolean }, options: ValuesOf<S>, args: ValuesOf<A>): Promise<Outcome | void>;
}

/**
 * A command that never opens a database (`viper worker`, which runs on machines holding no library): it gets
 * --json only.
 */
export interface StandaloneCommand<S extends OptionSpecs, A extends ArgumentSpecs> extends CommandBase<S, A> {
  runStandalone(session: { json: boolean }, options: ValuesOf<S>, args: ValuesOf<A>): Promise<Outcome | void>;
}

/** A definition with its types erased, ready to attach to the program (or a command group). */
export interface DefinedCommand {
  readonly name: string;
  attach(parent: Command, globals: () => GlobalOptions, options?: { isDefault?: boolean }): Command;
}

export function defineCommand<K extends ApiCall, S extends OptionSpecs, A extends ArgumentSpecs>(definition: CallCommand<K, S, A>): DefinedCommand;
export function defineCommand<S extends OptionSpecs, A extends ArgumentSpecs>(definition: RunCommand<S, A>): DefinedCommand;
export function defineCommand<S extends OptionSpecs, A extends ArgumentSpecs>(definition: StandaloneCommand<S, A>): DefinedCommand;
export function defineCommand(
  definition: CallCommand<ApiCall, OptionSpecs, ArgumentSpecs> | RunCommand<OptionSpecs, ArgumentSpecs> | StandaloneCommand<OptionSpecs, ArgumentSpecs>,
): DefinedCommand {
  return {
    name: definition.name,
    attach(parent, globals, attachOptions = {}) {
      const command = parent.command(definition.name, attachOptions).description(definition.description);
      const argumentKeys = Object.keys(definition.arguments ?? {});
      for (const spec of Object.values(definition.arguments ?? {})) command.argument(spec.name, spec.description);
      const inputSchema = 'call' in definition ? apiContract[definition.call].input : undefined;
      for (const [key, spec] of Object.entries(definition.options ?? {})) {
        const option = new Option(spec.flags, spec.description + helpSuffix(spec.field, inputSchema));
        // The key toInput reads must be the one commander stores the value under.
        if (option.attributeName() !== key) throw new Error(`viper ${definition.name}: option ${spec.flags} is stored as "${option.attributeName()}", not "${key}".`);
        if (spec.parse) option.argParser(spec.parse);
        if (spec.required) option.makeOptionMandatory();
        command.addOption(option);
      }
      if (definition.help) command.addHelpText('after', `\n${definition.help}`);
      command.action(async (...params: unknown[]) => {
        const args = Object.fromEntries(argumentKeys.map((key, i) => [key, params[i]]));
        const options = params[argumentKeys.length] as ValuesOf<OptionSpecs>;
        const global = globals();
        const outcome =
          'call' in definition
            ? await runCall(definition, options, args, global)
            : 'runStandalone' in definition
              ? await definition.runStandalone({ json: global.json ?? false }, options, args)
              : await withContext(global, (ctx) => definition.run({ ctx, json: global.json ?? false }, options, args));
        process.exitCode = exitCodeFor(outcome ?? 'ok');
      });
      return command;
    },
  };
}

function helpSuffix(field: FieldRef | undefined, inputSchema: Parameters<typeof schemaField>[0] | undefined): string {
  if (field === undefined) return '';
  if (typeof field !== 'string') return schemaHelpSuffix(field);
  if (!inputSchema) throw new Error(`option field "${field}" names a contract field, but the command makes no call.`);
  return schemaHelpSuffix(schemaField(inputSchema, field));
}

async function runCall(definition: CallCommand<ApiCall, OptionSpecs, ArgumentSpecs>, options: ValuesOf<OptionSpecs>, args: ValuesOf<ArgumentSpecs>, global: GlobalOptions): Promise<Outcome> {
  const json = global.json ?? false;
  const input = definition.toInput(options, args);
  const abort = new AbortController();
  const onSigint = (): void => {
    if (definition.cancel?.notice) process.stderr.write(`\n${definition.cancel.notice}\n`);
    abort.abort(new ViperError('jobs/cancelled', `viper ${definition.name}: cancelled by the user (Ctrl-C).`));
  };
  if (definition.cancel) process.once('SIGINT', onSigint);
  const progress = definition.progress;
  const bar = progress === 'bar' ? createProgressBar(definition.name, !json) : null;
  const onProgress = (event: ProgressEvent): void => {
    if (bar) bar.update(event);
    else if (typeof progress === 'function' && !json) process.stderr.write(`${progress(event)}\n`);
  };
  try {
    const result = await withContext(global, (ctx) => callApi(ctx, definition.call, input, { ...(definition.cancel ? { signal: abort.signal } : {}), ...(progress ? { onProgress } : {}) }));
    bar?.stop();
    await definition.afterCall?.(result, options);
    if (json) printJson(definition.json ? definition.json(result, options) : result);
    else definition.print(result, options);
    return definition.outcome?.(result) ?? 'ok';
  } finally {
    bar?.stop();
    process.off('SIGINT', onSigint);
  }
}

/**
 * A command group (`viper models list | build | verify`): a word whose subcommands are definitions;
 * `defaultCommand` is the one the word alone runs (`viper runs` lists, as `viper runs list`).
 */
export function defineGroup(name: string, description: string, commands: readonly DefinedCommand[], options: { defaultCommand?: string } = {}): DefinedCommand {
  return {
    name,
    attach(parent, globals) {
      const group = parent.command(name).description(description);
      for (const command of commands) command.attach(group, globals, { isDefault: command.name === options.defaultCommand });
      return group;
    },
  };
}
