/** The features call of the API contract (spread into apiContract in api.ts): stored tokens out as NumPy files. */
import { z } from 'zod';
import { clipRefsSchema, errorInfoSchema, modalitiesSchema, pathSchema, splitSchema } from './common-schemas';

export const featuresContract = {
  /**
   * Stored features as NumPy files in `out`: <part>.npy [clips, N, D] per token part, presence.npy
   * [clips, N, 4], mask.npy [clips, N] float32, and index.json / index.csv naming each row's clip.
   */
  'features.export': {
    input: z.object({
      /** Clip ids or File_IDs, in the row order wanted; every stored clip (File_ID order) when empty. */
      clips: clipRefsSchema,
      /** The folder to write; created if missing. Files of an earlier export there are replaced. */
      out: pathSchema,
      modalities: modalitiesSchema,
      split: splitSchema.optional(),
    }),
    output: z.object({
      out: z.string(),
      clips: z.number().int(),
      frames: z.number().int(),
      files: z.array(z.object({ file: z.string(), shape: z.array(z.number().int()) })),
      /** Clips left out (not analysed, stale features, another split), each with the fix. */
      skipped: z.array(errorInfoSchema),
    }),
  },
} as const;
