/**
 * The Library's "doubtful labels" filter: `labels.lint` over the split in view, each flag with its rule, its
 * reason and a link to the clip in review; the flagged clips are handed up so the table shows only them.
 * The lint reads only: nothing here changes a label.
 */
import { useEffect } from 'react';
import type { Split } from '../../../shared/emotions';
import { LINT_RULE_TEXT } from '../../../shared/lint-api';
import { ErrorNotice } from '../ErrorNotice';
import { useApi } from '../app/use-api';
import { saveReviewOrder } from './review-order';

/** Flags listed in the page; the table below still holds every flagged clip. */
const LISTED = 200;

interface Props {
  split: Split | undefined;
  onFlagged: (clipIds: ReadonlySet<number>) => void;
}

export function DoubtfulLabels({ split, onFlagged }: Props) {
  const [lint, reload] = useApi('labels.lint', split ? { split } : {});
  useEffect(() => {
    if (lint.phase === 'ready') onFlagged(new Set(lint.value.flags.map((f) => f.clipId)));
    else if (lint.phase === 'failed') onFlagged(new Set());
  }, [lint, onFlagged]);
  if (lint.phase === 'loading') return <p className="muted">Checking the labels…</p>;
  if (lint.phase === 'failed') {
    return lint.error.code === 'fusion/split-missing' ? (
      <p className="muted empty-state">No gold-labelled clips {split ? `in the ${split} split` : 'yet'}: nothing to check.</p>
    ) : (
      <ErrorNotice error={lint.error} onRetry={reload} />
    );
  }
  const { flags, rules, clips } = lint.value;
  const skipped = rules.filter((r) => r.skippedBecause);
  const keepOrder = (): void => saveReviewOrder([...new Set(flags.map((f) => f.clipId))]);
  return (
    <section className="doubtful-labels" aria-label="doubtful labels">
      <h3>
        {flags.length} doubtful label{flags.length === 1 ? '' : 's'} among {clips} gold-labelled clips
      </h3>
      {flags.length > 0 ? (
        <ul>
          {flags.slice(0, LISTED).map((f) => (
            <li key={`${f.clipId}-${f.rule}-${f.annotator}-${f.emotion ?? ''}`}>
              <a href={`#/clip/${f.clipId}`} onClick={keepOrder}>
                {f.fileId}
              </a>{' '}
              <span className="lint-rule" title={LINT_RULE_TEXT[f.rule]}>
                {f.rule}
              </span>
              {f.annotator === 'gold' ? '' : ` (${f.annotator})`}: {f.reason}
            </li>
          ))}
          {flags.length > LISTED ? <li className="muted">… and {flags.length - LISTED} more, all in the table below</li> : null}
        </ul>
      ) : null}
      {skipped.length > 0 ? (
        <p className="muted">
          Not checked: {skipped.map((r) => `${r.rule} (${r.skippedBecause})`).join('; ')}.
        </p>
      ) : null}
    </section>
  );
}
