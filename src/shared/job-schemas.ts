/**
 * What every view of a job or a fusion run shares (store.status, fusion.runs): the state it reads as,
 * and for one that stopped short, the call and the command that resume it.
 */
import { z } from 'zod';
import { clipsContract } from './clips-api';

/**
 * 'interrupted' is never stored: a row stored as 'running' whose owning process is gone (killed, crashed,
 * its window closed) reads so; src/main/store/jobs-store.ts decides it when the row is read.
 */
export const JOB_STATES = ['running', 'interrupted', 'done', 'failed', 'cancelled'] as const;
export const jobStateSchema = z.enum(JOB_STATES);
export type JobState = z.infer<typeof jobStateSchema>;

/**
 * How to continue an interrupted or cancelled job: `command` for a terminal, `call` with `input` for a page
 * (the same call the job ran, with the inputs it recorded; work already stored is skipped).
 */
export const resumeHintSchema = z.discriminatedUnion('call', [
  z.object({ call: z.literal('clips.import'), command: z.string(), input: clipsContract['clips.import'].input }),
  z.object({ call: z.literal('clips.analyze'), command: z.string(), input: clipsContract['clips.analyze'].input }),
  z.object({ call: z.literal('clips.makeProxy'), command: z.string(), input: clipsContract['clips.makeProxy'].input }),
  // A training run resumes by its id alone: its recorded settings are kept.
  z.object({ call: z.literal('fusion.train'), command: z.string(), input: z.object({ resume: z.number().int().positive() }) }),
]);
export type ResumeHint = z.infer<typeof resumeHintSchema>;
