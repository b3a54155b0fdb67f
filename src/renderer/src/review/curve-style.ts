/**
 * Distinct styles for many curves that colour-blind readers can tell apart: the Okabe–Ito palette (eight
 * colours chosen to stay distinct under the common colour-vision deficiencies), then the same colours
 * dashed, then dotted, so two curves never share both colour and line.
 */
export const OKABE_ITO = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7', '#882255'] as const;
const DASHES = [undefined, '6 3', '2 2'] as const;

export function curveStyle(index: number): { color: string; dash: string | undefined } {
  const color = OKABE_ITO[index % OKABE_ITO.length] ?? OKABE_ITO[0];
  const dash = DASHES[Math.floor(index / OKABE_ITO.length) % DASHES.length];
  return { color, dash };
}
