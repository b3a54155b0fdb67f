/** `viper import`: store videos with their sampling, and apply a labels CSV. */
import type { ImportReport } from '../../shared/api';
import { PROXY_MODES, proxyModeSchema, SAMPLING_METHODS, type ProxyReport } from '../../shared/clips-api';
import { choiceOption, flag, numberOption, repeatable, text, variadic } from './command-options';
import { protocolOption, samplingMethodOf } from './protocol-option';
import { defineCommand } from './define-command';

/** Every --labels file and the --partition file, merged by File_ID; undefined when none was given. */
export function labelFiles(labels: readonly string[] | undefined, partition: string | undefined): string[] | undefined {
  const files = [...(labels ?? []), ...(partition ? [partition] : [])];
  return files.length > 0 ? files : undefined;
}

/** Conflicts listed one per line up to this many; the rest are counted (all are in --json and viper status). */
const CONFLICT_LINES = 20;

/** What the labels files did, for `viper import` and `viper open`: applied / unchanged / conflicting / rejected. */
export function labelsReportLines(labels: NonNullable<ImportReport['labels']>): string[] {
  const lines = [`labels ${labels.files.join(' + ')}: ${labels.applied} rows applied, ${labels.unchanged} unchanged, ${labels.conflicting} conflicting, ${labels.failed.length} rejected`];
  for (const warning of labels.warnings) lines.push(`  ! ${warning}`);
  for (const failure of labels.failed) lines.push(`  ✗ ${failure.message}`);
  if (labels.conflicts.length > 0) {
    lines.push(`  ${labels.conflicts.length} value(s) edited in the app since the last import were kept (add --overwrite to take the CSV's):`);
    for (const c of labels.conflicts.slice(0, CONFLICT_LINES)) {
      lines.push(`  ! line ${c.line} ${c.fileId} ${c.emotion}: app ${c.appValue?.toFixed(2) ?? 'unset'} (${c.appEditedBy}, ${c.appEditedAt}) kept, CSV ${c.csvValue.toFixed(2)}${labels.files.length > 1 ? ` (${c.file})` : ''}`);
    }
    if (labels.conflicts.length > CONFLICT_LINES) lines.push(`  … and ${labels.conflicts.length - CONFLICT_LINES} more (all in --json and "viper status --errors ${labels.conflicts.length}")`);
  }
  return lines;
}

/** What the playback proxies step did, for `viper import` and `viper open`. */
export function proxyReportLines(proxies: ProxyReport): string[] {
  if (proxies.jobId === null) return [];
  const lines = [`playback copies: ${proxies.made.length} made, ${proxies.alreadyReady} already made, ${proxies.failed.length} failed (job ${proxies.jobId})`];
  for (const failure of proxies.failed) lines.push(`  ✗ ${failure.message}`);
  return lines;
}

/** The --proxy option of `viper import` and `viper open`. */
export const proxyOption = choiceOption(
  '--proxy <when>',
  'make playback copies (H.264 + AAC, beside the database) of the clips a browser cannot decode ("needed": HEVC, ProRes, 10-bit H.264, …), of every clip ("all"), or none',
  PROXY_MODES,
  // The schema itself, not a path: `viper open` makes several calls, so it has no one input to point into.
  proxyModeSchema.default('needed'),
);

function printReport(report: ImportReport): void {
  const lines = [
    `${report.imported.length} imported, ${report.resampled.length} resampled, ${report.relocated.length > 0 ? `${report.relocated.length} relocated, ` : ''}${report.unchanged.length} unchanged, ${report.failed.length} failed (of ${report.scanned} files found; job ${report.jobId})`,
  ];
  for (const item of report.relocated) lines.push(`  ↪ clip ${item.clipId} relocated to ${item.path}`);
  for (const failure of report.failed) lines.push(`  ✗ ${failure.message}`);
  if (report.labels) lines.push(...labelsReportLines(report.labels));
  if (report.proxies) lines.push(...proxyReportLines(report.proxies));
  if (report.cancelled) lines.push('cancelled: files not reached were not imported; run the same command again to resume.');
  process.stdout.write(`${lines.join('\n')}\n`);
}

export const importCommand = defineCommand({
  name: 'import',
  call: 'clips.import',
  description:
    'store every video found in the given files and folders (recursively), with its metadata and the ViPER frame / audio sampling (a video without sound takes it from a sibling <stem>.wav or ../wav/<stem>.wav); apply labels CSVs. A stored clip whose file moved or changed is relocated to the same content found here',
  arguments: { paths: variadic('[paths...]', 'video files and folders to import') },
  options: {
    labels: repeatable('--labels <csv>', 'labels CSV (File_ID, Split, the seven emotions; extra columns kept as metadata) to apply after importing; repeat it to merge several files by File_ID'),
    partition: text('--partition <csv>', 'a split-only file (File_ID or Id, Split or Partition: train / devel / test), merged with the labels, e.g. MuSe 2022\'s partition.csv'),
    annotator: text('--annotator <name>', 'whose labels the CSV holds', 'annotator'),
    overwrite: flag('--overwrite', "apply the CSV's values also over values edited in the app since the last import (default: keep them and report conflicts)"),
    frames: numberOption('--frames <n>', 'frames (and audio fragments) sampled per clip', { min: 1 }, 'sampling.frameCount'),
    proxy: proxyOption,
    protocol: protocolOption,
    sampling: choiceOption('--sampling <method>', '"paper": evenly in time, non-overlapping centred fragments; "authors-code": their repo, 2L/33 windows, 50 % overlap, padded to 1 s (the sampling part of --protocol authors-code)', SAMPLING_METHODS, 'sampling.method'),
  },
  help:
    'Re-running the same command skips clips already stored (same content, same sampling): that is how an\ninterrupted import resumes. Ctrl-C stops after cancelling the file in flight.\nLinks are resolved: the clip is the file a link names at import (re-pointing it later changes nothing). A stored clip whose file moved or changed\n("npx viper show" says so) is relocated to the same content found here, keeping its id, labels and analysis.\nExit codes: 0 all imported, 1 some files or rows failed (each printed and recorded), 2 bad usage, 3 ffmpeg or database problem, 130 cancelled.',
  progress: 'bar',
  cancel: {},
  toInput: (options, { paths }) => ({
    paths,
    labelsCsv: labelFiles(options.labels, options.partition),
    annotator: options.annotator,
    overwrite: options.overwrite,
    sampling: { frameCount: options.frames, method: samplingMethodOf(options.protocol, options.sampling) },
    proxy: options.proxy,
  }),
  print: printReport,
  outcome: (report) => (report.cancelled ? 'cancelled' : report.failed.length > 0 || (report.labels?.failed.length ?? 0) > 0 || (report.labels?.conflicting ?? 0) > 0 || (report.proxies?.failed.length ?? 0) > 0 ? 'items-failed' : 'ok'),
});
