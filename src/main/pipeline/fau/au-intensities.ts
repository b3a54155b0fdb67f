/**
 * Twenty action-unit intensities in [0, 1], under Py-Feat's names, estimated from face geometry:
 * each is the change of one or two measures (face-measures.ts) from a neutral reference — by default the
 * population neutral face (neutral-reference.ts), so one frame alone has an intensity — divided by the
 * change that counts as full intensity (in inter-ocular units). The full changes are set so that a
 * maximal posed action reads 0.6–1.0 and the neutral reference 0 (checked in au-intensities.test.ts on the
 * canonical face deformed per FACS action, and on the fixtures' real frames in au-calibration.int.test.ts).
 * Landmarks see shape, not skin: AUs that are mostly wrinkles or texture (AU11, AU14, AU28) are rough
 * proxies, and AU23 / AU24 share one measure. The table says which muscle movement each stands for;
 * the README's "AU intensities" what each is validated against and what it is confused with.
 */
import type { FaceMeasures, MeasureName } from './face-measures';

export const AU_NAMES = ['AU01', 'AU02', 'AU04', 'AU05', 'AU06', 'AU07', 'AU09', 'AU10', 'AU11', 'AU12', 'AU14', 'AU15', 'AU17', 'AU20', 'AU23', 'AU24', 'AU25', 'AU26', 'AU28', 'AU43'] as const;
export type AuName = (typeof AU_NAMES)[number];
export type AuIntensities = Record<AuName, number>;

/** One measure's signed change from the reference, over the change that means full intensity. */
interface Term {
  measure: MeasureName;
  /** +1 when the AU increases the measure, −1 when it decreases it. */
  sign: 1 | -1;
  fullChange: number;
  weight: number;
}

interface AuRule {
  facs: string;
  terms: Term[];
}

const term = (measure: MeasureName, sign: 1 | -1, fullChange: number, weight = 1): Term => ({ measure, sign, fullChange, weight });

/** The AUs measured as changes from the reference. AU25, AU43, AU07, AU20, AU24 and AU28 are derived below. */
export const AU_RULES: Partial<Record<AuName, AuRule>> = {
  AU01: { facs: 'inner brow raiser (frontalis, pars medialis): inner brows rise', terms: [term('innerBrowHeight', 1, 0.08)] },
  AU02: { facs: 'outer brow raiser (frontalis, pars lateralis): outer brows rise', terms: [term('outerBrowHeight', 1, 0.08)] },
  AU04: { facs: 'brow lowerer (corrugator, depressor supercilii): brows lower and draw together', terms: [term('innerBrowHeight', -1, 0.08, 0.5), term('browGap', -1, 0.06, 0.5)] },
  AU05: { facs: 'upper lid raiser (levator palpebrae superioris): eyes widen', terms: [term('eyeOpening', 1, 0.15)] },
  AU06: { facs: 'cheek raiser (orbicularis oculi, pars orbitalis): cheeks and lower lids rise', terms: [term('cheekDrop', -1, 0.04, 0.6), term('lowerLidHeight', 1, 0.02, 0.4)] },
  AU09: { facs: 'nose wrinkler (levator labii superioris alaeque nasi): nose wings rise', terms: [term('noseWingDrop', -1, 0.05)] },
  AU10: { facs: 'upper lip raiser (levator labii superioris): upper lip rises towards the nose', terms: [term('upperLipDrop', -1, 0.06)] },
  AU11: { facs: 'nasolabial deepener (zygomaticus minor): the side of the upper lip rises (proxy: the furrow itself is not in the mesh)', terms: [term('lateralUpperLipDrop', -1, 0.05)] },
  AU12: { facs: 'lip corner puller (zygomaticus major): corners pulled up and out', terms: [term('cornerLift', 1, 0.08, 0.6), term('mouthWidth', 1, 0.15, 0.4)] },
  AU14: { facs: 'dimpler (buccinator): corners drawn back into the cheeks (proxy: corner depth)', terms: [term('cornerDepth', 1, 0.05)] },
  AU15: { facs: 'lip corner depressor (depressor anguli oris): corners pulled down', terms: [term('cornerLift', -1, 0.06)] },
  AU17: { facs: 'chin raiser (mentalis): chin boss and lower lip pushed up', terms: [term('lowerLipDrop', -1, 0.06)] },
  AU23: { facs: 'lip tightener (orbicularis oris): lips narrow and thin', terms: [term('lipThickness', -1, 0.06)] },
  AU26: { facs: 'jaw drop (masseter relaxed, pterygoids): the jaw opens', terms: [term('jawDrop', 1, 0.12)] },
};

