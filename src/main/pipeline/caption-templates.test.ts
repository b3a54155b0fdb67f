import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EMOTIONS } from '../../shared/emotions';
import { makeTempDir } from '../test-support/fixtures';
import { loadCaptionTemplates } from './caption-templates';

const temp = makeTempDir();
afterAll(() => temp.cleanup());

describe('caption templates', () => {
  it('ships three graded phrasings for every task emotion plus neutral ones, with unique ids and texts', () => {
    const templates = loadCaptionTemplates();
    for (const emotion of EMOTIONS) {
      for (const grade of ['slight', 'clear', 'strong']) expect(templates.filter((t) => t.emotion === emotion && t.grade === grade).length).toBeGreaterThanOrEqual(3);
    }
    expect(templates.filter((t) => t.emotion === null).length).toBeGreaterThanOrEqual(6);
    expect(new Set(templates.map((t) => t.id)).size).toBe(templates.length);
    expect(new Set(templates.map((t) => t.text)).size).toBe(templates.length);
    expect(templates.find((t) => t.id === 'amusement.strong.1')?.text).toBe('a person laughing out loud');
  });

  it('names the field that is wrong in an edited file', () => {
    const path = join(temp.dir, 'bad.json');
    writeFileSync(path, JSON.stringify({ version: 1, emotions: {}, neutral: ['calm'] }));
    expect(() => loadCaptionTemplates(path)).toThrow(expect.objectContaining({ code: 'captions/invalid', message: expect.stringContaining('emotions.Adoration') }));
    writeFileSync(path, '{ not json');
    expect(() => loadCaptionTemplates(path)).toThrow(expect.objectContaining({ code: 'captions/invalid', message: expect.stringContaining('bad.json: cannot read') }));
  });
});
