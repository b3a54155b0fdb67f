/** The header's "annotating as": asks the name once (kept in this browser), and lets it be changed. */
import { useState, type FormEvent } from 'react';
import { updateIdentity, useAnnotatorIdentity } from './annotator-identity';

export function IdentityBar() {
  const identity = useAnnotatorIdentity();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const asking = editing || identity.name === null;

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const refused = updateIdentity({ name: draft });
    setProblem(refused);
    if (!refused) setEditing(false);
  };

  if (!asking) {
    return (
      <div className="identity-bar">
        Annotating as <strong aria-label="annotator name">{identity.name}</strong>{' '}
        <button
          type="button"
          onClick={() => {
            setDraft(identity.name ?? '');
            setEditing(true);
          }}
        >
          Change
        </button>
      </div>
    );
  }
  return (
    <form className="identity-bar" onSubmit={submit} aria-label="your name">
      <label>
        Your name (credited with every label you save){' '}
        <input value={draft} onChange={(event) => setDraft(event.target.value)} aria-label="annotator name input" aria-invalid={problem !== null} required />
      </label>{' '}
      <button type="submit">Save name</button>
      {problem ? (
        <span role="alert" className="identity-problem">
          {problem}
        </span>
      ) : null}
    </form>
  );
}
