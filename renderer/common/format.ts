// Human-readable times for the transcript and the queue.

// One formatter for every row: building one per call cost seconds on a 5,000-message transcript.
const clockFormat = new Intl.DateTimeFormat([], { hour: '2-digit', minute: '2-digit' });

export function formatClock(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : clockFormat.format(d);
}

/** "just now", "45 s", "3 min", "1 h 05 min": short enough for a queue row. */
export function formatWait(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 10) return 'just now';
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  return `${h} h ${String(m % 60).padStart(2, '0')} min`;
}

/** "1 message", "2,400 messages". */
export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

export function since(iso: string, now: number): number {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : now - t;
}
