/**
 * Every list and string of the contract is bounded: an input far beyond what a user can mean is refused
 * as api/invalid-input naming its field, at once, before any handler could spend time on it.
 */
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { INPUT_LIMITS } from './input-limits';
import { parseApiInput } from './validate';

function refusal(run: () => unknown): { code?: string; subject?: string; message?: string; ms: number } {
  const start = performance.now();
  try {
    run();
  } catch (error) {
    const { code, subject, message } = error as { code?: string; subject?: string; message?: string };
    return { code, subject, message, ms: performance.now() - start };
  }
  throw new Error('the input was accepted');
}

const names = (count: number, length = 8): string[] => Array.from({ length: count }, (_, i) => `a${String(i).padStart(length - 1, '0')}`);

describe('input bounds', () => {
  it('refuses 40,000 annotator names as api/invalid-input naming the field, in under 50 ms', () => {
    parseApiInput('annotators.agreement', { annotators: names(10) }); // warm the schema
    const input = { annotators: names(40_000) };
    const refused = refusal(() => parseApiInput('annotators.agreement', input));
    expect(refused).toMatchObject({ code: 'api/invalid-input', subject: 'annotators' });
    expect(refused.message).toMatch(/annotators: .*64/);
    expect(refused.ms).toBeLessThan(50);
    expect(parseApiInput('annotators.agreement', { annotators: names(INPUT_LIMITS.annotators) }).annotators).toHaveLength(64);
  });

  it('keeps the message short when thousands of items are wrong', () => {
    const refused = refusal(() => parseApiInput('annotators.agreement', { annotators: names(INPUT_LIMITS.annotators, 100) }));
    expect(refused.code).toBe('api/invalid-input');
    expect(refused.message?.length).toBeLessThan(1000);
    expect(refused.message).toMatch(/and \d+ more$/);
  });

  it.each([
    ['clips.import', 'paths.0', { paths: ['x'.repeat(INPUT_LIMITS.pathChars + 1)] }],
    ['clips.import', 'paths', { paths: Array(INPUT_LIMITS.paths + 1).fill('a.mp4') }],
    ['clips.import', 'labelsCsv', { labelsCsv: 'x'.repeat(INPUT_LIMITS.pathChars + 1) }],
    ['clips.list', 'search', { search: 'x'.repeat(INPUT_LIMITS.textChars + 1) }],
    ['clips.list', 'limit', { limit: INPUT_LIMITS.clips + 1 }],
    ['clips.list', 'offset', { offset: INPUT_LIMITS.clips + 1 }],
    ['clips.get', 'clip', { clip: 'x'.repeat(INPUT_LIMITS.fileIdChars + 1) }],
    ['clips.analyze', 'clips', { clips: Array(INPUT_LIMITS.clips + 1).fill(1) }],
    ['clips.analyze', 'modalities', { modalities: Array(5).fill('image') }],
    ['features.export', 'out', { out: 'x'.repeat(INPUT_LIMITS.pathChars + 1) }],
    ['features.export', 'clips', { out: 'o', clips: Array(INPUT_LIMITS.clips + 1).fill('00001') }],
    ['labels.get', 'annotator', { clip: 1, annotator: 'x'.repeat(INPUT_LIMITS.nameChars + 1) }],
    ['labels.save', 'values.Adoration', { clip: 1, values: {}, expectedVersion: 0, editedBy: 'x'.repeat(INPUT_LIMITS.nameChars + 1) }],
    ['models.build', 'only', { only: names(INPUT_LIMITS.modelIds + 1) }],
    ['fusion.train', 'epochs', { epochs: 1e9 }],
    ['evaluation.summary', 'resamples', { resamples: 1e9 }],
  ] as const)('%s refuses a too-big %s', (call, field, input) => {
    // Timed on the second call: the 50 ms is about the work of refusing, not about loading the schema.
    refusal(() => parseApiInput(call, input));
    const refused = refusal(() => parseApiInput(call, input));
    expect(refused).toMatchObject({ code: 'api/invalid-input', subject: field });
    expect(refused.ms).toBeLessThan(50);
  });

  it('still takes inputs at the limits', () => {
    expect(parseApiInput('clips.list', { limit: INPUT_LIMITS.clips, search: 'x'.repeat(INPUT_LIMITS.textChars) }).limit).toBe(INPUT_LIMITS.clips);
    expect(parseApiInput('clips.import', { paths: ['/'.repeat(INPUT_LIMITS.pathChars)] }).paths).toHaveLength(1);
    expect(parseApiInput('clips.analyze', { clips: Array(INPUT_LIMITS.clips).fill(1) }).clips).toHaveLength(INPUT_LIMITS.clips);
  });
});
