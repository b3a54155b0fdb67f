import { describe, expect, it } from 'vitest';
import { parseMetadataFilter } from './metadata-filter';

describe('parseMetadataFilter', () => {
  it('reads comma- or semicolon-separated column=value conditions', () => {
    expect(parseMetadataFilter(' Country = USA; Age=25 ')).toEqual({ conditions: [{ key: 'Country', value: 'USA' }, { key: 'Age', value: '25' }] });
    expect(parseMetadataFilter('')).toEqual({ conditions: [] });
  });

  it('names the part that is not column=value', () => {
    expect(parseMetadataFilter('Country=USA, Age')).toEqual({ error: '"Age" is not column=value (e.g. Country=USA)' });
    expect(parseMetadataFilter('=USA')).toMatchObject({ error: expect.stringContaining('"=USA"') });
  });
});
