import { describe, expect, it } from 'vitest';
import { decodeLabelsFile } from './labels-file-text';

const CSV = 'File_ID,Split\n[00001],Train\n';

describe('decodeLabelsFile', () => {
  it('reads UTF-8, with or without a byte order mark', () => {
    expect(decodeLabelsFile(Buffer.from(CSV, 'utf8'), 'l.csv')).toBe(CSV);
    expect(decodeLabelsFile(Buffer.from(`\uFEFF${CSV}`, 'utf8'), 'l.csv')).toBe(CSV);
  });

  it('refuses UTF-16 with either byte order mark, and without one, saying how to re-save it', () => {
    const le = Buffer.from(`\uFEFF${CSV}`, 'utf16le');
    const be = Buffer.from(le).swap16();
    const bare = Buffer.from(CSV, 'utf16le');
    expect(() => decodeLabelsFile(le, 'l.csv')).toThrow(expect.objectContaining({ code: 'labels/wrong-encoding', message: expect.stringMatching(/^l\.csv: the file is UTF-16 \(little-endian\) text.*Save it again as "CSV UTF-8/) }));
    expect(() => decodeLabelsFile(be, 'l.csv')).toThrow(expect.objectContaining({ message: expect.stringContaining('UTF-16 (big-endian)') }));
    expect(() => decodeLabelsFile(bare, 'l.csv')).toThrow(expect.objectContaining({ message: expect.stringContaining('UTF-16 (little-endian)') }));
    expect(() => decodeLabelsFile(Buffer.from(bare).swap16(), 'l.csv')).toThrow(expect.objectContaining({ message: expect.stringContaining('UTF-16 (big-endian)') }));
  });

  it('refuses Latin-1 text and binary bytes', () => {
    expect(() => decodeLabelsFile(Buffer.from('File_ID,Country\n[1],Côte d\'Ivoire\n', 'latin1'), 'l.csv')).toThrow(expect.objectContaining({ code: 'labels/wrong-encoding', message: expect.stringContaining('not valid UTF-8') }));
    expect(() => decodeLabelsFile(Buffer.from([0x46, 0x00, 0x49, 0x44, 0x0a, 0x31, 0x32, 0x33, 0x34]), 'l.csv')).toThrow(expect.objectContaining({ message: expect.stringContaining('NUL bytes') }));
  });
});
