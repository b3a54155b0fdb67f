/** Every review action's key, in one table: the handler dispatches from it and the help lists it. */
import { EMOTIONS } from '../../../shared/emotions';

export type ReviewAction =
  | { type: 'next-clip' }
  | { type: 'previous-clip' }
  | { type: 'play-pause' }
  | { type: 'frame-step'; delta: 1 | -1 }
  | { type: 'video-frame-step'; delta: 1 | -1 }
  | { type: 'speed'; direction: 1 | -1 }
  | { type: 'select-emotion'; index: number }
  | { type: 'nudge'; delta: number }
  | { type: 'save' }
  | { type: 'accept-prediction'; all: boolean }
  | { type: 'undo' }
  | { type: 'redo' };

export const SHORTCUT_HELP: [keys: string, what: string][] = [
  ['n / p', 'next / previous clip (in the Library order)'],
  ['Space or k', 'play / pause'],
  ['j / l', 'slower / faster (0.25–2×; l also starts playback)'],
  ['← / →', "previous / next frame of the clip's own frames"],
  [', / .', 'previous / next sampled frame'],
  [`1 – ${EMOTIONS.length}`, 'select an emotion'],
  ['↑ / ↓', 'nudge the selected value by 0.05 (with Shift: 0.01)'],
  ['a / Shift+A', "accept the model's prediction for the selected emotion / for all seven"],
  ['s or Ctrl+S', 'save now (changes also save on their own)'],
  ['Ctrl+Z / Ctrl+Shift+Z or Ctrl+Y', 'undo / redo'],
];

/** The action of a key press, or null when the key is not a shortcut. */
export function shortcutAction(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): ReviewAction | null {
  const command = event.ctrlKey || event.metaKey;
  const key = event.key;
  if (event.altKey) return null;
  if (command) {
    if (key.toLowerCase() === 'z') return event.shiftKey ? { type: 'redo' } : { type: 'undo' };
    if (key.toLowerCase() === 'y') return { type: 'redo' };
    if (key.toLowerCase() === 's') return { type: 'save' };
    return null;
  }
  if (key === 'ArrowUp' || key === 'ArrowDown') return { type: 'nudge', delta: (key === 'ArrowUp' ? 1 : -1) * (event.shiftKey ? 0.01 : 0.05) };
  if (key === 'ArrowLeft' || key === 'ArrowRight') return { type: 'video-frame-step', delta: key === 'ArrowRight' ? 1 : -1 };
  switch (key) {
    case 'n':
      return { type: 'next-clip' };
    case 'p':
      return { type: 'previous-clip' };
    case ' ':
    case 'k':
      return { type: 'play-pause' };
    case 'j':
      return { type: 'speed', direction: -1 };
    case 'l':
      return { type: 'speed', direction: 1 };
    case ',':
      return { type: 'frame-step', delta: -1 };
    case '.':
      return { type: 'frame-step', delta: 1 };
    case 's':
      return { type: 'save' };
    case 'a':
      return { type: 'accept-prediction', all: false };
    case 'A':
      return { type: 'accept-prediction', all: true };
  }
  const digit = Number(key);
  if (Number.isInteger(digit) && digit >= 1 && digit <= EMOTIONS.length) return { type: 'select-emotion', index: digit - 1 };
  return null;
}

/** Typing in a text or number field must not trigger shortcuts; sliders keep them (arrows then nudge the selected one). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return target.type !== 'range' && target.type !== 'button' && target.type !== 'checkbox';
  return target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement || target.isContentEditable;
}
