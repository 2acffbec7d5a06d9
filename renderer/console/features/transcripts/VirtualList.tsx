// A windowed list for very long transcripts: only the rows in view plus an overscan margin are in
// the DOM. Rows may be any height: each is measured once rendered (estimated until then), and the
// reader's place is kept by an anchor (the first row in view and its offset), so rows measured or
// pages prepended above never make the view jump. Opens at the end, like a chat.
import { useCallback, useLayoutEffect, useReducer, useRef, useState, type ReactNode } from 'react';

interface Props<T> {
  items: readonly T[];
  itemKey(item: T): string;
  renderItem(item: T, index: number): ReactNode;
  /** A guess at a row's height until it has been measured. */
  estimateHeight: number;
  /** Pixels rendered beyond each edge of the view. */
  overscan?: number;
  /** Called when the reader comes near the top (to load an older page). */
  onNearTop?: () => void;
  /** Shown above the first row (a "loading older messages" line). */
  header?: ReactNode;
  label: string;
  className?: string;
}

/** The first index whose row ends below `y` (tops ascending). */
function firstEndingBelow(tops: number[], heights: number[], y: number): number {
  let lo = 0;
  let hi = tops.length - 1;
  let found = tops.length;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (tops[mid]! + heights[mid]! > y) {
      found = mid;
      hi = mid - 1;
    } else lo = mid + 1;
  }
  return found;
}

const HEADER_HEIGHT = 32;
const NEAR_TOP_PX = 400;

export function VirtualList<T>({ items, itemKey, renderItem, estimateHeight, overscan = 600, onNearTop, header, label, className }: Props<T>) {
  const box = useRef<HTMLDivElement>(null);
  const measured = useRef(new Map<string, number>());
  const [, remeasured] = useReducer((n: number) => n + 1, 0);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewHeight, setViewHeight] = useState(0);
  /** Follow the end (the initial state, and whenever the reader scrolls back down to it). */
  const atEnd = useRef(true);
  const anchor = useRef<{ key: string; offset: number } | null>(null);

  // Layout, from measured heights or the estimate: cheap enough for thousands of rows per render.
  const heights = items.map((it) => measured.current.get(itemKey(it)) ?? estimateHeight);
  const tops: number[] = new Array<number>(items.length);
  let y = header ? HEADER_HEIGHT : 0;
  for (let i = 0; i < items.length; i++) {
    tops[i] = y;
    y += heights[i]!;
  }
  const total = y;

  const start = Math.max(0, firstEndingBelow(tops, heights, scrollTop - overscan));
  let end = start;
  while (end < items.length && tops[end]! < scrollTop + viewHeight + overscan) end++;

  const keyIndex = useRef(new Map<string, number>());
  keyIndex.current = new Map(items.map((it, i) => [itemKey(it), i]));

  /** The layout last put on screen: the anchor is taken from what the reader actually saw. */
  const shown = useRef<{ tops: number[]; heights: number[]; keys: string[] }>({ tops: [], heights: [], keys: [] });
  const takeAnchor = (top: number) => {
    const { tops: t, heights: h, keys } = shown.current;
    const at = firstEndingBelow(t, h, top);
    anchor.current = keys[at] !== undefined ? { key: keys[at], offset: t[at]! - top } : null;
  };

  const onScroll = useCallback(() => {
    const el = box.current;
    if (!el) return;
    const top = el.scrollTop;
    setScrollTop(top);
    takeAnchor(top);
    atEnd.current = el.scrollHeight - top - el.clientHeight < 4;
    if (top < NEAR_TOP_PX && !atEnd.current) onNearTop?.();
  }, [onNearTop]);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    // Measure what is rendered; a change re-lays out (and the anchor below restores the place).
    let changed = false;
    for (const row of el.querySelectorAll<HTMLElement>('[data-vkey]')) {
      const key = row.dataset.vkey!;
      const h = row.getBoundingClientRect().height;
      if (h > 0 && Math.abs((measured.current.get(key) ?? -1) - h) > 0.5) {
        measured.current.set(key, h);
        changed = true;
      }
    }
    if (changed) {
      remeasured();
      return;
    }
    let want: number | null = null;
    if (atEnd.current) want = Math.max(0, total - el.clientHeight);
    else if (anchor.current) {
      const at = keyIndex.current.get(anchor.current.key);
      if (at !== undefined) want = tops[at]! - anchor.current.offset;
    }
    shown.current = { tops, heights, keys: items.map(itemKey) };
    if (want !== null && Math.abs(el.scrollTop - want) > 1) {
      el.scrollTop = want;
      setScrollTop(el.scrollTop);
    }
    takeAnchor(el.scrollTop);
  });

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    setViewHeight(el.clientHeight);
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => setViewHeight(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // A short transcript, or a tall screen: nothing to scroll, so ask for more straight away.
  useLayoutEffect(() => {
    if (viewHeight > 0 && total <= viewHeight) onNearTop?.();
  }, [total, viewHeight, onNearTop]);

  return (
    // Focusable so the keyboard scrolls it (arrows, Page Up/Down, Home/End).
    <div className={`vlist ${className ?? ''}`} ref={box} onScroll={onScroll} tabIndex={0} role="region" aria-label={label}>
      <div className="vlist__space" style={{ height: total }}>
        {header ? (
          <div className="vlist__header" style={{ height: HEADER_HEIGHT }}>
            {header}
          </div>
        ) : null}
        <ol className="vlist__rows" style={{ transform: `translateY(${tops[start] ?? 0}px)` }}>
          {items.slice(start, end).map((it, n) => {
            const key = itemKey(it);
            return (
              <li key={key} data-vkey={key} className="vlist__row" aria-setsize={items.length} aria-posinset={start + n + 1}>
                {renderItem(it, start + n)}
              </li>
            );
          })}
        </ol>
      </div>
    </div>
  );
}
