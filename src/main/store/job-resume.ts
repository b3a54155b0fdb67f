/**
 * The call and the command that continue a job, rebuilt from the parameters it recorded. Each runs the same
 * work again and skips what is stored already (clips imported or analysed with the same settings, a training
 * run's finished epochs), so it continues where the job stopped. Options left at the contract's defaults
 * are left out of the command.
 */
import { clipsContract } from '../../shared/clips-api';
import type { ResumeHint } from '../../shared/job-schemas';

/** A word as a POSIX shell reads it back: plain when safe, else single-quoted. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

function command(words: readonly (string | number)[]): string {
  return ['npx', 'viper', ...words.map((word) => shellWord(String(word)))].join(' ');
}

function importHint(params: unknown): ResumeHint | null {
  const schema = clipsContract['clips.import'].input;
  const parsed = schema.safeParse(params);
  if (!parsed.success) return null;
  const input = parsed.data;
  const defaults = schema.parse({ paths: ['.'] });
  const words: (string | number)[] = ['import', ...input.paths];
  // A --partition file was recorded among the labels files; as --labels it is read the same way.
  for (const file of input.labelsCsv ?? []) words.push('--labels', file);
  if (input.annotator !== defaults.annotator) words.push('--annotator', input.annotator);
  if (input.sampling.frameCount !== defaults.sampling.frameCount) words.push('--frames', input.sampling.frameCount);
  if (input.sampling.method !== defaults.sampling.method) words.push('--sampling', input.sampling.method);
  return { call: 'clips.import', command: command(words), input };
}

/**
 * An analysis recorded { clipIds, modalities, auReference, force, protocol } and, through a queue,
 * { queue, attempts, mediaAddress } (the queue's address without its password); resuming never forces,
 * so finished clips are skipped.
 */
function analyzeHint(params: unknown): ResumeHint | null {
  const recorded = (params ?? {}) as { clipIds?: unknown; modalities?: unknown; auReference?: unknown; protocol?: unknown; queue?: unknown; attempts?: unknown; mediaAddress?: unknown };
  const schema = clipsContract['clips.analyze'].input;
  const queued = typeof recorded.queue === 'string' ? { queue: recorded.queue, attempts: recorded.attempts, ...(typeof recorded.mediaAddress === 'string' ? { mediaAddress: recorded.mediaAddress } : {}) } : {};
  const parsed = schema.safeParse({ clips: recorded.clipIds, modalities: recorded.modalities, auReference: recorded.auReference, protocol: recorded.protocol, ...queued });
  if (!parsed.success) return null;
  const input = parsed.data;
  const defaults = schema.parse({});
  const words: (string | number)[] = ['analyze', ...input.clips];
  if (input.modalities.join(',') !== defaults.modalities.join(',')) words.push('--modalities', input.modalities.join(','));
  if (input.auReference !== defaults.auReference) words.push('--au-reference', input.auReference);
  if (input.protocol !== defaults.protocol) words.push('--protocol', input.protocol);
  if (input.queue !== undefined) words.push('--queue', input.queue);
  if (input.queue !== undefined && input.attempts !== defaults.attempts) words.push('--attempts', input.attempts);
  if (input.mediaAddress !== undefined) words.push('--media-address', input.mediaAddress);
  return { call: 'clips.analyze', command: command(words), input };
}

/** A proxy job recorded { clipIds, mode, force }: copies already made are skipped, so it goes on where it stopped. */
function proxyHint(params: unknown): ResumeHint | null {
  const recorded = (params ?? {}) as { clipIds?: unknown; mode?: unknown };
  const parsed = clipsContract['clips.makeProxy'].input.safeParse({ clips: recorded.clipIds, mode: recorded.mode });
  if (!parsed.success) return null;
  const input = parsed.data;
  return { call: 'clips.makeProxy', command: command(['proxy', ...input.clips, ...(input.mode === 'all' ? ['--all'] : [])]), input };
}

/** A training job recorded { runId }: the run resumes from its last checkpoint with its own settings. */
function trainHint(params: unknown): ResumeHint | null {
  const runId = (params as { runId?: unknown } | null)?.runId;
  if (typeof runId !== 'number' || !Number.isInteger(runId) || runId < 1) return null;
  return { call: 'fusion.train', command: command(['train', '--resume', runId]), input: { resume: runId } };
}

const HINTS: Record<string, (params: unknown) => ResumeHint | null> = { import: importHint, analyze: analyzeHint, proxy: proxyHint, train: trainHint };

/**
 * A queued analysis (`--queue`) fails when Redis goes away mid-run, with its clips stored so far kept and the rest
 * still queued or finished on Redis: running it again continues it, as after a cancel.
 */
export function resumesAfterFailure(kind: string, params: unknown): boolean {
  return kind === 'analyze' && typeof (params as { queue?: unknown } | null)?.queue === 'string';
}

/** What continues a job of this kind with these recorded parameters; null for a kind that cannot be resumed. */
export function resumeHintOf(kind: string, params: unknown): ResumeHint | null {
  return HINTS[kind]?.(params) ?? null;
}
