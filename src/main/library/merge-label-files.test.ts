import { describe, expect, it } from 'vitest';
import { parseLabelsCsv } from './labels-csv';
import { mergeLabelFiles } from './merge-label-files';

const LABELS = 'File_ID,Adoration,Amusement,Anxiety,Disgust,Empathic-Pain,Fear,Surprise\n[00001],0.1,0.2,0.3,0.4,0.5,0.6,0.7\n[00002],0,0,0,0,0,0,1\n';

describe('mergeLabelFiles', () => {
  it("merges MuSe 2022's labels.csv (no split) with its partition.csv by File_ID", () => {
    const labels = parseLabelsCsv(LABELS, 'labels.csv');
    const partition = parseLabelsCsv('Id,Partition\n[00001],train\n[2],devel\n[00003],test\n', 'partition.csv');
    const { labels: merged, failed } = mergeLabelFiles([labels, partition]);
    expect(failed).toEqual([]);
    expect(merged.map((m) => [m.fileId, m.rawFileId, m.splitGiven, m.split, m.values?.Surprise ?? null, m.places])).toEqual([
      ['00001', '[00001]', true, 'Train', 0.7, ['labels.csv line 2', 'partition.csv line 2']],
      ['00002', '[00002]', true, 'Val', 1, ['labels.csv line 3', 'partition.csv line 3']],
      ['00003', '[00003]', true, 'Test', null, ['partition.csv line 4']],
    ]);
  });

  it('refuses a clip whose split differs between files, naming both files and lines, and keeps the others', () => {
    const a = parseLabelsCsv('File_ID,Split\n[00001],Train\n[00002],Val\n', 'a.csv');
    const b = parseLabelsCsv('Id,Partition\n[00002],test\n[00001],train\n', 'b.csv');
    const { labels: merged, failed } = mergeLabelFiles([a, b]);
    expect(merged.map((m) => m.fileId)).toEqual(['00001']);
    expect(failed).toEqual([
      {
        code: 'labels/split-conflict',
        subject: 'b.csv:2',
        message: 'b.csv line 2: File_ID 00002 is Test here but Val in a.csv line 3; the clip was left as it was. Correct one of the two files.',
      },
    ]);
  });

  it('refuses different intensities for one clip in two files, and accepts the same ones', () => {
    const same = mergeLabelFiles([parseLabelsCsv(LABELS, 'a.csv'), parseLabelsCsv(LABELS, 'b.csv')]);
    expect(same.failed).toEqual([]);
    const other = mergeLabelFiles([parseLabelsCsv(LABELS, 'a.csv'), parseLabelsCsv(LABELS.replace('0.7', '0.9'), 'b.csv')]);
    expect(other.labels.map((m) => m.fileId)).toEqual(['00002']);
    expect(other.failed).toEqual([expect.objectContaining({ code: 'labels/duplicate-id', subject: 'b.csv:2', message: expect.stringContaining('File_ID 00001 has other intensities in a.csv line 2') })]);
  });
});
