import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMOTIONS, type EmotionVector } from '../../shared/emotions';
import { createApiContext, type ApiContext } from '../api/context';
import { makeTempDir } from '../test-support/fixtures';
import { storeClip } from '../test-support/stored-clip';
import { ClipsStore } from './clips-store';
import { EMOTION_COLUMN_LIST } from './emotion-columns';
import { LabelsStore } from './labels-store';
import { PredictionsStore } from './predictions-store';

let temp: ReturnType<typeof makeTempDir>;
let ctx: ApiContext;

beforeEach(() => {
  temp = makeTempDir('viper-clips-store-');
  ctx = createApiContext(join(temp.dir, 'viper.db'), { actor: 'test', env: {} });
});

afterEach(() => {
  ctx.close();
  temp.cleanup();
});

const level = (value: number): EmotionVector => Object.fromEntries(EMOTIONS.map((e) => [e, value])) as EmotionVector;

function predict(runId: number, clipId: number, value: number): void {
  ctx.db.prepare("INSERT OR IGNORE INTO fusion_runs (id, created_at, kind, modalities, config_json, state) VALUES (?, 'now', 'prior', 'fau', '{}', 'done')").run(runId);
  ctx.db
    .prepare(`INSERT INTO predictions (run_id, clip_id, ${EMOTION_COLUMN_LIST}, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(runId, clipId, ...EMOTIONS.map(() => value), 'now');
}

describe('ClipsStore summaries', () => {
  it('give the mean |prediction − gold| of the latest run, null without gold or prediction', () => {
    const labelled = storeClip(ctx, 'a', '/x/a.mp4');
    const unlabelled = storeClip(ctx, 'b', '/x/b.mp4');
    new LabelsStore(ctx.db).write({ clipId: labelled, annotator: 'gold', values: level(0.5), editedBy: 't', source: 'cli', at: 'now' });
    const clips = new ClipsStore(ctx.db);
    expect(clips.get(labelled)).toMatchObject({ predictionError: null, analysed: false });
    predict(1, labelled, 0.9);
    predict(1, unlabelled, 0.9);
    predict(2, labelled, 0.2);
    expect(clips.get(labelled)?.predictionError).toBeCloseTo(0.3);
    expect(clips.get(unlabelled)?.predictionError).toBeNull();
  });

  it("give the same run's uncertainty, labelled or not, null where it was not measured", () => {
    const labelled = storeClip(ctx, 'a', '/x/a.mp4');
    const unlabelled = storeClip(ctx, 'b', '/x/b.mp4');
    new LabelsStore(ctx.db).write({ clipId: labelled, annotator: 'gold', values: level(0.5), editedBy: 't', source: 'cli', at: 'now' });
    predict(1, labelled, 0.9);
    predict(1, unlabelled, 0.9);
    new PredictionsStore(ctx.db).writeUncertainty(1, [{ clipId: unlabelled, uncertainty: 0.125 }]);
    const clips = new ClipsStore(ctx.db);
    expect(clips.get(unlabelled)?.predictionUncertainty).toBe(0.125);
    expect(clips.get(labelled)?.predictionUncertainty).toBeNull();
    // A later run without uncertainty (the prior) is what the Library shows: none measured.
    predict(2, unlabelled, 0.2);
    expect(clips.get(unlabelled)?.predictionUncertainty).toBeNull();
  });
});
