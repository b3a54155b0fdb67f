/** Handlers of the labels.* calls. */
import type { ApiOutput, ApiParsedInput, ClipLabels } from '../../shared/api';
import { EMOTIONS } from '../../shared/emotions';
import { ViperError } from '../../shared/errors';
import { exportLabelsCsv } from '../library/export-labels';
import { RunsStore } from '../store/runs-store';
import { valuesAtVersion } from '../store/label-versions';
import { LabelsStore, type LabelWrite, type StoredLabels } from '../store/labels-store';
import { resolveClipId } from './resolve-clip';
import type { ApiContext } from './context';

export function exportHandler(input: ApiParsedInput<'labels.export'>, ctx: ApiContext): ApiOutput<'labels.export'> {
  return exportLabelsCsv(ctx.db, input);
}

export function getLabelsHandler(input: ApiParsedInput<'labels.get'>, ctx: ApiContext): ApiOutput<'labels.get'> {
  return readClipLabels(ctx, resolveClipId(ctx, input.clip), input.annotator);
}

export function saveLabelsHandler(input: ApiParsedInput<'labels.save'>, ctx: ApiContext): ApiOutput<'labels.save'> {
  const clipId = resolveClipId(ctx, input.clip);
  // An acceptance names a run that exists (runs/not-found otherwise), so the history's source can be followed.
  if (input.acceptedFromRun !== undefined) new RunsStore(ctx.db).get(input.acceptedFromRun);
  const labels = new LabelsStore(ctx.db);
  const outcome = labels.writeIfVersion(
    { clipId, annotator: input.annotator, values: input.values, editedBy: input.editedBy ?? ctx.actor, source: input.acceptedFromRun === undefined ? 'ui' : `accepted:${input.acceptedFromRun}`, at: ctx.now() },
    input.expectedVersion,
  );
  if (!outcome.ok) throw conflictError(input.clip, input.expectedVersion, outcome.current);
  return readClipLabels(ctx, clipId, input.annotator);
}

/** A save of given values with its source, refused as a conflict when someone saved since `expectedVersion`. */
function saveVersioned(ctx: ApiContext, ref: number | string, change: Omit<LabelWrite, 'at'>, expectedVersion: number): ClipLabels {
  const outcome = new LabelsStore(ctx.db).writeIfVersion({ ...change, at: ctx.now() }, expectedVersion);
  if (!outcome.ok) throw conflictError(ref, expectedVersion, outcome.current);
  return readClipLabels(ctx, change.clipId, change.annotator);
}

export function restoreLabelsHandler(input: ApiParsedInput<'labels.restore'>, ctx: ApiContext): ApiOutput<'labels.restore'> {
  const clipId = resolveClipId(ctx, input.clip);
  const history = new LabelsStore(ctx.db).history(clipId, input.annotator);
  if (!history.some((edit) => edit.version === input.version)) {
    const known = [...new Set(history.map((edit) => edit.version))];
    throw new ViperError('labels/bad-value', `clip ${input.clip}: ${input.annotator} has no recorded save ${input.version} (recorded: ${known.join(', ') || 'none'}). Pick a version from the edit history.`, { subject: 'version' });
  }
  // Emotions that version had not set are unset again: a restore brings back that save's state exactly.
  const values = valuesAtVersion(history, input.version);
  return saveVersioned(ctx, input.clip, { clipId, annotator: input.annotator, values, editedBy: input.editedBy ?? ctx.actor, source: `restored:${input.version}` }, input.expectedVersion);
}

export function adoptLabelsHandler(input: ApiParsedInput<'labels.adopt'>, ctx: ApiContext): ApiOutput<'labels.adopt'> {
  const clipId = resolveClipId(ctx, input.clip);
  const theirs = new LabelsStore(ctx.db).get(clipId, input.from)?.values;
  if (!theirs) throw new ViperError('labels/bad-value', `clip ${input.clip}: ${input.from} has no complete labels on this clip to adopt. Pick an annotator from the clip's list.`, { subject: 'from' });
  return saveVersioned(ctx, input.clip, { clipId, annotator: 'gold', values: theirs, editedBy: input.editedBy ?? ctx.actor, source: `adopted:${input.from}` }, input.expectedVersion);
}

function readClipLabels(ctx: ApiContext, clipId: number, annotator: string): ClipLabels {
  const labels = new LabelsStore(ctx.db);
  const stored = labels.get(clipId, annotator);
  return {
    clipId,
    annotator,
    values: stored?.values ?? null,
    version: stored?.version ?? 0,
    updatedAt: stored?.updatedAt ?? null,
    updatedBy: stored?.updatedBy ?? null,
    history: labels.history(clipId, annotator),
    annotators: labels.annotatorsOf(clipId),
  };
}

/** The message shows what the other save holds, so its author can decide without losing either change. */
function conflictError(ref: number | string, expectedVersion: number, current: StoredLabels): ViperError {
  if (current.version === 0) {
    return new ViperError(
      'labels/conflict',
      `clip ${ref}: has no labels yet (version 0), but the save names version ${expectedVersion}. Your change was not saved. Reload the clip, then apply your change again.`,
      { subject: 'expectedVersion' },
    );
  }
  const theirs = current.values ? EMOTIONS.map((emotion) => `${emotion} ${current.values?.[emotion]?.toFixed(2) ?? 'unset'}`).join(', ') : 'no values';
  return new ViperError(
    'labels/conflict',
    `clip ${ref}: ${current.updatedBy} saved these labels at ${current.updatedAt} (version ${current.version}) after you loaded version ${expectedVersion}: ${theirs}. ` +
      'Your change was not saved. Reload the clip to see their values, then apply your change again.',
    { subject: 'expectedVersion' },
  );
}
