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
  const year = endedAt.getUTCFullYear();
  const month = endedAt.getUTCMonth() + months;
  // Day 0 of the following month is the last day of the target month.
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(endedAt.getUTCDate(), lastDay);
  return new Date(
    Date.UTC(
      year,
      month,
      day,
      endedAt.getUTCHours(),
      endedAt.getUTCMinutes(),
      endedAt.getUTCSeconds(),
      endedAt.getUTCMilliseconds(),
    ),
  );
}

export function isDue(endedAt: Date, now: Date, months: number): boolean {
  return now.getTime() >= purgeAt(endedAt, months).getTime();
}
