// A windowed list for long conversations (the chat thread, the Transcripts viewer): only the rows in
// view plus an overscan margin are in the DOM. Rows may be any height: each is measured once
// rendered (estimated until then), and the reader's place is kept by an anchor (the first row in
// view and its offset), so rows measured or pages prepended above never make the view jump. Opens
// at the end, like a chat, follows new rows while the reader is at the end, and stays put once
// they have scrolled up.
import { useCallback, useLayoutEffect, useMemo, useReducer, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import './virtualList.css';

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
  /** Above the first row, any height (measured): a "loading older messages" line, a notice, an empty state. */
  header?: ReactNode;
  label: string;
  /** "log" for a live chat; a plain region for a record being read. */
  role?: 'region' | 'log';
  /**
   * Set where the screen announces new rows itself: rows also enter the DOM as the reader scrolls
   * through the window, and those are not news.
   */
  live?: 'polite' | 'off';
  className?: string;
  rowClassName?: string;
  /** Open with this row near the top (a search hit) instead of at the end. Read on mount only. */
  startKey?: string;
}

/** The first index whose row ends below `y` (tops ascending). */
export function firstEndingBelow(tops: readonly number[], heights: readonly number[], y: number): number {
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

const NEAR_TOP_PX = 400;
/** Scrolling down to within this of the end follows new rows again. */
const END_SLACK_PX = 48;
/** A row the list opens at stands this far below the top. */
const START_MARGIN_PX = 48;

export function VirtualList<T>({ items, itemKey, renderItem, estimateHeight, overscan = 600, onNearTop, header, label, role = 'region', live, className, rowClassName, startKey }: Props<T>) {
  const box = useRef<HTMLDivElement>(null);
  const space = useRef<HTMLDivElement>(null);
  const head = useRef<HTMLDivElement>(null);
  const rowsEl = useRef<HTMLOListElement>(null);
  const measured = useRef(new Map<string, number>());
  /** The sum of the measured heights: their mean stands in for rows not measured yet. */
  const measuredSum = useRef(0);
  /** Counts changes to `measured` (a ref, not state: rows are measured after they render). */
  const [version, remeasured] = useReducer((n: number) => n + 1, 0);
  const [scrollTop, setScrollTop] = useState(0);
  /** A render that only re-measures (a row grew on its own): no new layout unless a height changed. */
  const [, poke] = useReducer((n: number) => n + 1, 0);
  /**
   * The box's top padding and the header's height (rows start below both) and the box's height.
   * Until measured, the window's height stands in for the box's: the first render then holds every
   * row the first screen needs, measured before anything is painted.
   */
  const [geometry, setGeometry] = useState(() => ({ pad: 0, header: 0, view: typeof window === 'undefined' ? 0 : window.innerHeight, known: false }));
  const viewHeight = geometry.view;
  /** Follow the end (the initial state, and whenever the reader scrolls back down to it). */
  const atEnd = useRef(startKey === undefined);
  const lastTop = useRef(0);
  // Opened at a row: it is the anchor from the start, a little below the top so its context shows.
  const anchor = useRef<{ key: string; offset: number } | null>(startKey === undefined ? null : { key: startKey, offset: START_MARGIN_PX });

  // Layout in the box's scroll coordinates, from measured heights or the estimate: thousands of
  // rows, so laid out again only when the rows or a measure changed, not on every scroll.
  const { keys, heights, tops, y } = useMemo(() => {
    const keys = items.map(itemKey);
    const guess = measured.current.size ? measuredSum.current / measured.current.size : estimateHeight;
    const heights = keys.map((k) => measured.current.get(k) ?? guess);
    const tops: number[] = new Array<number>(items.length);
    let y = geometry.pad + geometry.header;
    for (let i = 0; i < items.length; i++) {
      tops[i] = y;
      y += heights[i]!;
    }
    return { keys, heights, tops, y };
  }, [items, itemKey, estimateHeight, geometry.pad, geometry.header, version]);
  const total = y - geometry.pad;

  // Before the first scroll event the state says 0; at the end the window is the last screenful.
  const top = atEnd.current ? Math.max(0, y - viewHeight) : scrollTop;
  const start = Math.max(0, firstEndingBelow(tops, heights, top - overscan));
  let end = start;
  while (end < items.length && tops[end]! < top + viewHeight + overscan) end++;

  /** The layout last put on screen: the anchor is taken from what the reader actually saw. */
  const shown = useRef<{ tops: number[]; heights: number[]; keys: string[] }>({ tops: [], heights: [], keys: [] });
  const takeAnchor = (at: number) => {
    const { tops: t, heights: h, keys: k } = shown.current;
    const i = firstEndingBelow(t, h, at);
    anchor.current = k[i] !== undefined ? { key: k[i], offset: t[i]! - at } : null;
  };

  const onScroll = useCallback(() => {
    const el = box.current;
    if (!el) return;
    const now = el.scrollTop;
    const fromEnd = el.scrollHeight - now - el.clientHeight;
    // Only the reader moving up leaves the end: a row measured shorter under a jump to the end
    // pulls scrollTop up too, but leaves it at the end.
    if (now < lastTop.current && fromEnd > 2) atEnd.current = false;
    else if (fromEnd < END_SLACK_PX) atEnd.current = true;
    lastTop.current = now;
    setScrollTop(now);
    takeAnchor(now);
    if (now < NEAR_TOP_PX && !atEnd.current) onNearTop?.();
  }, [onNearTop]);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    // Measure what is rendered; a change re-lays out (and the anchor below restores the place).
    let changed = false;
    for (const row of rowsEl.current?.children ?? []) {
      const key = (row as HTMLElement).dataset.vkey!;
      const h = row.getBoundingClientRect().height;
      const was = measured.current.get(key);
      if (h > 0 && Math.abs((was ?? -1) - h) > 0.5) {
        measuredSum.current += h - (was ?? 0);
        measured.current.set(key, h);
        changed = true;
      }
    }
    const now = { pad: space.current?.offsetTop ?? 0, header: head.current?.getBoundingClientRect().height ?? 0, view: el.clientHeight, known: true };
    const moved = !geometry.known || Math.abs(now.pad - geometry.pad) > 0.5 || Math.abs(now.header - geometry.header) > 0.5 || now.view !== geometry.view;
    // One more render with all of it (batched), and the place is restored after that one.
    if (moved) setGeometry(now);
    if (changed) remeasured();
    if (moved || changed) return;
    let want: number | null = null;
    if (atEnd.current) want = Math.max(0, el.scrollHeight - el.clientHeight);
    else if (anchor.current) {
      const at = keys.indexOf(anchor.current.key);
      if (at >= 0) want = tops[at]! - anchor.current.offset;
    }
    shown.current = { tops, heights, keys };
    if (want !== null && Math.abs(el.scrollTop - want) > 1) {
      el.scrollTop = want;
      setScrollTop(el.scrollTop);
    }
    takeAnchor(el.scrollTop);
  });

  useLayoutEffect(() => {
    const el = box.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    // The box resized (a banner above, the window), or a row changed height without this list
    // rendering (a font, an image): measure again.
    const ro = new ResizeObserver(() => poke());
    ro.observe(el);
    if (rowsEl.current) ro.observe(rowsEl.current);
    if (head.current) ro.observe(head.current);
    return () => ro.disconnect();
  }, []);

  // Home and End go all the way at once: a smooth scroll would be cut short by rows measured on the
  // way, and End is how a reader goes back to following new rows.
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const el = box.current;
    if (!el || e.target !== el || e.altKey || e.shiftKey || e.metaKey) return;
    if (e.key === 'End') {
      e.preventDefault();
      atEnd.current = true;
      el.scrollTop = el.scrollHeight;
      poke();
    } else if (e.key === 'Home') {
      e.preventDefault();
      el.scrollTop = 0;
    }
  };

  // A short transcript, or a tall screen: nothing to scroll, so ask for more straight away.
  useLayoutEffect(() => {
    if (geometry.known && total <= viewHeight) onNearTop?.();
  }, [total, viewHeight, geometry.known, onNearTop]);

  return (
    // Focusable so the keyboard scrolls it (arrows, Page Up/Down, Home/End).
    <div className={`virtual ${className ?? ''}`} ref={box} onScroll={onScroll} onKeyDown={onKeyDown} tabIndex={0} role={role} aria-label={label} aria-live={live}>
      <div className="virtual__space" ref={space} style={{ height: total }}>
        <div className="virtual__header" ref={head}>
          {header}
        </div>
        <ol className="virtual__rows" ref={rowsEl} style={{ transform: `translateY(${(tops[start] ?? y) - geometry.pad}px)` }}>
          {items.slice(start, end).map((it, n) => {
            const key = keys[start + n]!;
            return (
              <li key={key} data-vkey={key} className={`virtual__row ${rowClassName ?? ''}`} aria-setsize={items.length} aria-posinset={start + n + 1}>
                {renderItem(it, start + n)}
              </li>
            );
          })}
        </ol>
      </div>
    </div>
  );
}
