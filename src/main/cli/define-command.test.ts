/** The command definitions: one number parser, help read from the contract, exit codes from the error table. */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { apiContract, MODALITIES } from '../../shared/api';
import { errorExitCode } from '../../shared/errors';
import { SPLITS } from '../../shared/emotions';
import { choiceOption, repeatable, text } from './command-options';
import { defineCommand } from './define-command';
import { buildProgram } from './main';
import { numberArg } from './number-arg';
import { EXIT_USAGE, exitCodeFor } from './output';
import { schemaDefault, schemaField } from './schema-help';

const noHost = { serve: () => Promise.reject(new Error('no host in this test')) };

function helpOf(...path: string[]): string {
  let command = buildProgram(noHost);
  for (const name of path) command = command.commands.find((c) => c.name() === name) ?? new Command('missing');
  return command.helpInformation();
}

describe('numberArg', () => {
  it('takes whole numbers by default and refuses words, decimals and numbers out of range, saying what it wanted', () => {
    const count = numberArg({ min: 1 });
    expect(count('32')).toBe(32);
    expect(() => count('many')).toThrow('"many" is not a positive whole number.');
    expect(() => count('1.5')).toThrow('is not a positive whole number');
    expect(() => count('0')).toThrow('is not a positive whole number');
    expect(numberArg({ min: 0 })('0')).toBe(0);
    expect(() => numberArg({ min: 0 })('-1')).toThrow('"-1" is not a whole number, 0 or more.');
    expect(() => numberArg({ min: 0, max: 65_535, what: 'a port (0 picks a free one)' })('65536')).toThrow('"65536" is not a port (0 picks a free one).');
    expect(numberArg({ integer: false })('1e-5')).toBe(1e-5);
    expect(() => numberArg({ integer: false })('')).toThrow('"" is not a number.');
    expect(() => numberArg({ integer: false, min: 0, max: 1 })('2')).toThrow('"2" is not a number from 0 to 1.');
  });
});

describe('help from the contract', () => {
  it("shows each option's default and allowed values as the schemas define them", () => {
    const importInput = apiContract['clips.import'].input;
    expect(schemaDefault(schemaField(importInput, 'sampling.frameCount'))).toBe(32);
    const importHelp = helpOf('import').replace(/\s+/g, ' ');
    expect(importHelp).toContain('--frames <n> frames (and audio fragments) sampled per clip (default: 32)');
    expect(importHelp).toContain('(one of: paper, authors-code; default: paper)');
    expect(importHelp).toContain('whose labels the CSV holds (default: gold)');
    const analyzeHelp = helpOf('analyze').replace(/\s+/g, ' ');
    expect(analyzeHelp).toContain(`(one of: ${MODALITIES.join(', ')}; default: ${MODALITIES.join(',')})`);
    expect(helpOf('evaluate').replace(/\s+/g, ' ')).toContain('(one of: Train, Val, Test; default: Val)');
    expect(helpOf('list').replace(/\s+/g, ' ')).toContain('(one of: Train, Val, Test, none)');
    expect(helpOf('train').replace(/\s+/g, ' ')).toContain('--epochs <n> epochs (default: 50)');
  });

  it('refuses an option whose key is not where commander stores its value, and a field the schema lacks', () => {
    const program = new Command();
    const misnamed = defineCommand({ name: 'x', description: 'x', call: 'labels.export', options: { who: text('--annotator <name>', 'whose') }, toInput: () => ({}), print: () => undefined });
    expect(() => misnamed.attach(program, () => ({}))).toThrow('option --annotator <name> is stored as "annotator", not "who"');
    const unknownField = defineCommand({ name: 'y', description: 'y', call: 'labels.export', options: { annotator: text('--annotator <name>', 'whose', 'annotators') }, toInput: () => ({}), print: () => undefined });
    expect(() => unknownField.attach(program, () => ({}))).toThrow('the schema has no field "annotators"');
  });
});

describe('option kinds', () => {
  it('collects a repeatable option in order, and refuses a value outside the contract enum naming its field', async () => {
    const seen: unknown[] = [];
    const program = new Command().exitOverride();
    defineCommand({
      name: 'labels',
      description: 'collects',
      options: { labels: repeatable('--labels <csv>', 'labels CSVs'), split: choiceOption('--split <split>', 'split', SPLITS) },
      run: async (_session, options) => void seen.push(options),
    }).attach(program, () => ({ db: ':memory:' }));
    await program.parseAsync(['labels', '--labels', 'a.csv', '--labels', 'b.csv', '--split', 'Val'], { from: 'user' });
    expect(seen).toEqual([{ labels: ['a.csv', 'b.csv'], split: 'Val' }]);
    const refusing = new Command().exitOverride().configureOutput({ writeErr: () => undefined });
    defineCommand({ name: 'x', description: 'x', call: 'labels.export', options: { split: choiceOption('--split <split>', 'split', SPLITS, 'split') }, toInput: (o) => o, print: () => undefined }).attach(refusing, () => ({}));
    await expect(refusing.parseAsync(['x', '--split', 'Dev'], { from: 'user' })).rejects.toThrow('"Dev" is not one of Train, Val, Test (split).');
  });
});

describe('exit codes', () => {
  it('derives cancelled, usage and error outcomes from the error table', () => {
    expect(exitCodeFor('ok')).toBe(0);
    expect(exitCodeFor('items-failed')).toBe(1);
    expect(exitCodeFor('cancelled')).toBe(errorExitCode('jobs/cancelled'));
    expect(exitCodeFor('cancelled')).toBe(130);
    expect(exitCodeFor('models/corrupt')).toBe(3);
    expect(EXIT_USAGE).toBe(errorExitCode('api/invalid-input'));
  });
});