export const DERIVED_AUS: Record<'AU07' | 'AU20' | 'AU24' | 'AU25' | 'AU28' | 'AU43', string> = {
  AU07: 'lid tightener (orbicularis oculi, pars palpebralis): eyes narrow without closing — the narrowing not explained by AU06 or a blink',
  AU20: 'lip stretcher (risorius): mouth widens with the corners level — widening not explained by AU12',
  AU24: 'lip pressor (orbicularis oris): lips thin while closed and pushed up — AU23 gated by closed lips and AU17',
  AU25: 'lips part (depressor labii, relaxed mentalis): the inner lips separate — absolute gap, not a change',
  AU28: 'lip suck (orbicularis oris): the lips roll in until their red almost disappears',
  AU43: 'eyes closed (levator relaxed): lid aperture below half of the reference',
};

/**
 * A broad smile moves three measures that other AUs read: the cheeks push the nose wings up (AU09), the
 * corners go back into the cheeks (AU14) and the stretched lips thin (AU23). Those AUs are scaled down by
 * the smile (AU12), or the stretch (AU20), that explains them — a real nose wrinkle inside a laugh then reads low.
 */
const SMILE_EXPLAINED = ['AU09', 'AU14', 'AU23'] as const;

const clamp01 = (value: number): number => Math.max(0, Math.min(1, value));

function ruleIntensity(rule: AuRule, measures: FaceMeasures, reference: FaceMeasures): number {
  let total = 0;
  let weights = 0;
  for (const t of rule.terms) {
    total += t.weight * clamp01((t.sign * (measures[t.measure] - reference[t.measure])) / t.fullChange);
    weights += t.weight;
  }
  return total / weights;
}

/** `reference`: the neutral the changes are measured from (neutral-reference.ts: the population's, calibrated, or the clip's). */
export function estimateAus(measures: FaceMeasures, reference: FaceMeasures): AuIntensities {
  const out = Object.fromEntries(AU_NAMES.map((name) => [name, 0])) as AuIntensities;
  for (const [name, rule] of Object.entries(AU_RULES) as [AuName, AuRule][]) out[name] = ruleIntensity(rule, measures, reference);
  const opening = measures.eyeOpening / Math.max(reference.eyeOpening, 1e-6);
  out.AU43 = clamp01((0.5 - opening) / 0.5);
  out.AU07 = clamp01((1 - opening) / 0.4) * (1 - out.AU43) * (1 - out.AU06);
  const widening = clamp01((measures.mouthWidth - reference.mouthWidth) / 0.15);
  out.AU20 = widening * (1 - clamp01((measures.cornerLift - reference.cornerLift) / 0.03));
  for (const name of SMILE_EXPLAINED) out[name] *= 1 - Math.max(out.AU12, name === 'AU23' ? out.AU20 : 0);
  out.AU25 = clamp01((measures.lipGap - 0.02) / 0.08);
  out.AU24 = out.AU23 * (1 - out.AU25) * Math.max(0.5, out.AU17);
  out.AU28 = clamp01((0.4 - measures.lipThickness / Math.max(reference.lipThickness, 1e-6)) / 0.4);
  return out;
}
