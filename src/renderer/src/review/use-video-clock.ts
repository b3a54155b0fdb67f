/**
 * The video's current time as state, updated every animation frame while it plays (timeupdate alone
 * fires only about 4 times a second, too coarse for 32 frames over a few seconds) and on every seek.
 */
import { useEffect, useState } from 'react';

/** `element` comes from a callback ref, so the clock attaches when the video mounts, after the clip has loaded. */
export function useVideoClock(element: HTMLVideoElement | null): { timeS: number; playing: boolean; rate: number } {
  const [timeS, setTimeS] = useState(0);
  const [rate, setRate] = useState(1);
  const [playing, setPlaying] = useState(false);
  useEffect(() => {
    if (!element) return;
    let frame = 0;
    const tick = (): void => {
      setTimeS(element.currentTime);
      if (!element.paused) frame = requestAnimationFrame(tick);
    };
    const onPlay = (): void => {
      setPlaying(true);
      frame = requestAnimationFrame(tick);
    };
    const onStop = (): void => {
      setPlaying(false);
      cancelAnimationFrame(frame);
      setTimeS(element.currentTime);
    };
    const onSeek = (): void => setTimeS(element.currentTime);
    const onRate = (): void => setRate(element.playbackRate);
    element.addEventListener('play', onPlay);
    element.addEventListener('pause', onStop);
    element.addEventListener('ended', onStop);
    element.addEventListener('seeked', onSeek);
    element.addEventListener('timeupdate', onSeek);
    element.addEventListener('ratechange', onRate);
    return () => {
      element.removeEventListener('ratechange', onRate);
      cancelAnimationFrame(frame);
      element.removeEventListener('play', onPlay);
      element.removeEventListener('pause', onStop);
      element.removeEventListener('ended', onStop);
      element.removeEventListener('seeked', onSeek);
      element.removeEventListener('timeupdate', onSeek);
    };
  }, [element]);
  return { timeS, playing, rate };
}
