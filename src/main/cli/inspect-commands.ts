/** `viper list`, `viper show` and `viper status`: what the store holds. */
import { jobEtaText, jobStateText } from '../../shared/job-state-text';
import type { ApiOutput } from '../../shared/api';
import { FAU_MASK_MEANINGS, type FileState } from '../../shared/clips-api';
import { EMOTIONS, SPLITS } from '../../shared/emotions';
import { InvalidArgumentError } from 'commander';
import { choiceOption, numberOption, requiredArgument, text, type OptionSpec } from './command-options';
import { defineCommand } from './define-command';
import { formatTable, printJson } from './output';
import { attributionText } from './attribution-print';
import { callApi } from '../api/handlers';

const fixed = (value: number, digits: number): string => value.toFixed(digits);

type MetadataCondition = { key: string; value: string };

/** `--meta Country=USA --meta Age=25`: clips.list's metadata conditions, each checked to be key=value. */
const metaOption: OptionSpec<MetadataCondition[] | undefined> = {
  flags: '--meta <key=value>',
  description: "only clips whose metadata (a labels file's extra columns) has this value, case ignored; repeat for several",
  parse: (text, previous) => {
    const at = text.indexOf('=');
    if (at <= 0) throw new InvalidArgumentError(`"${text}": give a metadata column and a value, like Country=USA.`);
    return [...(Array.isArray(previous) ? (previous as MetadataCondition[]) : []), { key: text.slice(0, at).trim(), value: text.slice(at + 1).trim() }];
  },
};

/** As the last check of the file found it (clips.list does not stat 25k files; `viper show` checks now). */
const FILE_STATE_TEXT: Record<FileState, string> = { ok: 'ok', 'moved-or-changed': 'moved or changed' };

function printClipList(result: ApiOutput<'clips.list'>): void {
  const rows = result.clips.map((clip) => [
    clip.id,
    clip.fileId,
    clip.split ?? '–',
    fixed(clip.durationS, 2),
    fixed(clip.fps, 2),
    `${clip.width}×${clip.height}${clip.rotationDeg ? ` ↻${clip.rotationDeg}` : ''}`,
    clip.hasAudio ? (clip.audioSilent ? 'silent' : 'yes') : 'none',
    `${clip.sampleCount} ${clip.samplingMethod}`,
    clip.labels ? EMOTIONS.map((e) => (clip.labels?.[e] == null ? '–' : fixed(clip.labels[e], 2))).join(' ') : '–',
    FILE_STATE_TEXT[clip.fileState],
  ]);
  process.stdout.write(`${formatTable(['id', 'File_ID', 'split', 'dur s', 'fps', 'size', 'audio', 'samples', `labels (${EMOTIONS.map((e) => e.slice(0, 3)).join(' ')})`, 'file'], rows)}\n`);
  process.stdout.write(`${result.clips.length} of ${result.total} clips\n`);
  const moved = result.clips.filter((clip) => clip.fileState !== 'ok').length;
  if (moved > 0) process.stdout.write(`${moved} moved or changed: "npx viper show <File_ID>" says why; "npx viper import <new path>" relocates a clip\n`);
}

function printClip(clip: ApiOutput<'clips.get'>): void {
  const facts = [
    `clip ${clip.id}  File_ID ${clip.fileId}  split ${clip.split ?? '–'}`,
    `file ${clip.path}${clip.importPath === null ? '' : ` (imported as ${clip.importPath})`}`,
    ...(clip.fileProblem === null ? [] : [`file moved or changed: ${clip.fileProblem}`]),
    `${fixed(clip.durationS, 3)} s, ${clip.frameCount} frames, ${fixed(clip.fps, 3)} fps avg, ${clip.width}×${clip.height}, rotation ${clip.rotationDeg}°, ${clip.videoCodec}, audio ${clip.hasAudio ? `${clip.audioCodec}${clip.audioSilent ? ' (digital silence)' : ''}` : 'none'}`,
    `audio source ${clip.audioPath ? `${clip.audioPath} (the video has no audio track)` : clip.hasAudio ? "the video's own track" : 'none'}`,
    `metadata ${Object.keys(clip.metadata).length > 0 ? Object.entries(clip.metadata).map(([key, value]) => `${key}=${value}`).join(', ') : 'none'}`,
    `labels ${clip.labels ? EMOTIONS.map((e) => `${e} ${clip.labels?.[e] == null ? 'unset' : fixed(clip.labels[e], 3)}`).join(', ') : 'none'}`,
    `sampling: ${clip.sampleCount} samples, ${clip.samplingMethod}`,
  ];
  const analysis = clip.analysis;
  if (analysis) {
    facts.push(
      `analysis ${analysis.analysedAt}: ${analysis.modalities.join(', ')}; a face in ${analysis.facesFound} of ${clip.sampleCount} frames; ran on ${[...new Set(Object.values(analysis.providers))].join(', ')}` +
        (analysis.protocol === 'authors-code' ? '; protocol authors-code (frames without a face kept whole)' : ''),
    );
  }
  else facts.push('analysis: none yet (run "npx viper analyze")');
  const rows = clip.samples.map((s) => {
    const frame = analysis?.frames[s.index];
    const face = frame?.face;
    return [
      s.index,
      fixed(s.frameTimeS, 3),
      `${fixed(s.audioStartS, 2)}–${fixed(s.audioEndS, 2)}${s.audioPadToS === null ? '' : `→${fixed(s.audioPadToS, 1)}`}`,
      s.audioRmsDb === null ? (clip.hasAudio ? 'silence' : '–') : fixed(s.audioRmsDb, 1),
      ...(analysis
        ? [
            face ? `${Math.round(face.x)},${Math.round(face.y)} ${Math.round(face.width)}×${Math.round(face.height)} ${fixed(face.score, 2)}` : 'no face',
            frame?.caption ? `${frame.caption.text} (${fixed(frame.caption.score, 2)})` : '–',
            frame?.fauMasked ? `masked: ${frame.fauMasked}` : frame && frame.topAus.length > 0 ? frame.topAus.map((au) => `${au.name} ${fixed(au.value, 2)}`).join(' ') : '–',
            frame?.topEmotion ? `${frame.topEmotion.name} ${fixed(frame.topEmotion.probability, 2)}` : '–',
            frame?.speechProb === null || frame?.speechProb === undefined ? '–' : fixed(frame.speechProb, 2),
          ]
        : []),
    ];
  });
  const header = ['#', 'time s', 'audio s', 'RMS dBFS', ...(analysis ? ['face box (score)', 'caption', 'top AUs', 'emotion', 'speech'] : [])];
  const masked = [...new Set(analysis?.frames.flatMap((f) => (f.fauMasked ? [f.fauMasked] : [])) ?? [])];
  const notes = masked.map((reason) => `AUs masked (${reason}): ${FAU_MASK_MEANINGS[reason]}.`);
  process.stdout.write(`${facts.join('\n')}\n${formatTable(header, rows)}\n${notes.map((n) => `${n}\n`).join('')}`);
}

