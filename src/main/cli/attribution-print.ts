/** How `viper show` prints a clip's attribution: each modality's contribution per emotion, and the frame weights as a bar per frame. */
import type { ClipAttribution } from '../../shared/attribution-api';
import { EMOTIONS } from '../../shared/emotions';
import { formatTable } from './output';

const signed = (value: number): string => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(3)}`;

export function attributionText(attribution: ClipAttribution | null): string {
  if (!attribution) return 'attribution: none (no trained run has predicted this clip with attribution; "viper predict --run <id>" makes it)';
  const top = Math.max(...attribution.frameWeights, 1e-9);
  const lines = [
    `attribution by run ${attribution.runId}: change of each prediction when a modality's part of the tokens is zeroed`,
    formatTable(['modality', ...EMOTIONS], attribution.contributions.map((c) => [c.modality, ...c.values.map(signed)])),
    'frame weights (the latents\' attention over the sampled frames, mean over heads and latents):',
    formatTable(['#', 'weight', ''], attribution.frameWeights.map((w, i) => [i, w.toFixed(4), '█'.repeat(Math.round((w / top) * 20))])),
  ];
  return lines.join('\n');
}
