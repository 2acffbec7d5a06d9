import { useEffect, useRef } from 'react';

/** Moves focus to a view's heading when the view opens, so keyboard and screen-reader users land in it. */
export function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return ref;
}
