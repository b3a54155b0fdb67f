/**
 * The FAU stage as it stood before absolute intensities (commit 553458e: AUs as changes from the clip's
 * most-neutral third, no masking), kept verbatim for one purpose: the anchor the 'fau' benchmark times
 * the current stage against in the same run. Not used by the app.
 */
import { AU_NAMES, type AuIntensities, type AuName } from '../src/main/pipeline/fau/au-intensities';
import { toFaceFrame } from '../src/main/pipeline/fau/face-frame';
import { MEASURE_NAMES, measureFace, type FaceMeasures, type MeasureName } from '../src/main/pipeline/fau/face-measures';
import { FAU_TOKEN_DIMS, type FrameFaceInput } from '../src/main/pipeline/fau/clip-fau';

const NEUTRAL = 6;

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

/** The AUs measured as changes from baseline. AU25, AU43, AU07, AU20, AU24 and AU28 are derived below. */
const AU_RULES: Partial<Record<AuName, AuRule>> = {
  AU01: { facs: 'inner brow raiser (frontalis, pars medialis): inner brows rise', terms: [term('innerBrowHeight', 1, 0.08)] },
  AU02: { facs: 'outer brow raiser (frontalis, pars lateralis): outer brows rise', terms: [term('outerBrowHeight', 1, 0.08)] },
  AU04: { facs: 'brow lowerer (corrugator, depressor supercilii): brows lower and draw together', terms: [term('innerBrowHeight', -1, 0.06, 0.5), term('browGap', -1, 0.08, 0.5)] },
  AU05: { facs: 'upper lid raiser (levator palpebrae superioris): eyes widen', terms: [term('eyeOpening', 1, 0.12)] },
  AU06: { facs: 'cheek raiser (orbicularis oculi, pars orbitalis): cheeks and lower lids rise', terms: [term('cheekDrop', -1, 0.06, 0.6), term('lowerLidHeight', 1, 0.04, 0.4)] },
  AU09: { facs: 'nose wrinkler (levator labii superioris alaeque nasi): nose wings rise', terms: [term('noseWingDrop', -1, 0.05)] },
  AU10: { facs: 'upper lip raiser (levator labii superioris): upper lip rises towards the nose', terms: [term('upperLipDrop', -1, 0.06)] },
  AU11: { facs: 'nasolabial deepener (zygomaticus minor): the side of the upper lip rises (proxy: the furrow itself is not in the mesh)', terms: [term('lateralUpperLipDrop', -1, 0.05)] },
  AU12: { facs: 'lip corner puller (zygomaticus major): corners pulled up and out', terms: [term('cornerLift', 1, 0.08, 0.6), term('mouthWidth', 1, 0.15, 0.4)] },
  AU14: { facs: 'dimpler (buccinator): corners drawn back into the cheeks (proxy: corner depth)', terms: [term('cornerDepth', 1, 0.05)] },
  AU15: { facs: 'lip corner depressor (depressor anguli oris): corners pulled down', terms: [term('cornerLift', -1, 0.06)] },
  AU17: { facs: 'chin raiser (mentalis): chin boss and lower lip pushed up', terms: [term('lowerLipDrop', -1, 0.06)] },
  AU23: { facs: 'lip tightener (orbicularis oris): lips narrow and thin', terms: [term('lipThickness', -1, 0.06)] },
  AU26: { facs: 'jaw drop (masseter relaxed, pterygoids): the jaw opens', terms: [term('jawDrop', 1, 0.15)] },
};


const clamp01 = (value: number): number => Math.max(0, Math.min(1, value));

function ruleIntensity(rule: AuRule, measures: FaceMeasures, baseline: FaceMeasures): number {
  let total = 0;
  let weights = 0;
  for (const t of rule.terms) {
    total += t.weight * clamp01((t.sign * (measures[t.measure] - baseline[t.measure])) / t.fullChange);
    weights += t.weight;
  }
  return total / weights;
}

function estimateAus(measures: FaceMeasures, baseline: FaceMeasures): AuIntensities {
  const out = Object.fromEntries(AU_NAMES.map((name) => [name, 0])) as AuIntensities;
  for (const [name, rule] of Object.entries(AU_RULES) as [AuName, AuRule][]) out[name] = ruleIntensity(rule, measures, baseline);
  const opening = measures.eyeOpening / Math.max(baseline.eyeOpening, 1e-6);
  out.AU43 = clamp01((0.5 - opening) / 0.5);
  out.AU07 = clamp01((1 - opening) / 0.4) * (1 - out.AU43) * (1 - out.AU06);
  const widening = clamp01((measures.mouthWidth - baseline.mouthWidth) / 0.15);
  out.AU20 = widening * (1 - clamp01((measures.cornerLift - baseline.cornerLift) / 0.03));
  out.AU25 = clamp01((measures.lipGap - 0.02) / 0.08);
  out.AU24 = out.AU23 * (1 - out.AU25) * Math.max(0.5, out.AU17);
  out.AU28 = clamp01((0.4 - measures.lipThickness / Math.max(baseline.lipThickness, 1e-6)) / 0.4);
  return out;
}

function neutralBaseline(measures: readonly FaceMeasures[], neutralProbs: readonly (number | null)[]): FaceMeasures {
  const count = Math.max(1, Math.round(measures.length / 3));
  const median = Object.fromEntries(
    MEASURE_NAMES.map((name) => {
      const sorted = measures.map((m) => m[name]).sort((a, b) => a - b);
      return [name, sorted[sorted.length >> 1] as number];
    }),
  ) as FaceMeasures;
  const distance = (m: FaceMeasures): number => MEASURE_NAMES.reduce((sum, name) => sum + Math.abs(m[name] - median[name]), 0);
  const haveProbs = neutralProbs.every((p) => p !== null);
  const ranked = measures
    .map((m, i) => ({ m, key: haveProbs ? -(neutralProbs[i] as number) : distance(m) }))
    .sort((a, b) => a.key - b.key)
    .slice(0, count);
  return Object.fromEntries(MEASURE_NAMES.map((name) => [name, ranked.reduce((sum, r) => sum + r.m[name], 0) / ranked.length])) as FaceMeasures;
}

/** One entry per sampled frame; null where the frame has no face (its token is masked upstream). */
export function clipFauBefore(frames: readonly FrameFaceInput[]): ({ aus: AuIntensities; token: Float32Array } | null)[] {
  const faces = frames.map((f) => (f.landmarks ? toFaceFrame(f.landmarks) : null));
  const measures = faces.map((face) => (face ? measureFace(face.points) : null));
  const present = measures.flatMap((m, i) => (m ? [{ m, neutral: frames[i]?.emotions?.[NEUTRAL] ?? null }] : []));
  if (present.length === 0) return frames.map(() => null);
  const baseline = neutralBaseline(present.map((p) => p.m), present.map((p) => p.neutral));
  return frames.map((frame, i) => {
    const face = faces[i];
    const m = measures[i];
    if (!face || !m) return null;
    const aus = estimateAus(m, baseline);
    const token = new Float32Array(FAU_TOKEN_DIMS);
    token.set(AU_NAMES.map((name) => aus[name]));
    if (frame.emotions) token.set(frame.emotions, AU_NAMES.length);
    return { aus, pose: face.pose, token };
  });
}
