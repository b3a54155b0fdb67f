/**
 * `viper serve` (the workstation in a browser, on loopback with a per-run token) and `viper open`
 * (import a folder, analyse it, predict with the latest trained run or else the prior, then open the
 * workstation: Electron where its runtime is installed and not refused with --no-desktop, else the
 * browser through `viper serve`).
 */
import { spawn } from 'node:child_process';
import type { Protocol } from '../../shared/common-schemas';
import { isViperError } from '../../shared/errors';
import type { ApiContext } from '../api/context';
import { callApi } from '../api/handlers';
import { flag, negatable, numberOption, repeatable, requiredArgument, text } from './command-options';
import { defineCommand, type DefinedCommand } from './define-command';
import { findDesktopRuntime } from './desktop-runtime';
import type { ProxyMode } from '../../shared/clips-api';
import { labelFiles, labelsReportLines, proxyOption, proxyReportLines } from './import-command';
import { createProgressBar } from './progress-bar';
import { protocolOption, samplingMethodOf } from './protocol-option';

/**
 * What `viper serve` and `viper open` need of the HTTP host (src/main/host): the CLI may not import it
 * (cli, host and electron are sibling adapters), so src/main/viper.ts hands it in.
 */
export interface WorkstationHost {
  /** Serves the built workstation on 127.0.0.1:port (0 picks a free one) with a fresh token. */
  serve(ctx: ApiContext, port: number): Promise<{ url: string; close(): Promise<void> }>;
}

/** Serves until Ctrl-C or SIGTERM; the address goes to stdout, alone on its line, for scripts to read. */
async function serveUntilStopped(host: WorkstationHost, ctx: ApiContext, port: number, json: boolean): Promise<void> {
  const served = await host.serve(ctx, port);
  if (json) process.stdout.write(`${JSON.stringify({ url: served.url })}\n`);
  else process.stdout.write(`ViPER Workstation: open ${served.url}\n(loopback only; the token in the address is this run's key; Ctrl-C stops)\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await served.close();
}

interface OpenImport {
  labelsCsv: string[] | undefined;
  overwrite: boolean;
  proxy: ProxyMode | undefined;
}

async function importAndAnalyze(ctx: ApiContext, folder: string, options: OpenImport, protocol: Protocol | undefined, json: boolean): Promise<void> {
  const importBar = createProgressBar('import', !json);
  const method = samplingMethodOf(protocol, undefined);
  const sampling = method === undefined ? {} : { sampling: { method } };
  const imported = await callApi(ctx, 'clips.import', { paths: [folder], ...options, ...sampling }, { onProgress: (event) => importBar.update(event) });
  importBar.stop();
  process.stderr.write(`${imported.imported.length} imported, ${imported.unchanged.length} already stored, ${imported.failed.length} failed\n`);
  for (const failure of imported.failed) process.stderr.write(`  ✗ ${failure.message}\n`);
  if (imported.labels) process.stderr.write(`${labelsReportLines(imported.labels).join('\n')}\n`);
  if (imported.proxies?.jobId) process.stderr.write(`${proxyReportLines(imported.proxies).join('\n')}\n`);
  const analyzeBar = createProgressBar('analyze', !json);
  const analysed = await callApi(ctx, 'clips.analyze', protocol === undefined ? {} : { protocol }, { onProgress: (event) => analyzeBar.update(event) });
  analyzeBar.stop();
  process.stderr.write(`${analysed.analysed.length} analysed, ${analysed.skipped} up to date, ${analysed.failed.length} failed\n`);
  for (const failure of analysed.failed) process.stderr.write(`  ✗ ${failure.message}\n`);
}

/**
 * Predictions for the Library and Analysis screens: the latest finished trained run, else the prior (which
 * needs no labels). A failure is reported and the workstation still opens: there is nothing to predict
 * from before any clip is analysed.
 */
async function predictLatest(ctx: ApiContext): Promise<void> {
  const { runs } = await callApi(ctx, 'fusion.runs', {});
  const trained = runs.filter((run) => run.kind === 'perceiver' && run.state === 'done').at(-1);
  try {
    const result = await callApi(ctx, 'fusion.predict', trained ? { run: trained.id } : { prior: true });
    process.stderr.write(`${result.clips} clips predicted by ${result.kind === 'prior' ? `the prior (run ${result.runId}; untrained: train a run with "viper train")` : `run ${result.runId}`}\n`);
  } catch (error) {
    if (!isViperError(error)) throw error;
    process.stderr.write(`  ✗ predict: ${error.message}\n`);
  }
}

const port = (description: string) => numberOption('--port <n>', description, { min: 0, max: 65_535, what: 'a port (0 picks a free one)' });

export function serveCommands(host: WorkstationHost): DefinedCommand[] {
  return [
    defineCommand({
      name: 'serve',
      description: 'serve the workstation to a browser on this machine: http://127.0.0.1:PORT/?token=… (loopback only, a fresh token each run)',
      options: { port: port('the port; without it, a free one') },
      run: ({ ctx, json }, options) => serveUntilStopped(host, ctx, options.port ?? 0, json),
    }),
    defineCommand({
      name: 'open',
      description:
        'import a folder (and a labels CSV), analyse it, predict (the latest trained run, else the prior), and open the workstation: the desktop app where Electron is installed, else the browser through "viper serve"',
      arguments: { folder: requiredArgument('<folder>', 'videos to import (searched recursively)') },
      options: {
        labels: repeatable('--labels <csv>', 'labels CSV to apply after importing; repeat it to merge several files by File_ID'),
        partition: text('--partition <csv>', 'a split-only file (File_ID or Id, Split or Partition) merged with the labels'),
        overwrite: flag('--overwrite', "apply the CSV's values also over values edited in the app since the last import"),
        proxy: proxyOption,
        protocol: protocolOption,
        port: port('the port when serving to a browser; without it, a free one'),
        desktop: negatable('--no-desktop', 'serve to the browser even where the Electron runtime is installed (scripts, tests, remote shells)'),
      },
      run: async ({ ctx, json }, options, { folder }) => {
        await importAndAnalyze(ctx, folder, { labelsCsv: labelFiles(options.labels, options.partition), overwrite: options.overwrite ?? false, proxy: options.proxy }, options.protocol, json);
        await predictLatest(ctx);
        const desktop = options.desktop ? findDesktopRuntime() : null;
        if (desktop) {
          ctx.close();
          const child = spawn(desktop.electron, [desktop.mainEntry], { stdio: 'inherit', env: { ...process.env, ...desktop.env, VIPER_DB: ctx.dbPath } });
          await new Promise<void>((resolve) => child.once('exit', () => resolve()));
          return;
        }
        if (options.desktop) process.stderr.write('The Electron runtime is not installed here: serving the workstation to your browser instead.\n');
        await serveUntilStopped(host, ctx, options.port ?? 0, json);
      },
    }),
  ];
}
