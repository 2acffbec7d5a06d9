// The console's one place where people's typing becomes money (integer cents), and its day counts.
import { beforeAll, describe, expect, it } from 'vitest';
import { setupI18n } from '../../renderer/common/i18n';
import { caseName, centsToInput, daysUntil, parseDollars } from '../../renderer/console/features/cases/caseText';

describe('case screens: amounts and days', () => {
  beforeAll(() => void setupI18n('en'));

  it('reads dollars as typed into integer cents, and refuses what is not an amount', () => {
    expect(parseDollars('1200')).toBe(120_000);
    expect(parseDollars('1,200.00')).toBe(120_000);
    expect(parseDollars(' $435.5 ')).toBe(43_550);
    expect(parseDollars('0.07')).toBe(7);
    for (const bad of ['', '12.345', '-5', '1e3', 'abc', '12.', '.5']) expect(parseDollars(bad)).toBeNull();
  });

  it('writes cents back as the number a person edits', () => {
    expect(centsToInput(120_000)).toBe('1200.00');
    expect(centsToInput(7)).toBe('0.07');
    for (const c of [0, 7, 43_550, 1_250_000]) expect(parseDollars(centsToInput(c))).toBe(c);
  });

  it('counts calendar days to a due date, and whole days to a deadline', () => {
    const now = Date.parse('2026-03-12T23:00:00Z');
    expect(daysUntil('2026-03-12', now)).toBe(0);
    expect(daysUntil('2026-03-16', now)).toBe(4);
    expect(daysUntil('2026-03-10', now)).toBe(-2);
    expect(daysUntil('2026-03-13T22:00:00Z', now)).toBe(1);
  });

  it('names a case by its number, or by what it is before it has one', () => {
    expect(caseName({ kind: 'rma', number: 'RMA-2026-000001' })).toBe('Return RMA-2026-000001');
    expect(caseName({ kind: 'rma', number: null })).toBe('Return request');
    expect(caseName({ kind: 'claim', number: 'CLM-2026-000002' })).toBe('Claim CLM-2026-000002');
    setupI18n('fr');
    expect(caseName({ kind: 'rma', number: null })).not.toBe('Return request');
    setupI18n('en');
  });
});
