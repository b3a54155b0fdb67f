/** Routes key presses on the review screen to their actions (see shortcuts.ts), except while typing in a field. */
import { useEffect, useRef } from 'react';
import { isTypingTarget, shortcutAction, type ReviewAction } from './shortcuts';

export function useReviewShortcuts(onAction: (action: ReviewAction) => void): void {
  // The newest handler, without re-binding the listener on every render.
  const handler = useRef(onAction);
  handler.current = onAction;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (isTypingTarget(event.target)) return;
      const action = shortcutAction(event);
      if (!action) return;
      // Space would also press a focused button or scroll; arrows would move a focused slider.
      event.preventDefault();
      handler.current(action);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
