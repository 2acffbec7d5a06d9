import { useEffect, useRef } from 'react';

/**
 * Moves keyboard focus to the element when `key` changes (and on mount): each wizard step and
 * each step form takes focus when it appears, so keyboard and screen-reader users land in it.
 */
export function useFocusOn<T extends HTMLElement>(key: unknown) {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [key]);
  return ref;
}
