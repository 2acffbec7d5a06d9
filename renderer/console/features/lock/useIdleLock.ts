// Calls `onIdle` after `idleMs` without keyboard, mouse or touch input. One timer, re-armed only
// when it fires, so a moving mouse costs a timestamp, not a timer per event.
import { useEffect } from 'react';

const INPUT_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'mousedown', 'mousemove', 'wheel', 'touchstart'] as const;

export function useIdleLock(idleMs: number | undefined, onIdle: () => void): void {
  useEffect(() => {
    if (!idleMs || idleMs <= 0) return;
    let last = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = () => {
      clearTimeout(timer);
      const left = last + idleMs - Date.now();
      if (left <= 0) onIdle();
      else timer = setTimeout(check, left);
    };
    const touch = () => {
      last = Date.now();
    };
    // Background tabs run timers late: check again the moment the desk is looked at.
    const onVisible = () => {
      if (document.visibilityState === 'visible') check();
    };
    for (const e of INPUT_EVENTS) window.addEventListener(e, touch, { capture: true, passive: true });
    document.addEventListener('visibilitychange', onVisible);
    timer = setTimeout(check, idleMs);
    return () => {
      clearTimeout(timer);
      for (const e of INPUT_EVENTS) window.removeEventListener(e, touch, { capture: true });
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [idleMs, onIdle]);
}
