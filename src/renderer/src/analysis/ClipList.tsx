/** The clips a click selected, each opening in review; next / previous there walk this list. */
import { saveReviewOrder } from '../library/review-order';
import type { ClipSelection } from './clip-selection';

export function ClipList({ selection, onClose }: { selection: ClipSelection; onClose: () => void }) {
  const keepOrder = (): void => saveReviewOrder(selection.clips.map((c) => c.clipId));
  return (
    <section className="clip-selection" aria-label="selected clips">
      <div className="screen-title">
        <h3>{selection.title}</h3>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <table className="plain">
        <thead>
          <tr>
            <th>Clip</th>
            <th className="num">Gold</th>
            <th className="num">Predicted</th>
          </tr>
        </thead>
        <tbody>
          {selection.clips.map((clip) => (
            <tr key={clip.clipId}>
              <td>
                <a href={`#/clip/${clip.clipId}`} onClick={keepOrder}>
                  {clip.fileId}
                </a>
              </td>
              <td className="num">{clip.gold.toFixed(3)}</td>
              <td className="num">{clip.predicted.toFixed(3)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
