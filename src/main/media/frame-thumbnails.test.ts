import { describe, expect, it } from 'vitest';
import { splitJpegStream } from './frame-thumbnails';

describe('splitJpegStream', () => {
  it('splits concatenated JPEGs at each end marker, stuffed FF bytes inside left alone', () => {
    const a = Buffer.from([0xff, 0xd8, 0x01, 0xff, 0x00, 0x02, 0xff, 0xd9]);
    const b = Buffer.from([0xff, 0xd8, 0xff, 0xff, 0x00, 0xff, 0xd9]);
    expect(splitJpegStream(Buffer.concat([a, b]))).toEqual([a, b]);
    expect(splitJpegStream(Buffer.alloc(0))).toEqual([]);
  });
});
