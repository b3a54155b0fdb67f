import { describe, expect, it } from 'vitest';
import { parseLabelsCsv } from './labels-csv';

const HEADER = 'File_ID,Split,Adoration,Amusement,Anxiety,Disgust,Empathic-Pain,Fear,Surprise';

describe('parseLabelsCsv', () => {
  it('reads the challenge layout, brackets around File_ID and all', () => {
    const parsed = parseLabelsCsv(`${HEADER}\n[00001],Train,0.1,0.2,0.3,0.4,0.5,0.6,0.7\n00002,Val,0,0,0,0,0,0,1\n`, 'l.csv');
    expect(parsed.failed).toEqual([]);
    expect(parsed.rows).toEqual([
      { line: 2, rawFileId: '[00001]', fileId: '00001', split: 'Train', values: { Adoration: 0.1, Amusement: 0.2, Anxiety: 0.3, Disgust: 0.4, 'Empathic-Pain': 0.5, Fear: 0.6, Surprise: 0.7 } },
      { line: 3, rawFileId: '00002', fileId: '00002', split: 'Val', values: { Adoration: 0, Amusement: 0, Anxiety: 0, Disgust: 0, 'Empathic-Pain': 0, Fear: 0, Surprise: 1 } },
    ]);
  });

  it('accepts the emotion columns in any order, a BOM, and Test rows without intensities', () => {
    const text = '\uFEFFSurprise,Fear,Empathic Pain,Disgust,Anxiety,Amusement,Adoration,Split,File_ID\n0.7,0.6,0.5,0.4,0.3,0.2,0.1,test,[7]\n,,,,,,,Test,[8]\n';
    const parsed = parseLabelsCsv(text, 'l.csv');
    expect(parsed.failed).toEqual([]);
    expect(parsed.rows[0]).toMatchObject({ fileId: '7', split: 'Test', values: { Adoration: 0.1, Surprise: 0.7, 'Empathic-Pain': 0.5 } });
    expect(parsed.rows[1]).toMatchObject({ fileId: '8', split: 'Test', values: null });
  });

  it('rejects the whole file when a column is missing, naming it', () => {
    expect(() => parseLabelsCsv('File_ID,Split,Adoration,Amusement,Anxiety,Disgust,Fear,Surprise\n1,Train,0,0,0,0,0,0\n', 'l.csv')).toThrow(
      expect.objectContaining({ code: 'labels/missing-column', message: expect.stringMatching(/l\.csv: missing column\(s\) Empathic-Pain/) }),
    );
  });

  it('names the line, the field and the fix for each bad row, and keeps the good rows', () => {
    const text = [
      HEADER,
      '[1],Train,0.1,0.2,0.3,0.4,0.5,0.6,0.7',
      '[2],Train,0.1,abc,0.3,0.4,0.5,0.6,0.7',
      '[3],Train,0.1,0.2,1.3,0.4,0.5,0.6,0.7',
      '[4],Holdout,0.1,0.2,0.3,0.4,0.5,0.6,0.7',
      '[5],Train,0.1,,0.3,0.4,0.5,0.6,0.7',
      '[6],Val,0.1,0.2,0.3,0.4,0.5,0.6,0.7',
      '[6],Val,0.2,0.2,0.3,0.4,0.5,0.6,0.7',
      ',Train,0.1,0.2,0.3,0.4,0.5,0.6,0.7',
      '[9],Train,-0.1,0.2,0.3,0.4,0.5,0.6,0.7',
    ].join('\n');
    const parsed = parseLabelsCsv(text, 'l.csv');
    expect(parsed.rows.map((r) => r.fileId)).toEqual(['1']);
    const byLine = Object.fromEntries(parsed.failed.map((f) => [f.subject, f]));
    expect(byLine['l.csv:3']).toMatchObject({ code: 'labels/bad-value', message: expect.stringContaining('l.csv line 3: Amusement for File_ID 2 is "abc", not a number') });
    expect(byLine['l.csv:4']).toMatchObject({ code: 'labels/out-of-range', message: expect.stringContaining('Anxiety for File_ID 3 is 1.3, outside [0,1]') });
    expect(byLine['l.csv:5']).toMatchObject({ code: 'labels/bad-split', message: expect.stringContaining('Split "Holdout"') });
    expect(byLine['l.csv:6']).toMatchObject({ code: 'labels/bad-value', message: expect.stringContaining('Amusement for File_ID 5 is empty') });
    expect(byLine['l.csv:7']).toMatchObject({ code: 'labels/duplicate-id', message: expect.stringContaining('File_ID 6 appears on lines 7, 8; none of them was applied') });
    expect(byLine['l.csv:9']).toMatchObject({ code: 'labels/bad-value', message: expect.stringContaining('File_ID is empty') });
    expect(byLine['l.csv:10']).toMatchObject({ code: 'labels/out-of-range', message: expect.stringContaining('Adoration for File_ID 9 is -0.1') });
    expect(parsed.failed).toHaveLength(7);
  });
});
