// Transcript retention (POLICY.md §3): purged a whole number of calendar months after the
// conversation ended, in UTC. The month count comes from the brand's RetentionPolicy.

/**
 * endedAt + `months` calendar months (UTC), time of day kept. When the target month is shorter
 * (Jan 31 → Feb), the day is clamped to its last day rather than rolling into the next month,
 * which would keep the transcript longer than the policy allows.
 */
export function purgeAt(endedAt: Date, months: number): Date {
  if (!Number.isInteger(months)) throw new RangeError(`months must be an integer, got ${months}`);
  if (Number.isNaN(endedAt.getTime())) throw new RangeError('endedAt is not a valid date');
  // Moved on a Date rather than built with Date.UTC, which reads the years 0–99 as 1900–1999.
  const at = new Date(endedAt.getTime());
  at.setUTCDate(1);
  at.setUTCMonth(at.getUTCMonth() + months);
  // Day 0 of the following month is the last day of the target month.
  const lastDay = new Date(at.getTime());
  lastDay.setUTCMonth(lastDay.getUTCMonth() + 1, 0);
  at.setUTCDate(Math.min(endedAt.getUTCDate(), lastDay.getUTCDate()));
  return at;
}

export function isDue(endedAt: Date, now: Date, months: number): boolean {
  return now.getTime() >= purgeAt(endedAt, months).getTime();
}
