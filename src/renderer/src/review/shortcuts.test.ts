import { describe, expect, it } from 'vitest';
import { shortcutAction } from './shortcuts';

const press = (key: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey', boolean>> = {}) =>
  shortcutAction({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

describe('shortcutAction', () => {
  it('maps every review action to a key', () => {
    expect(press('n')).toEqual({ type: 'next-clip' });
    expect(press('p')).toEqual({ type: 'previous-clip' });
    expect(press(' ')).toEqual({ type: 'play-pause' });
    expect(press('.')).toEqual({ type: 'frame-step', delta: 1 });
    expect(press(',')).toEqual({ type: 'frame-step', delta: -1 });
    expect(press('4')).toEqual({ type: 'select-emotion', index: 3 });
    expect(press('ArrowUp')).toEqual({ type: 'nudge', delta: 0.05 });
    expect(press('ArrowDown', { shiftKey: true })).toEqual({ type: 'nudge', delta: -0.01 });
    expect(press('s', { ctrlKey: true })).toEqual({ type: 'save' });
    expect(press('z', { ctrlKey: true })).toEqual({ type: 'undo' });
    expect(press('Z', { ctrlKey: true, shiftKey: true })).toEqual({ type: 'redo' });
    expect(press('y', { metaKey: true })).toEqual({ type: 'redo' });
    expect(press('ArrowRight')).toEqual({ type: 'video-frame-step', delta: 1 });
    expect(press('ArrowLeft')).toEqual({ type: 'video-frame-step', delta: -1 });
    expect(press('j')).toEqual({ type: 'speed', direction: -1 });
    expect(press('l')).toEqual({ type: 'speed', direction: 1 });
    expect(press('a')).toEqual({ type: 'accept-prediction', all: false });
    expect(press('A', { shiftKey: true })).toEqual({ type: 'accept-prediction', all: true });
  });

  it('ignores other keys', () => {
    expect(press('8')).toBeNull();
    expect(press('0')).toBeNull();
    expect(press('x')).toBeNull();
    expect(press('n', { altKey: true })).toBeNull();
  });
});
