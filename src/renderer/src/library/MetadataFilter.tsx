/** The Library's metadata filter field: applied on Enter (each change is a clips.list round trip). */
import { useState } from 'react';
import { parseMetadataFilter, type MetadataCondition } from './metadata-filter';

interface Props {
  onApply: (conditions: MetadataCondition[]) => void;
}

export function MetadataFilter({ onApply }: Props) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const apply = (): void => {
    const parsed = parseMetadataFilter(text);
    if ('error' in parsed) return setError(parsed.error);
    setError(null);
    onApply(parsed.conditions);
  };
  return (
    <form
      className="metadata-filter"
      onSubmit={(event) => {
        event.preventDefault();
        apply();
      }}
    >
      <input
        type="search"
        placeholder="Metadata, e.g. Country=USA (Enter)"
        aria-label="filter by metadata"
        aria-invalid={error !== null}
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
      {error ? <span className="error">{error}</span> : null}
    </form>
  );
}
