import { describe, expect, it } from 'vitest';
import type { ClipSummary } from '../../../shared/api';
import { EMOTIONS } from '../../../shared/emotions';
import { clipStatus, DEFAULT_VIEW, viewClips } from './clip-view';
import { REVIEW_QUEUE_ORDERS, reviewQueueOf } from './review-order';

function clip(id: number, fileId: string, extra: Partial<ClipSummary> = {}): ClipSummary {
  return {
    id, fileId, path: `/v/${fileId}.mp4`, importPath: null, fileState: 'ok', split: 'Train', durationS: 1, fps: 30, frameCount: 30, width: 1, height: 1, rotationDeg: 0,
    videoCodec: 'h264', audioCodec: null, hasAudio: false, audioSilent: null, audioPath: null, sampleCount: 32, samplingMethod: 'paper', importedAt: '',
    labels: null, analysed: false, predictionError: null, predictionUncertainty: null, ...extra,
  };
}
const gold = Object.fromEntries(EMOTIONS.map((e) => [e, 0.5])) as NonNullable<ClipSummary['labels']>;

describe('viewClips', () => {
  const clips = [
    clip(1, '00010', { labels: gold, predictionError: 0.1, predictionUncertainty: 0.02 }),
    clip(2, '00002', { split: 'Val', labels: { ...gold, Fear: 0.9 }, predictionError: 0.4, predictionUncertainty: 0.01 }),
    clip(3, '00003', { split: null }),
    clip(4, '00004', { split: 'Test', predictionUncertainty: 0.05 }),
  ];

  it('sorts File_IDs numerically and filters by split, labels and search', () => {
    expect(viewClips(clips, DEFAULT_VIEW).map((c) => c.id)).toEqual([2, 3, 4, 1]);
    expect(viewClips(clips, { ...DEFAULT_VIEW, split: 'none' }).map((c) => c.id)).toEqual([3]);
    expect(viewClips(clips, { ...DEFAULT_VIEW, labels: 'unlabelled' }).map((c) => c.id)).toEqual([3, 4]);
    expect(viewClips(clips, { ...DEFAULT_VIEW, search: '0001' }).map((c) => c.id)).toEqual([1]);
  });

  it("keeps only the lint's flagged clips under 'doubtful labels', and none before the lint answers", () => {
    expect(viewClips(clips, { ...DEFAULT_VIEW, labels: 'doubtful' }, new Set([1, 3])).map((c) => c.id)).toEqual([3, 1]);
    expect(viewClips(clips, { ...DEFAULT_VIEW, labels: 'doubtful', split: 'Train' }, new Set([1, 2])).map((c) => c.id)).toEqual([1]);
    expect(viewClips(clips, { ...DEFAULT_VIEW, labels: 'doubtful' })).toEqual([]);
  });

  it('puts the largest prediction error first in the review queue, and missing values last', () => {
    expect(viewClips(clips, REVIEW_QUEUE_ORDERS.error.view).map((c) => c.id)).toEqual([2, 1]);
    expect(viewClips(clips, { ...DEFAULT_VIEW, sort: 'Fear', descending: true }).map((c) => c.id)).toEqual([2, 1, 3, 4]);
  });

  it('orders the review queue by uncertainty over every clip, labelled or not, unmeasured ones last', () => {
    expect(viewClips(clips, REVIEW_QUEUE_ORDERS.uncertainty.view).map((c) => c.id)).toEqual([4, 1, 2, 3]);
    expect(reviewQueueOf(REVIEW_QUEUE_ORDERS.uncertainty.view)).toBe('uncertainty');
    expect(reviewQueueOf({ ...REVIEW_QUEUE_ORDERS.error.view })).toBe('error');
    expect(reviewQueueOf({ ...REVIEW_QUEUE_ORDERS.error.view, search: 'x' })).toBeNull();
  });

  it('shows a clip whose file moved or changed as such, before its analysis state', () => {
    expect(clipStatus(clip(4, '00004', { predictionError: 0.2, analysed: true, fileState: 'moved-or-changed' }))).toBe('moved or changed');
    expect(clipStatus(clip(5, '00005', { analysed: true }))).toBe('analysed');
  });

  it('keeps 25,067 clips fast enough to filter on every keystroke', () => {
    const many = Array.from({ length: 25_067 }, (_, i) => clip(i + 1, String(i).padStart(5, '0'), { labels: gold, predictionError: (i % 97) / 97 }));
    const started = performance.now();
    viewClips(many, { ...REVIEW_QUEUE_ORDERS.error.view, search: '1' });
    expect(performance.now() - started).toBeLessThan(500);
  });
});
