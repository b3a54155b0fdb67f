/**
 * One run on one split: its Pearson bars, and for the chosen emotion the predicted-vs-gold scatter and the
 * confusion matrix. Clicks on a point or a cell hand the clips behind it to the screen.
 */
import type { Split } from '../../../shared/emotions';
import { EMOTIONS } from '../../../shared/emotions';
import { intervalText } from '../../../shared/metric-reliability';
import { ErrorNotice } from '../ErrorNotice';
import { useApi } from '../app/use-api';
import type { ClipSelection } from './clip-selection';
import { binLabel, ConfusionHeatmap } from './ConfusionHeatmap';
import { EmotionScatter } from './EmotionScatter';
import { PearsonBars } from './PearsonBars';
import { runLabel, type RunInfo } from './run-label';
import { RunContributions } from '../attribution/RunContributions';

interface Props {
  run: RunInfo;
  split: Split;
  emotionIndex: number;
  onSelect: (selection: ClipSelection) => void;
}

export function RunPanel({ run, split, emotionIndex, onSelect }: Props) {
  const [summary, reload] = useApi('evaluation.summary', { run: run.id, split });
  const label = runLabel(run);
  const emotion = EMOTIONS[emotionIndex] ?? EMOTIONS[0];
  return (
    <section className={run.kind === 'prior' ? 'run-panel prior' : 'run-panel'} aria-label={label}>
      <h3>{label}</h3>
      {summary.phase === 'loading' ? <p className="muted">Scoring…</p> : null}
      {summary.phase === 'failed' && summary.error.code === 'fusion/split-missing' ? (
        // An empty split is a state, not a failure: say what is missing.
        <p className="muted empty-state">No labelled clips in the {split} split: nothing to score. Label clips in review or import labels, or pick another split.</p>
      ) : null}
      {summary.phase === 'failed' && summary.error.code !== 'fusion/split-missing' ? <ErrorNotice error={summary.error} onRetry={reload} /> : null}
      {summary.phase === 'ready' ? (
        <>
          <PearsonBars scores={summary.value.evaluation.scores} />
          <p className="muted interval">Mean Pearson: {intervalText(summary.value.evaluation.interval, summary.value.evaluation.scores.clips)}</p>
          <div className="run-emotion">
            <EmotionScatter
              points={summary.value.points}
              emotionIndex={emotionIndex}
              onSelect={(point) =>
                onSelect({
                  title: `${label} · ${emotion}: clip ${point.fileId}`,
                  clips: [{ clipId: point.clipId, fileId: point.fileId, gold: point.gold[emotionIndex] ?? 0, predicted: point.predicted[emotionIndex] ?? 0 }],
                })
              }
            />
            <ConfusionHeatmap
              emotion={emotion}
              rowNormalised={summary.value.evaluation.confusion[emotionIndex]?.rowNormalised ?? []}
              counts={summary.value.evaluation.confusion[emotionIndex]?.counts ?? []}
              onSelect={(goldBin, predictedBin) => {
                const ids = new Set(summary.value.cells[emotionIndex]?.cellClipIds[goldBin]?.[predictedBin] ?? []);
                onSelect({
                  title: `${label} · ${emotion}: gold ${binLabel(goldBin)}, predicted ${binLabel(predictedBin)}`,
                  clips: summary.value.points
                    .filter((p) => ids.has(p.clipId))
                    .map((p) => ({ clipId: p.clipId, fileId: p.fileId, gold: p.gold[emotionIndex] ?? 0, predicted: p.predicted[emotionIndex] ?? 0 })),
                });
              }}
            />
          </div>
          <RunContributions run={run} split={split} />
        </>
      ) : null}
    </section>
  );
}
