/** A failed call as the user should read it: the message first, then its code and subject for reports. */
import type { ViperError } from '../../shared/errors';

export function ErrorNotice({ error, onRetry }: { error: ViperError; onRetry?: () => void }) {
  return (
    <div className="error-notice" role="alert">
      <p className="error-message">{error.message}</p>
      <p className="error-detail">
        <code>{error.code}</code>
        {error.subject ? <> · {error.subject}</> : null}
      </p>
      {onRetry ? (
        <button type="button" onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}
