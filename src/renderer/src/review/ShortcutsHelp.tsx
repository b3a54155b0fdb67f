/** A list of keyboard shortcuts: the review screen's, always on screen, or any other table given. */
import { SHORTCUT_HELP } from './shortcuts';

export function ShortcutsHelp({ keys = SHORTCUT_HELP, label = 'keyboard shortcuts' }: { keys?: readonly [string, string][]; label?: string }) {
  return (
    <dl className="shortcuts" aria-label={label}>
      {keys.map(([key, what]) => (
        <div key={key}>
          <dt>
            <kbd>{key}</kbd>
          </dt>
          <dd>{what}</dd>
        </div>
      ))}
    </dl>
  );
}
