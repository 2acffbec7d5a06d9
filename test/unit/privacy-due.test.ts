import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../shared/domain/config';
import { checkExtension, dueStatus, latestExtendedDueAt, mayMove, privacyDueAt, privacyReference } from '../../shared/domain/privacy';

interface DueCase {
  receivedAt: string;
  dueAt: string;
  latestExtendedDueAt: string;
}

const dueCases = (JSON.parse(readFileSync(new URL('../../../shared/cases/privacy-due.json', import.meta.url), 'utf8')) as { cases: DueCase[] }).cases;
const policy = DEFAULT_POLICY.privacy;
const iso = (d: Date): string => d.toISOString().replace('.000Z', 'Z');

describe('cases/privacy-due.json', () => {
  it('has cases', () => expect(dueCases.length).toBeGreaterThan(0));
  it.each(dueCases)('received $receivedAt → due $dueAt, extended at most to $latestExtendedDueAt', (c) => {
    const due = privacyDueAt(new Date(c.receivedAt), policy);
    expect(iso(due)).toBe(c.dueAt);
    expect(iso(latestExtendedDueAt(due, policy))).toBe(c.latestExtendedDueAt);
  });
  it.each(dueCases)('an extension to exactly $latestExtendedDueAt is allowed, one millisecond later is not', (c) => {
    const dueAt = new Date(c.dueAt);
    const before = new Date(dueAt.getTime() - 1000);
    expect(checkExtension({ dueAt, extendedDueAt: null }, new Date(c.latestExtendedDueAt), 'complex request', before, policy)).toEqual({ ok: true });
    const late = checkExtension({ dueAt, extendedDueAt: null }, new Date(Date.parse(c.latestExtendedDueAt) + 1), 'complex request', before, policy);
    expect(late.ok).toBe(false);
  });
});

describe('extensions', () => {
  const dueAt = new Date('2026-02-15T09:30:00Z');
  const now = new Date('2026-02-01T00:00:00Z');
  it('only once', () => {
    expect(checkExtension({ dueAt, extendedDueAt: new Date('2026-03-01T00:00:00Z') }, new Date('2026-03-02T00:00:00Z'), 'again', now, policy).ok).toBe(false);
  });
  it('only before the original due time', () => {
    expect(checkExtension({ dueAt, extendedDueAt: null }, new Date('2026-03-01T00:00:00Z'), 'late', dueAt, policy).ok).toBe(false);
  });
  it('needs a reason and a later time', () => {
    expect(checkExtension({ dueAt, extendedDueAt: null }, new Date('2026-03-01T00:00:00Z'), '  ', now, policy).ok).toBe(false);
    expect(checkExtension({ dueAt, extendedDueAt: null }, dueAt, 'same', now, policy).ok).toBe(false);
  });
});

describe('due status', () => {
  const r = { state: 'received' as const, dueAt: '2026-02-15T09:30:00.000Z', extendedDueAt: null };
  it('is overdue from the due time on, due soon within the policy window, closed when done', () => {
    expect(dueStatus(r, new Date('2026-02-15T09:30:00Z'), policy)).toBe('overdue');
    expect(dueStatus(r, new Date('2026-02-14T09:30:00Z'), policy)).toBe('due_soon');
    expect(dueStatus(r, new Date('2026-01-20T00:00:00Z'), policy)).toBe('on_time');
    expect(dueStatus({ ...r, state: 'done' }, new Date('2027-01-01T00:00:00Z'), policy)).toBe('closed');
    expect(dueStatus({ ...r, extendedDueAt: '2026-04-15T09:30:00.000Z' }, new Date('2026-03-01T00:00:00Z'), policy)).toBe('on_time');
  });
});

describe('references and states', () => {
  it('PR-YYYY-NNNNNN from the year received', () => {
    expect(privacyReference(new Date('2026-12-31T23:59:59Z'), 42)).toBe('PR-2026-000042');
    expect(() => privacyReference(new Date('2026-01-01T00:00:00Z'), 0)).toThrow(RangeError);
  });
  it('moves forward only; done and refused are final', () => {
    expect(mayMove('received', 'verifying')).toBe(true);
    expect(mayMove('verifying', 'in_progress')).toBe(true);
    expect(mayMove('in_progress', 'done')).toBe(true);
    expect(mayMove('done', 'in_progress')).toBe(false);
    expect(mayMove('refused', 'received')).toBe(false);
  });
});
