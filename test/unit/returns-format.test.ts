// The return screens' money, days and sentences follow the console's language (issue 10): the
// formatting helpers and a translated sentence built around an element keep each language's order.
import { afterAll, describe, expect, it } from 'vitest';
import { setupI18n, tr } from '../../renderer/common/i18n';
import { aroundSlot, dayText, listText, moneyText } from '../../renderer/console/features/cases/returnsFormat';

const plain = (s: string) => s.replace(/\s/g, ' ');

describe('return screens: money, days and sentences in the console’s language', () => {
  afterAll(() => void setupI18n('en'));

  it('formats money and days the way each language writes them', () => {
    setupI18n('en');
    expect(moneyText(1_250_000, 'USD')).toBe('$12,500.00');
    expect(dayText('2026-03-18')).toBe('18 March 2026');
    setupI18n('de');
    expect(plain(moneyText(43_500, 'USD'))).toBe('435,00 $');
    expect(dayText('2026-03-18T23:30:00Z')).toBe('18. März 2026');
    setupI18n('ja');
    expect(dayText('2026-03-18')).toBe('2026年3月18日');
    expect(moneyText(-1_500, 'EUR')).toMatch(/^-€15\.00$/);
  });

  it('joins reasons with the language’s own “and”', () => {
    setupI18n('fr');
    expect(listText([tr('returns.ineligible', { reason: 'final_sale' }), tr('returns.ineligible', { reason: 'window_expired' })])).toBe(
      'un article en vente finale n’est jamais retournable et le délai de retour est dépassé',
    );
    // A code the catalogue does not know yet shows as itself rather than as nothing.
    expect(tr('returns.deduction', { code: 'gift_wrap_fee' })).toBe('gift_wrap_fee');
  });

  it('keeps each language’s word order around an element (the date in bold)', () => {
    setupI18n('en');
    expect(aroundSlot((date) => tr('rma.returnByCounts', { date }))).toEqual(['Return by ', ' (the ship date counts)']);
    setupI18n('ja');
    expect(aroundSlot((date) => tr('rma.returnBy', { date }))).toEqual(['返送期限 ', '']);
    expect(aroundSlot((date) => tr('wizard.order.delivered', { date }))).toEqual(['', ' に配達済み']);
  });
});
