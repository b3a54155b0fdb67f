/** `viper proxy`: playback copies of stored clips, for a browser that cannot decode their video. */
import type { ProxyReport } from '../../shared/clips-api';
import { flag, variadic } from './command-options';
import { defineCommand } from './define-command';
import { proxyReportLines } from './import-command';

function printReport(report: ProxyReport): void {
  const lines = report.jobId === null ? [`nothing to make: ${report.alreadyReady} already made, ${report.notNeeded} play in a browser as they are`] : proxyReportLines(report);
  for (const made of report.made) lines.push(`  ✓ ${made.fileId}: ${made.path} (${made.buildS.toFixed(1)} s)`);
  if (report.cancelled) lines.push('cancelled: the copy in flight was removed; run the same command again to go on.');
  process.stdout.write(`${lines.join('\n')}\n`);
}

export const proxyCommand = defineCommand({
  name: 'proxy',
  call: 'clips.makeProxy',
  description: 'make playback copies (H.264 + AAC, on the original timeline, beside the database) of stored clips a browser cannot decode (HEVC, ProRes, 10-bit H.264, …)',
  arguments: { clips: variadic('[clips...]', 'File_IDs or clip ids (default: every stored clip that needs one)') },
  options: {
    all: flag('--all', 'make a copy of each clip named (or every clip), needed or not'),
    force: flag('--force', 'make it again even where a ready copy of the same content exists'),
  },
  help: 'Each copy is a recorded "proxy" job; Ctrl-C stops ffmpeg and removes the partial file.\nExit codes: 0 all made, 1 some failed (each printed and recorded), 2 bad usage, 3 ffmpeg missing, 130 cancelled.',
  progress: 'bar',
  cancel: {},
  toInput: (options, { clips }) => ({ clips, mode: options.all ? 'all' : 'needed', force: options.force }),
  print: printReport,
  outcome: (report) => (report.cancelled ? 'cancelled' : report.failed.length > 0 ? 'items-failed' : 'ok'),
});
