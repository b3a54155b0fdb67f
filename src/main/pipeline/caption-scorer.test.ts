import { describe, expect, it } from 'vitest';
import { loadCaptionTemplates } from './caption-templates';
import { chooseCaption, gradeOf, prototypeEvidence, prototypeScores, strengthOf, type BasicEmotionProbs } from './caption-scorer';
import { AU_NAMES, type AuIntensities } from './fau/au-intensities';
import { populationNeutralFace, POSED_ACTIONS } from './fau/canonical-face.test-helper';
import { clipFau, type FrameFau } from './fau/clip-fau';
import type { Vec3 } from './fau/face-frame';

const templates = loadCaptionTemplates();
const aus = (active: Partial<AuIntensities> = {}): AuIntensities => ({ ...(Object.fromEntries(AU_NAMES.map((n) => [n, 0])) as AuIntensities), ...active });
const probs = (active: Partial<BasicEmotionProbs> = {}): BasicEmotionProbs => ({ anger: 0, disgust: 0, fear: 0, happiness: 0, sadness: 0, surprise: 0, neutral: 1, ...active });

describe('caption scorer', () => {
  it('captions a laugh as strong Amusement', () => {
    const chosen = chooseCaption(templates, aus({ AU06: 0.9, AU12: 0.95, AU25: 1, AU26: 0.7 }), probs({ happiness: 0.95, neutral: 0.02 }));
    expect(chosen.template.id).toBe('amusement.strong.1');
    expect(chosen.score).toBeGreaterThan(0.65);
  });

  it('tells a closed-mouth soft smile (Adoration) from a laugh', () => {
    const chosen = chooseCaption(templates, aus({ AU06: 0.5, AU12: 0.6 }), probs({ happiness: 0.6, neutral: 0.3 }));
    expect(chosen.template.emotion).toBe('Adoration');
  });

  it('captions raised brows, wide eyes and a dropped jaw as Surprise, and a wrinkled nose as Disgust', () => {
    expect(chooseCaption(templates, aus({ AU01: 0.9, AU02: 0.9, AU05: 0.8, AU26: 0.8 }), probs({ surprise: 0.8, neutral: 0.1 })).template.emotion).toBe('Surprise');
    expect(chooseCaption(templates, aus({ AU09: 0.8, AU10: 0.6 }), probs({ disgust: 0.5 })).template.emotion).toBe('Disgust');
  });

  it('captions a sad, squeezed face as Empathic-Pain and a worried one as Anxiety', () => {
    expect(chooseCaption(templates, aus({ AU01: 0.7, AU04: 0.8, AU15: 0.7, AU07: 0.8 }), probs({ sadness: 0.8, neutral: 0.1 })).template.emotion).toBe('Empathic-Pain');
    expect(chooseCaption(templates, aus({ AU01: 0.6, AU04: 0.6, AU24: 0.7 }), probs({ fear: 0.4, sadness: 0.2, neutral: 0.3 })).template.emotion).toBe('Anxiety');
  });

  it('captions a face at rest as neutral', () => {
    const chosen = chooseCaption(templates, aus(), probs());
    expect(chosen.template.id).toBe('neutral.1');
    expect(chosen.score).toBe(1);
  });

  it('keeps every prototype score and strength in [0, 1] and grades by strength', () => {
    const all = prototypeScores(aus(Object.fromEntries(AU_NAMES.map((n) => [n, 1])) as AuIntensities), probs({ anger: 1, disgust: 1, fear: 1, happiness: 1, sadness: 1, surprise: 1 }));
    for (const score of Object.values(all)) expect(score).toBeLessThanOrEqual(1);
    // Both bounds, over the corners and a seeded sweep of the input cube: a prototype with a negative
    // weight or a term that can exceed its share would leave [0, 1] somewhere here.
    let seed = 7;
    const next = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const inputs: [AuIntensities, BasicEmotionProbs][] = [
      [aus(), probs({ neutral: 0 })],
      [aus(Object.fromEntries(AU_NAMES.map((n) => [n, 1])) as AuIntensities), probs({ anger: 1, disgust: 1, fear: 1, happiness: 1, sadness: 1, surprise: 1 })],
    ];
    for (let i = 0; i < 500; i++) {
      const au = Object.fromEntries(AU_NAMES.map((n) => [n, next() < 0.2 ? Math.round(next()) : next()])) as AuIntensities;
      inputs.push([au, probs({ anger: next(), disgust: next(), fear: next(), happiness: next(), sadness: next(), surprise: next(), neutral: next() })]);
    }
    let checked = 0;
    for (const [au, p] of inputs) {
      for (const score of Object.values(prototypeScores(au, p))) {
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
        checked++;
      }
      for (const evidence of Object.values(prototypeEvidence(au, p))) {
        for (const part of [evidence.face, evidence.emotion, strengthOf(evidence)]) {
          expect(part).toBeGreaterThanOrEqual(0);
          expect(part).toBeLessThanOrEqual(1);
        }
      }
    }
    expect(checked).toBe(inputs.length * 7);
    expect([gradeOf(0.3), gradeOf(0.5), gradeOf(0.8)]).toEqual(['slight', 'clear', 'strong']);
  });
});

describe('caption grades follow the face', () => {
  const neutralFace = populationNeutralFace();
  const posedSurprise = ['AU01', 'AU02', 'AU05', 'AU26'].reduce((face, au) => (POSED_ACTIONS[au] as (f: Vec3[]) => Vec3[])(face), neutralFace);
  const surprised = probs({ surprise: 0.95, neutral: 0.02 });
  const heldAus = (face: Vec3[], reference: 'population' | 'clip'): AuIntensities =>
    (clipFau(Array.from({ length: 4 }, () => ({ landmarks: face, emotions: Object.values(surprised) })), { reference })[0] as FrameFau).aus;

  it('captions a full surprise held through a clip as strong Surprise (the clip baseline made it slight)', () => {
    const chosen = chooseCaption(templates, heldAus(posedSurprise, 'population'), surprised);
    expect(chosen.template.id).toBe('surprise.strong.1');
    const relative = chooseCaption(templates, heldAus(posedSurprise, 'clip'), surprised);
    expect(relative.template.id).toBe('surprise.slight.1');
  });

  it('grades by the face: a faint surprise is slight however sure the classifier, a full one strong though it is unsure', () => {
    const faint = aus({ AU01: 0.25, AU02: 0.25, AU05: 0.2, AU26: 0.2 });
    expect(chooseCaption(templates, faint, probs({ surprise: 0.95, neutral: 0.02 })).template.id).toBe('surprise.slight.1');
    const half = aus({ AU01: 0.55, AU02: 0.5, AU05: 0.5, AU26: 0.45 });
    expect(chooseCaption(templates, half, probs({ surprise: 0.6, neutral: 0.3 })).template.id).toBe('surprise.clear.1');
    const full = aus({ AU01: 0.9, AU02: 0.9, AU05: 0.8, AU26: 0.85 });
    expect(chooseCaption(templates, full, probs({ surprise: 0.3, neutral: 0.6 })).template.id).toBe('surprise.strong.1');
    const evidence = prototypeEvidence(full, probs({ surprise: 0.3, neutral: 0.6 })).Surprise;
    expect(strengthOf(evidence)).toBeCloseTo(0.8 * 0.8625 + 0.2 * 0.3, 9);
  });
});
