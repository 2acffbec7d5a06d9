import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../shared/domain/config';
import { isDue, purgeAt } from '../../shared/domain/retention';

interface RetentionCase {
  endedAt: string;
  purgeAt: string;
}

const retentionCases = (
  JSON.parse(readFileSync(new URL('../../../shared/cases/retention.json', import.meta.url), 'utf8')) as {
    cases: RetentionCase[];
  }
).cases;

const months = DEFAULT_POLICY.retention.transcriptMonths;
const iso = (d: Date): string => d.toISOString().replace('.000Z', 'Z');

describe('cases/retention.json', () => {
  it('has cases', () => expect(retentionCases.length).toBeGreaterThan(0));
  it.each(retentionCases)('$endedAt → $purgeAt', (c) => {
    expect(iso(purgeAt(new Date(c.endedAt), months))).toBe(c.purgeAt);
  });
});

describe('purgeAt', () => {
  it('keeps the time of day to the millisecond', () => {
    expect(purgeAt(new Date('2025-03-10T17:45:12.345Z'), months).toISOString()).toBe('2026-04-10T17:45:12.345Z');
  });

  it('clamps to the end of a shorter month', () => {
    expect(iso(purgeAt(new Date('2025-03-31T08:00:00Z'), 1))).toBe('2025-04-30T08:00:00Z');
    expect(iso(purgeAt(new Date('2023-01-31T08:00:00Z'), 1))).toBe('2023-02-28T08:00:00Z');
    expect(iso(purgeAt(new Date('2024-01-30T08:00:00Z'), 1))).toBe('2024-02-29T08:00:00Z');
  });

  it('works in UTC regardless of where the conversation took place', () => {
    // 20:00 on Jan 31 in New York is already Feb 1 in UTC.
    expect(iso(purgeAt(new Date('2025-01-31T20:00:00-05:00'), months))).toBe('2026-03-01T01:00:00Z');
  });

  it('follows a configured month count', () => {
    expect(iso(purgeAt(new Date('2025-01-15T09:30:00Z'), 0))).toBe('2025-01-15T09:30:00Z');
    expect(iso(purgeAt(new Date('2025-01-15T09:30:00Z'), 24))).toBe('2027-01-15T09:30:00Z');
  });

  it('counts months across year ends and backwards, and in the years 0–99 (which Date.UTC would read as 19xx)', () => {
    expect(iso(purgeAt(new Date('2025-12-31T23:59:59Z'), 2))).toBe('2026-02-28T23:59:59Z');
    expect(iso(purgeAt(new Date('2025-03-31T08:00:00Z'), -1))).toBe('2025-02-28T08:00:00Z');
    expect(purgeAt(new Date('0050-01-15T00:00:00Z'), months).toISOString()).toBe('0051-02-15T00:00:00.000Z');
    expect(purgeAt(new Date('0099-01-31T08:00:00Z'), 1).toISOString()).toBe('0099-02-28T08:00:00.000Z');
  });

  it('does not mutate its input', () => {
    const endedAt = new Date('2025-01-31T23:59:59Z');
    purgeAt(endedAt, months);
    expect(iso(endedAt)).toBe('2025-01-31T23:59:59Z');
  });

  it('rejects a fractional month count and an invalid date', () => {
    expect(() => purgeAt(new Date('2025-01-15T09:30:00Z'), 1.5)).toThrow(RangeError);
    expect(() => purgeAt(new Date('nope'), months)).toThrow(RangeError);
  });
});

describe('isDue', () => {
  const endedAt = new Date('2025-01-31T23:59:59Z');
  const due = purgeAt(endedAt, months);

  it('is due exactly at purgeAt and after', () => {
    expect(isDue(endedAt, due, months)).toBe(true);
    expect(isDue(endedAt, new Date(due.getTime() + 1), months)).toBe(true);
  });

  it('is not due a millisecond before', () => {
    expect(isDue(endedAt, new Date(due.getTime() - 1), months)).toBe(false);
    expect(isDue(endedAt, endedAt, months)).toBe(false);
  });
});
