/**
 * `viper worker --queue redis://host:port`: this machine analyses clips for a workstation's
 * `viper analyze --queue`, until Ctrl-C or SIGTERM. It opens no database: the clips, their sampling and
 * the pack's signature come with each job, and the tokens go back through Redis.
 */
import { resolveModelsDir } from '../models/pack/models-dir';
import { parseQueueUrl } from '../queue/queue-connection';
import { runQueueWorker } from '../queue/queue-worker';
import { parsePathMapping } from '../queue/worker-media';
import { numberOption, repeatable, requiredText } from './command-options';
import { defineCommand } from './define-command';

const DEFAULT_LOCK_MS = 30_000;

export const workerCommand = defineCommand({
  name: 'worker',
  description: 'analyse clips for workstations that run "viper analyze --queue": pull them from the Redis queue, return the tokens',
  options: {
    queue: requiredText('--queue <redis-url>', 'the lab queue, e.g. redis://10.0.0.5:6379 (redis://:password@host:port when Redis wants one)'),
    concurrency: numberOption('--concurrency <n>', 'clips analysed at once, each in its own thread (default 1)', { min: 1, max: 64 }),
    lockDuration: numberOption('--lock-duration <ms>', `how long a clip stays with a worker that stopped answering before another worker takes it (default ${DEFAULT_LOCK_MS})`, { min: 1000, max: 3_600_000 }),
    pathMap: repeatable('--path-map <from=to>', "where a folder of the workstation's is mounted on this machine (repeatable), e.g. /data/clips=/mnt/lab/clips"),
  },
  help:
    'Needs the same model pack as the workstation ("viper models build", same user models and caption templates):\n' +
    'a clip whose pack signature differs is put back for another worker, and this worker stops (exit 3).\n' +
    'Media are read at the path the workstation stored (through --path-map), else fetched from the workstation\n' +
    'when it serves them (viper analyze --media-address). Ctrl-C finishes the clips in hand, then stops; a worker\n' +
    'killed outright loses its clips to another worker after --lock-duration.\n' +
    'Exit codes: 0 stopped, 2 bad usage or queue address, 3 models, ffmpeg or Redis missing, or a pack that differs.',
  async runStandalone(_session, options) {
    const address = parseQueueUrl(options.queue);
    const pathMap = (options.pathMap ?? []).map(parsePathMapping);
    const abort = new AbortController();
    const stop = (): void => {
      process.stderr.write('stopping: finishing the clips in hand (Ctrl-C again stops at once)\n');
      process.once('SIGINT', () => process.exit(130));
      abort.abort();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      const summary = await runQueueWorker({
        address,
        modelsDir: resolveModelsDir(),
        concurrency: options.concurrency ?? 1,
        lockDurationMs: options.lockDuration ?? DEFAULT_LOCK_MS,
        pathMap,
        signal: abort.signal,
        log: (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`),
      });
      process.stdout.write(`worker stopped: ${summary.analysed} clips analysed, ${summary.failed} failed\n`);
      if (summary.stoppedBy) throw summary.stoppedBy;
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  },
});
