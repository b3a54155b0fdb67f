/** One call's progress: done of total and what it works on now. */
import type { ProgressEvent } from '../../../shared/api';

export function ProgressBar({ label, event }: { label: string; event: ProgressEvent | undefined }) {
  const total = event?.total ?? 0;
  const done = event?.done ?? 0;
  return (
    <div className="progress" role="status" aria-label={`${label} progress`}>
      <progress max={Math.max(total, 1)} value={done} />
      <span>
        {label} {done}/{total}
        {event?.current ? <span className="muted"> · {event.current.split(/[\\/]/).pop()}</span> : null}
      </span>
    </div>
  );
}
