/**
 * Two runs compared on the same labelled clips of the split (runs.compare): each emotion's Pearson and CCC
 * side by side with n, and the clips where their predictions differ most, each opening in review (next /
 * previous there walk this list).
 */
import type { Split } from '../../../shared/emotions';
import type { PearsonResult } from '../../../shared/fusion-api';
import { ErrorNotice } from '../ErrorNotice';
import { useApi } from '../app/use-api';
import { saveReviewOrder } from '../library/review-order';
import { runLabel, type RunInfo } from './run-label';

const fixed = (value: number | null | undefined, digits = 3): string => (value === null || value === undefined ? '–' : value.toFixed(digits));
const pearsonText = (p: PearsonResult): string => (p.value === null ? 'undefined' : p.value.toFixed(3));

export function RunComparison({ a, b, split }: { a: RunInfo; b: RunInfo; split: Split }) {
  const [comparison, reload] = useApi('runs.compare', { a: a.id, b: b.id, split, limit: 10 });
  return (
    <section className="run-comparison" aria-label="comparison of the two runs">
      <h3>
        A = {runLabel(a)} · B = {runLabel(b)}
      </h3>
      {comparison.phase === 'loading' ? <p className="muted">Comparing…</p> : null}
      {comparison.phase === 'failed' ? <ErrorNotice error={comparison.error} onRetry={reload} /> : null}
      {comparison.phase === 'ready' ? (
        <>
          <p className="muted">
            {comparison.value.predictedByBoth} {split} clips predicted by both; every score is on the same n = {comparison.value.n} labelled clips.
          </p>
          <table className="plain" aria-label="scores side by side">
            <thead>
              <tr>
                <th>Emotion</th>
                <th className="num">Pearson A</th>
                <th className="num">Pearson B</th>
                <th className="num">CCC A</th>
                <th className="num">CCC B</th>
                <th className="num">n</th>
              </tr>
            </thead>
            <tbody>
              {comparison.value.perEmotion.map((row) => (
                <tr key={row.emotion}>
                  <td>{row.emotion}</td>
                  <td className="num" title={row.pearsonA.undefinedBecause}>
                    {pearsonText(row.pearsonA)}
                  </td>
                  <td className="num" title={row.pearsonB.undefinedBecause}>
                    {pearsonText(row.pearsonB)}
                  </td>
                  <td className="num">{fixed(row.cccA)}</td>
                  <td className="num">{fixed(row.cccB)}</td>
                  <td className="num">{comparison.value.n}</td>
                </tr>
              ))}
              <tr>
                <th>Mean</th>
                <td className="num">{fixed(comparison.value.meanPearsonA)}</td>
                <td className="num">{fixed(comparison.value.meanPearsonB)}</td>
                <td className="num">{fixed(comparison.value.meanCccA)}</td>
                <td className="num">{fixed(comparison.value.meanCccB)}</td>
                <td className="num">{comparison.value.n}</td>
              </tr>
            </tbody>
          </table>
          <table className="plain" aria-label="clips where the runs disagree most">
            <caption>Where they disagree most (mean |A − B| over the 7 emotions)</caption>
            <thead>
              <tr>
                <th>Clip</th>
                <th className="num">mean |A − B|</th>
                <th>Most on</th>
                <th className="num">A</th>
                <th className="num">B</th>
                <th className="num">Gold</th>
              </tr>
            </thead>
            <tbody>
              {comparison.value.disagreements.map((d) => {
                const e = comparison.value.perEmotion.findIndex((row) => row.emotion === d.emotion);
                return (
                  <tr key={d.clipId}>
                    <td>
                      <a href={`#/clip/${d.clipId}`} onClick={() => saveReviewOrder(comparison.value.disagreements.map((x) => x.clipId))}>
                        {d.fileId}
                      </a>
                    </td>
                    <td className="num">{d.meanAbsDifference.toFixed(3)}</td>
                    <td>{d.emotion}</td>
                    <td className="num">{fixed(d.a[e])}</td>
                    <td className="num">{fixed(d.b[e])}</td>
                    <td className="num">{d.gold ? fixed(d.gold[e]) : '–'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
