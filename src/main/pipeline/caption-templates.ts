/**
 * Caption templates: the sentences a frame's caption is chosen from. They are data
 * (resources/captions/templates.json, or the file VIPER_CAPTIONS names) so a lab can edit them;
 * each gets a stable id "<emotion>.<grade>.<n>" (neutral: "neutral.<n>").
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { EMOTIONS, type Emotion } from '../../shared/emotions';
import { ViperError } from '../../shared/errors';

export const INTENSITY_GRADES = ['slight', 'clear', 'strong'] as const;
export type IntensityGrade = (typeof INTENSITY_GRADES)[number];

export interface CaptionTemplate {
  id: string;
  text: string;
  /** null for the neutral templates. */
  emotion: Emotion | null;
  grade: IntensityGrade | null;
}

const phrasings = z.array(z.string().trim().min(3)).min(1);
const templatesFileSchema = z.object({
  version: z.literal(1),
  emotions: z.object(
    Object.fromEntries(EMOTIONS.map((emotion) => [emotion, z.object({ slight: phrasings, clear: phrasings, strong: phrasings })])) as Record<
      Emotion,
      z.ZodObject<{ slight: typeof phrasings; clear: typeof phrasings; strong: typeof phrasings }>
    >,
  ),
  neutral: phrasings,
});

export const DEFAULT_TEMPLATES_PATH = join(dirname(fileURLToPath(import.meta.url)), '../../../resources/captions/templates.json');

export function templateId(emotion: Emotion, grade: IntensityGrade, index: number): string {
  return `${emotion.toLowerCase()}.${grade}.${index + 1}`;
}

/** Reads and checks a templates file; a bad file names the field that is wrong. */
export function loadCaptionTemplates(path = process.env.VIPER_CAPTIONS ?? DEFAULT_TEMPLATES_PATH): CaptionTemplate[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ViperError('captions/invalid', `${path}: cannot read the caption templates (${(error as Error).message}). Fix the JSON, or unset VIPER_CAPTIONS to use the shipped templates.`, { subject: path, cause: error });
  }
  const parsed = templatesFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ViperError('captions/invalid', `${path}: ${issue?.path.join('.') || '(file)'}: ${issue?.message}. Each of the seven emotions needs slight, clear and strong lists of sentences, plus a neutral list.`, { subject: path });
  }
  const templates: CaptionTemplate[] = [];
  for (const emotion of EMOTIONS) {
    for (const grade of INTENSITY_GRADES) {
      parsed.data.emotions[emotion][grade].forEach((text, i) => templates.push({ id: templateId(emotion, grade, i), text, emotion, grade }));
    }
  }
  parsed.data.neutral.forEach((text, i) => templates.push({ id: `neutral.${i + 1}`, text, emotion: null, grade: null }));
  return templates;
}
