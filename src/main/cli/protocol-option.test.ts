import { describe, expect, it } from 'vitest';
import { samplingMethodOf } from './protocol-option';

describe('--protocol on import', () => {
  it("samples as the profile says, takes --sampling alone as before, and both when they agree", () => {
    expect(samplingMethodOf('authors-code', undefined)).toBe('authors-code');
    expect(samplingMethodOf('default', undefined)).toBe('paper');
    expect(samplingMethodOf(undefined, 'authors-code')).toBe('authors-code');
    expect(samplingMethodOf(undefined, undefined)).toBeUndefined();
    expect(samplingMethodOf('authors-code', 'authors-code')).toBe('authors-code');
  });

  it('refuses a --sampling that contradicts the profile, naming both', () => {
    expect(() => samplingMethodOf('authors-code', 'paper')).toThrow(expect.objectContaining({ code: 'api/invalid-input', message: expect.stringMatching(/--protocol authors-code.*--sampling paper/) }));
  });
});
