// Date helpers shared by the domain rules. Everything is UTC: the policies state their dates in UTC
// so that a quote does not depend on the time zone of the machine that computes it.

export const DAY_MS = 24 * 60 * 60 * 1000;

/** `YYYY-MM-DDTHH:MM:SSZ`: the wire format for timestamps (no milliseconds). */
export function formatIsoSeconds(d: Date): string {
  return d.toISOString().slice(0, 19) + 'Z';
}

/** `YYYY-MM-DD`, the UTC calendar date. */
export function formatIsoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}
