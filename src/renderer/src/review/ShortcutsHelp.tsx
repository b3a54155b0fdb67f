/** The review screen's keyboard shortcuts, always on screen. */
import { SHORTCUT_HELP } from './shortcuts';

export function ShortcutsHelp() {
  return (
    <dl className="shortcuts" aria-label="keyboard shortcuts">
      {SHORTCUT_HELP.map(([keys, what]) => (
        <div key={keys}>
          <dt>
            <kbd>{keys}</kbd>
          </dt>
          <dd>{what}</dd>
        </div>
      ))}
    </dl>
  );
}
