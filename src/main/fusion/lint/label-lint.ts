/**
 * @file `labels.lint`: every rule over the gold labels of a split (or of every clip), reading the evidence
 * from the store in whole-library statements. Reads only: the lint never changes a label.
 */
import { ViperError } from '../../../shared/errors';
import type { Split } from '../../../shared/emotions';
import { DEFAULT_LINT_THRESHOLDS, LINT_RULES, type LintFlag, type LintReport, type LintRule, type LintThresholds } from '../../../shared/lint-api';
import type { Db } from '../../store/database';
import { float32FromBlob } from '../../store/float32-blob';
import { LintEvidenceStore } from '../../store/lint-evidence-store';
import { RunsStore } from '../../store/runs-store';
import { annotatorOutliers, farFromPrediction, identicalRows, type RuleOutcome } from './consistency-rules';
import { noFaceFlag, smileFlags, type GoldClip } from './evidence-rules';
import { FAU_MIN_WIDTH, smileEvidence } from './smile-evidence';

export interface LintOptions {
  split?: Split;
  run?: number;
  thresholds?: Partial<LintThresholds>;
}

export function lintLabels(db: Db, options: LintOptions): LintReport {
  const split = options.split ?? null;
  const t: LintThresholds = { ...DEFAULT_LINT_THRESHOLDS, ...options.thresholds };
  const store = new LintEvidenceStore(db);
  const rows = store.labelRows(split);
  const golds: GoldClip[] = rows.filter((row) => row.annotator === 'gold').map(({ clipId, fileId, split: clipSplit, values }) => ({ clipId, fileId, split: clipSplit, values }));
  if (golds.length === 0) {
    throw new ViperError(
      'fusion/split-missing',
      `no gold-labelled clips ${split ? `in split ${split}` : 'in the store'}: nothing to lint. Import labels ("viper import --labels labels.csv") or label clips in review${split ? ', or pick another split (--split)' : ''}.`,
      { subject: split ?? 'all' },
    );
  }
  const goldById = new Map(golds.map((clip) => [clip.clipId, clip]));
  const outcomes = new Map<LintRule, RuleOutcome>();

  // Smile rules, one FAU tensor at a time.
  const smileMissing: RuleOutcome = { flags: [], checked: 0, skippedBecause: null };
  const smileUnlabelled: RuleOutcome = { flags: [], checked: 0, skippedBecause: null };
  for (const tensor of store.fauTensors(split)) {
    const clip = goldById.get(tensor.clipId);
    const [frames, width] = tensor.shape ?? [];
    if (!clip || frames === undefined || width === undefined || width < FAU_MIN_WIDTH) continue;
    const smile = smileEvidence(float32FromBlob(tensor.data, `fau features of clip ${clip.fileId}`), frames, width, t);
    if (smile.faceFrames === 0) continue;
    smileMissing.checked += 1;
    smileUnlabelled.checked += 1;
    for (const f of smileFlags(clip, smile, t)) (f.rule === 'smile-missing' ? smileMissing : smileUnlabelled).flags.push(f);
  }
  for (const outcome of [smileMissing, smileUnlabelled]) {
    if (outcome.checked === 0) outcome.skippedBecause = 'no labelled clip has FAU features with a face: run "viper analyze"';
  }
  outcomes.set('smile-missing', smileMissing);
  outcomes.set('smile-unlabelled', smileUnlabelled);

  const noFace: RuleOutcome = { flags: [], checked: 0, skippedBecause: null };
  for (const frames of store.frameEvidence(split, t.speechMin)) {
    const clip = goldById.get(frames.clipId);
    if (!clip) continue;
    noFace.checked += 1;
    const f = noFaceFlag(clip, frames, t);
    if (f) noFace.flags.push(f);
  }
  if (noFace.checked === 0) noFace.skippedBecause = 'no labelled clip is analysed: run "viper analyze"';
  outcomes.set('no-face-no-speech', noFace);

  const runId = options.run !== undefined ? new RunsStore(db).get(options.run).id : store.latestTrainedRun();
  outcomes.set(
    'far-from-prediction',
    runId === null
      ? { flags: [], checked: 0, skippedBecause: 'no trained run: train one ("viper train") or name a run (--run)' }
      : farFromPrediction(golds, store.predictions(runId, split), runId, t),
  );
  outcomes.set('annotator-outlier', annotatorOutliers(rows, t));
  outcomes.set('identical-rows', identicalRows(golds, t));

  const flags: LintFlag[] = LINT_RULES.flatMap((rule) => outcomes.get(rule)?.flags ?? []);
  flags.sort((a, b) => a.fileId.localeCompare(b.fileId, undefined, { numeric: true }) || LINT_RULES.indexOf(a.rule) - LINT_RULES.indexOf(b.rule));
  return {
    split,
    runId,
    clips: golds.length,
    thresholds: t,
    rules: LINT_RULES.map((rule) => {
      const outcome = outcomes.get(rule) ?? { flags: [], checked: 0, skippedBecause: 'not run' };
      return { rule, flagged: outcome.flags.length, checked: outcome.checked, skippedBecause: outcome.skippedBecause };
    }),
    flags,
  };
}
