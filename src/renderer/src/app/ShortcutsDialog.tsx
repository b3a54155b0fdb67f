/** `?` anywhere opens the keyboard shortcuts of every screen; Escape or the button closes them. */
import { useEffect, useRef, useState } from 'react';
import { LIBRARY_SHORTCUT_HELP } from '../library/library-keys';
import { SHORTCUT_HELP } from '../review/shortcuts';
import { isTypingTarget } from '../review/shortcuts';

const SECTIONS: [title: string, keys: [string, string][]][] = [
  ['Everywhere', [['?', 'show these shortcuts'], ['Escape', 'close this list']]],
  ['Library', LIBRARY_SHORTCUT_HELP],
  ['Clip review', SHORTCUT_HELP],
];

export function ShortcutsDialog() {
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.key !== '?' || event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target)) return;
      event.preventDefault();
      setOpen(true);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return (
    <dialog ref={dialog} className="shortcuts-dialog" aria-label="keyboard shortcuts list" onClose={() => setOpen(false)}>
      <h2>Keyboard shortcuts</h2>
      {SECTIONS.map(([title, keys]) => (
        <section key={title}>
          <h3>{title}</h3>
          <dl className="shortcuts">
            {keys.map(([key, what]) => (
              <div key={key}>
                <dt>
                  <kbd>{key}</kbd>
                </dt>
                <dd>{what}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      <button type="button" onClick={() => setOpen(false)}>
        Close
      </button>
    </dialog>
  );
}
