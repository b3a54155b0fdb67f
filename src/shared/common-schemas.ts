/**
 * The pieces the contract's domains share (src/shared/*-api.ts): each is defined here once, so a
 * modality, a run kind or the bootstrap's resample count means the same in every call that takes it.
 */
import { z } from 'zod';
import { NAME_MAX_CHARS, NO_CONTROL_CHARACTERS } from './person-name';
import { EMOTIONS, SPLITS } from './emotions';
import { ERROR_CODES } from './errors';
import { INPUT_LIMITS } from './input-limits';

export { INPUT_LIMITS };

/** A file or folder path given to a call. */
export const pathSchema = z.string().min(1).max(INPUT_LIMITS.pathChars);

/** An ErrorInfo as it appears inside a result (a failed file, a skipped clip). */
export const errorInfoSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  subject: z.string().optional(),
});

/** The parts of a frame token, in the authors' concatenation order. */
export const MODALITIES = ['image', 'audio', 'text', 'fau'] as const;
export type Modality = (typeof MODALITIES)[number];
export const modalitySchema = z.enum(MODALITIES);
/** A call's choice of modalities: at least one; all four unless said otherwise. */
export const modalitiesSchema = z.array(modalitySchema).min(1).max(MODALITIES.length).default([...MODALITIES]);

export const splitSchema = z.enum(SPLITS);

/**
 * The analysis protocol, chosen on import, analyse and train: 'default' is this workstation's (the paper's
 * sampling, frames without the subject's face masked out of the fusion); 'authors-code' reproduces the
 * authors' published code (their sampling arithmetic, faceless frames kept whole, a failed FAU frame all
 * zeros, the Perceiver called without an attention mask). README "Protocols" says what each changes.
 */
export const PROTOCOLS = ['default', 'authors-code'] as const;
export type Protocol = (typeof PROTOCOLS)[number];
export const protocolSchema = z.enum(PROTOCOLS);

type EmotionShape = Record<(typeof EMOTIONS)[number], z.ZodNumber>;

/** Seven numbers keyed by emotion (gold labels, predictions). */
export const emotionVectorSchema = z.object(Object.fromEntries(EMOTIONS.map((emotion) => [emotion, z.number()])) as EmotionShape);

/** Seven intensities a person sets: each in [0,1], so a bad value is refused naming its emotion. */
export const emotionIntensitiesSchema = z.object(
  Object.fromEntries(EMOTIONS.map((emotion) => [emotion, z.number().min(0).max(1)])) as EmotionShape,
);

type LabelShape = Record<(typeof EMOTIONS)[number], z.ZodNullable<z.ZodNumber>>;

/** A person's labels: each emotion in [0,1], or null while not set (unset is not 0). */
export const labelValuesSchema = z.object(Object.fromEntries(EMOTIONS.map((emotion) => [emotion, z.number().min(0).max(1).nullable()])) as LabelShape);

/** A clip named by its database id or its File_ID. */
export const clipRefSchema = z.union([z.number().int().positive(), z.string().min(1).max(INPUT_LIMITS.fileIdChars)]);
/** Clips named by id or File_ID; empty means every stored clip. */
export const clipRefsSchema = z.array(clipRefSchema).max(INPUT_LIMITS.clips).default([]);

/** An annotator's name; 'gold' is the labels that train and score. */
/** A person's or annotator's name as it is recorded (person-name.ts says what it may be, and why). */
const personNameSchema = z
  .string()
  .trim()
  .min(1, 'a name is needed')
  .max(NAME_MAX_CHARS)
  .regex(NO_CONTROL_CHARACTERS, 'a name may not contain control characters (tabs, line breaks, escapes)');
export const annotatorSchema = personNameSchema;
/** A person recorded as the author of an edit. */
export const userNameSchema = personNameSchema;

/** What made a fusion run's predictions: a trained Perceiver, or the untrained FAU prior. */
export const RUN_KINDS = ['perceiver', 'prior'] as const;
export type RunKind = (typeof RUN_KINDS)[number];
export const runKindSchema = z.enum(RUN_KINDS);

/** A fusion run by id; the latest finished run when left out. */
export const runIdSchema = z.number().int().positive().optional();

/** How many resamples the bootstrap 95 % interval of mean Pearson draws. */
export const DEFAULT_RESAMPLES = 1000;
export const resamplesSchema = z.number().int().min(100).max(100_000).default(DEFAULT_RESAMPLES);
