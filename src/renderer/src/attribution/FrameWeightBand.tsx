/**
 * The weight of each sampled frame in the prediction (the latents' attention over the frames, mean over
 * heads and latents) as a band under the frame strip, cell for cell: the darker and taller, the more
 * weight, scaled to the clip's heaviest frame; a click seeks there like the strip.
 */
import type { ClipAttributionState } from './use-clip-attribution';

export function FrameWeightBand({ attribution, frames, current, onSeek }: { attribution: ClipAttributionState; frames: number; current: number; onSeek: (index: number) => void }) {
  if (attribution.phase === 'prior') return <p className="muted attribution-note">PRIOR (run {attribution.runId}): an untrained FAU mapping weighs no frames, so there is no frame weight to show.</p>;
  if (attribution.phase !== 'ready') return null;
  const weights = attribution.value.frameWeights.slice(0, frames > 0 ? frames : undefined);
  const top = Math.max(...weights, 1e-9);
  return (
    <ol className="frame-weight-band" aria-label={`frame weights by run ${attribution.value.runId}`}>
      {weights.map((weight, index) => {
        const share = weight / top;
        return (
          <li key={index}>
            <button
              type="button"
              aria-current={index === current ? 'true' : undefined}
              aria-label={`frame ${index + 1}: weight ${weight.toFixed(3)}`}
              title={`frame ${index + 1}: ${(weight * 100).toFixed(1)} % of the latents' attention`}
              onClick={() => onSeek(index)}
            >
              <span className="frame-weight" style={{ height: `${Math.max(share * 100, weight > 0 ? 4 : 0)}%`, opacity: 0.35 + 0.65 * share }} />
            </button>
          </li>
        );
      })}
    </ol>
  );
}
