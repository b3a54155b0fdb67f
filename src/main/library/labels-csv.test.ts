import { describe, expect, it } from 'vitest';
import { parseLabelsCsv } from './labels-csv';

const HEADER = 'File_ID,Split,Adoration,Amusement,Anxiety,Disgust,Empathic-Pain,Fear,Surprise';

describe('parseLabelsCsv', () => {
  it('reads the challenge layout, brackets around File_ID and all', () => {
    const parsed = parseLabelsCsv(`${HEADER}\n[00001],Train,0.1,0.2,0.3,0.4,0.5,0.6,0.7\n00002,Val,0,0,0,0,0,0,1\n`, 'l.csv');
    expect(parsed.failed).toEqual([]);
    expect(parsed.rows).toEqual([
      { file: 'l.csv', line: 2, rawFileId: '[00001]', fileId: '00001', split: 'Train', metadata: {}, values: { Adoration: 0.1, Amusement: 0.2, Anxiety: 0.3, Disgust: 0.4, 'Empathic-Pain': 0.5, Fear: 0.6, Surprise: 0.7 } },
      { file: 'l.csv', line: 3, rawFileId: '00002', fileId: '00002', split: 'Val', metadata: {}, values: { Adoration: 0, Amusement: 0, Anxiety: 0, Disgust: 0, 'Empathic-Pain': 0, Fear: 0, Surprise: 1 } },
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
    // Row 5 leaves Amusement empty: unset, kept as stored (not an error since unset is a state).
    expect(parsed.rows.map((r) => r.fileId)).toEqual(['1', '5']);
    expect(parsed.rows[1]?.values?.Amusement).toBeNull();
    const byLine = Object.fromEntries(parsed.failed.map((f) => [f.subject, f]));
    expect(byLine['l.csv:3']).toMatchObject({ code: 'labels/bad-value', message: expect.stringContaining('l.csv line 3: Amusement for File_ID 2 is "abc", not a number') });
    expect(byLine['l.csv:4']).toMatchObject({ code: 'labels/out-of-range', message: expect.stringContaining('Anxiety for File_ID 3 is 1.3, outside [0,1]') });
    expect(byLine['l.csv:5']).toMatchObject({ code: 'labels/bad-split', message: expect.stringContaining('Split "Holdout"') });
    expect(byLine['l.csv:7']).toMatchObject({ code: 'labels/duplicate-id', message: expect.stringContaining('File_ID 6 appears on lines 7, 8; none of them was applied') });
    expect(byLine['l.csv:9']).toMatchObject({ code: 'labels/bad-value', message: expect.stringContaining('File_ID is empty') });
    expect(byLine['l.csv:10']).toMatchObject({ code: 'labels/out-of-range', message: expect.stringContaining('Adoration for File_ID 9 is -0.1') });
    expect(parsed.failed).toHaveLength(6);
  });

  it('refuses a header that names a column twice, naming it and both positions', () => {
    for (const [header, first, second] of [
      ['File_ID,Split,Adoration,Amusement,Anxiety,Disgust,Empathic-Pain,Fear,Surprise,amusement', '"Amusement" (column 4)', '"amusement" (column 10)'],
      ['File_ID,Split,Adoration,Amusement,Anxiety,Disgust,Empathic-Pain,Fear,Surprise,Partition', '"Split" (column 2)', '"Partition" (column 10)'],
      ['File_ID,Split,Adoration,Amusement,Anxiety,Disgust,Empathic-Pain,Fear,Surprise,Id', '"File_ID" (column 1)', '"Id" (column 10)'],
      ['File_ID,Split,Adoration,Amusement,Anxiety,Disgust,Empathic Pain,Fear,Surprise,Age,AGE', '"Age" (column 10)', '"AGE" (column 11)'],
    ] as const) {
      expect(() => parseLabelsCsv(`${header}\n[1],Train,0,0,0,0,0,0,0,1,2\n`, 'd.csv')).toThrow(
        expect.objectContaining({ code: 'labels/duplicate-column', subject: 'd.csv:1', message: expect.stringContaining(`d.csv: the header names one column twice: ${first} and ${second}`) }),
      );
    }
  });

  it('refuses numbers not written as plain decimals, naming the line and the field', () => {
    const bad = ['0x1', '0b1', '0o1', '1_0', 'Infinity', '-Infinity', '1e', '.', '1.2.3', '+', '１'];
    const text = [HEADER, ...bad.map((cell, i) => `[${i}],Train,0.1,${cell},0.3,0.4,0.5,0.6,0.7`), '[99],Train,.5,1e-3,5.e-1,+0.25,0E0,1,0'].join('\n');
    const parsed = parseLabelsCsv(text, 'l.csv');
    expect(parsed.failed.map((f) => [f.code, f.subject])).toEqual(bad.map((_, i) => ['labels/bad-value', `l.csv:${i + 2}`]));
    expect(parsed.failed[0]?.message).toBe('l.csv line 2: Amusement for File_ID 0 is "0x1", not a number in plain decimal form. Write it like 0.25, .25 or 2.5e-1 (no hex, binary, underscores or Infinity).');
    expect(parsed.rows.map((r) => r.values)).toEqual([{ Adoration: 0.5, Amusement: 0.001, Anxiety: 0.5, Disgust: 0.25, 'Empathic-Pain': 0, Fear: 1, Surprise: 0 }]);
  });

  it('reads nan, NaN, NA, null and empty cells as unset: a Test row keeps its split', () => {
    const text = [HEADER, '[1],Test,nan,nan,nan,nan,nan,nan,nan', '[2],Test,NaN,NA,null,,NAN,na,Null', '[3],nan,,,,,,,', '[4],Train,0.1,nan,0,0,0,0,0'].join('\n');
    const parsed = parseLabelsCsv(text, 'l.csv');
    expect(parsed.rows.map((r) => [r.fileId, r.split, r.values])).toEqual([
      ['1', 'Test', null],
      ['2', 'Test', null],
      ['3', null, null],
      // Some set, one not: the unset one is null (it keeps whatever is stored), the others are values.
      ['4', 'Train', { Adoration: 0.1, Amusement: null, Anxiety: 0, Disgust: 0, 'Empathic-Pain': 0, Fear: 0, Surprise: 0 }],
    ]);
    expect(parsed.failed).toEqual([]);
  });

  it('keeps extra columns as metadata and says so once per file', () => {
    const text = ['File_ID,Split,Adoration,Amusement,Anxiety,Disgust,Empathic-Pain,Fear,Surprise,Age,Country,', '[00001],Train,0,0,0,0,0,0,0,25,USA,x', '[00002],Test,nan,nan,nan,nan,nan,nan,nan,nan,South Africa,y'].join('\n');
    const parsed = parseLabelsCsv(text, 'data_info.csv');
    expect(parsed.failed).toEqual([]);
    expect(parsed.rows.map((r) => r.metadata)).toEqual([{ Age: '25', Country: 'USA' }, { Country: 'South Africa' }]);
    expect(parsed.warnings).toEqual([
      'data_info.csv: column(s) Age, Country are not labels; they are kept as clip metadata ("viper show", the Library\'s filter), never used as labels.',
      'data_info.csv: column(s) 12 have no name and were ignored.',
    ]);
    expect(parsed.hasMetadataColumns).toBe(true);
  });

  it('reads a split-only partition file: Id and Partition, devel for Val', () => {
    const parsed = parseLabelsCsv('Id,Partition\n[00001],train\n[00002],devel\n[00003],test\n[00004],dev\n', 'partition.csv');
    expect(parsed.failed).toEqual([]);
    expect(parsed).toMatchObject({ hasSplitColumn: true, hasEmotionColumns: false, warnings: [] });
    expect(parsed.rows.map((r) => [r.fileId, r.split, r.values])).toEqual([
      ['00001', 'Train', null],
      ['00002', 'Val', null],
      ['00003', 'Test', null],
      ['00004', 'Val', null],
    ]);
    expect(() => parseLabelsCsv('File_ID,Country\n[1],USA\n', 'm.csv')).toThrow(expect.objectContaining({ code: 'labels/missing-column' }));
  });
});