function printStatus(status: ApiOutput<'store.status'>): void {
  const s = status.bySplit;
  const lines = [
    `database ${status.dbPath} (schema ${status.schemaVersion})`,
    `${status.clips} clips: Train ${s.Train}, Val ${s.Val}, Test ${s.Test}, no split ${s.none}; ${status.labelled} labelled (gold); ${status.withAudio} with audio`,
  ];
  if (status.jobs.length > 0) {
    lines.push('recent jobs:');
    lines.push(formatTable(['id', 'kind', 'state', 'done', 'failed', 'started', 'finished'], status.jobs.map((j) => [j.id, j.kind, jobStateText(j), [`${j.done}/${j.total}`, jobEtaText(j, Date.now())].filter(Boolean).join(', '), j.failed, j.startedAt, j.finishedAt ?? '–'])));
    for (const j of status.jobs.filter((job) => job.state === 'interrupted')) {
      lines.push(`  job ${j.id} (${j.kind}) was interrupted: its process is gone. ${j.resume ? `Resume it with: ${j.resume.command}` : 'Start it again.'}`);
    }
  }
  if (status.recentErrors.length > 0) {
    lines.push('recent errors:');
    for (const e of status.recentErrors) lines.push(`  [job ${e.jobId}] ${e.code}: ${e.message}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

export const listCommand = defineCommand({
  name: 'list',
  call: 'clips.list',
  description: 'list stored clips with their metadata, split and gold labels',
  options: {
    split: choiceOption('--split <split>', 'only the clips of this split; none: clips without a split', [...SPLITS, 'none'] as const, 'split'),
    search: text('--search <text>', 'only clips whose File_ID or path contains the text'),
    meta: metaOption,
    limit: numberOption('--limit <n>', 'at most this many clips', { min: 1 }, 'limit'),
    offset: numberOption('--offset <n>', 'skip this many clips first', { min: 0 }, 'offset'),
  },
  toInput: ({ meta, ...options }) => ({ ...options, metadata: meta }),
  print: printClipList,
});

export const showCommand = defineCommand({
  name: 'show',
  description: "one clip: its metadata, labels, whether its file is still the one imported, the sampled frames with their audio fragments, and a trained run's attribution (frame weights, each modality's contribution per emotion)",
  arguments: { clip: requiredArgument('<clip>', 'File_ID (the file name stem), or the clip id') },
  options: { run: numberOption('--run <id>', 'the trained run whose attribution to show (default the latest that kept one for the clip; the PRIOR has none)', { min: 1 }) },
  run: async ({ ctx, json }, options, { clip }) => {
    const shown = await callApi(ctx, 'clips.get', { clip });
    const attribution = await callApi(ctx, 'fusion.clipAttribution', { clip: shown.id, run: options.run });
    if (json) printJson({ ...shown, attribution });
    else {
      printClip(shown);
      process.stdout.write(`${attributionText(attribution)}\n`);
    }
  },
});

export const statusCommand = defineCommand({
  name: 'status',
  call: 'store.status',
  description: 'what the database holds, recent jobs and the errors they recorded',
  options: { errors: numberOption('--errors <n>', 'how many recent errors to show', { min: 0 }, 'recentErrors') },
  toInput: (options) => ({ recentErrors: options.errors }),
  print: printStatus,
});

export const cancelCommand = defineCommand({
  name: 'cancel',
  call: 'jobs.cancel',
  description: 'ask a running job to stop, wherever it runs (this machine, another terminal, viper serve): it stops at its next file, clip or batch',
  arguments: { job: requiredArgument('<job>', 'the job id ("viper status" lists them)') },
  toInput: (_options, { job }) => ({ job: Number(job) }),
  print: (answer) => process.stdout.write(`job ${answer.jobId}: cancel asked; it stops at its next item ("viper status" shows when).\n`),
});
