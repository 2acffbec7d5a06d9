// The figures of the admin screens (Reports, Live, Tickets) in the console's language (issue 10):
// digits and separators from Intl, units from the catalogue, English exactly as before.
import { afterAll, describe, expect, it } from 'vitest';
import { setupI18n } from '../../renderer/common/i18n';
import { formatCount, formatDay, formatMinutes, formatRating, formatSeconds, formatWait } from '../../renderer/console/features/reports/figures';

describe('admin figures follow the console language', () => {
  afterAll(() => void setupI18n('en'));

  it('English reads as the desk always wrote it', () => {
    setupI18n('en');
    expect([formatSeconds(45), formatSeconds(185), formatSeconds(3720), formatSeconds(null)]).toEqual(['45 s', '3 min 05 s', '1 h 02 min', '—']);
    expect([formatWait(4000), formatWait(4000, true), formatWait(180_000), formatWait(3_900_000)]).toEqual(['just now', '4 s', '3 min', '1 h 05 min']);
    expect(formatMinutes(65)).toBe('1 h 5 min');
    expect(formatRating(2)).toBe('2.0 / 5');
  });

  it('French and German write decimals, thousands and units their own way', () => {
    setupI18n('fr');
    expect(formatRating(4.5)).toBe('4,5 / 5');
    expect(formatWait(4000)).toBe('à l’instant');
    expect(formatDay('2026-03-02')).toMatch(/lun\. 2 mars 2026/);
    setupI18n('de');
    expect(formatCount(12345)).toBe('12.345');
    expect(formatSeconds(185)).toBe('3 Min. 05 Sek.');
    expect(formatMinutes(125)).toBe('2 Std. 5 Min.');
  });

  it('Japanese and Chinese put the units right after the number', () => {
    setupI18n('ja');
    expect(formatSeconds(185)).toBe('3分05秒');
    setupI18n('zh');
    expect(formatSeconds(3720)).toBe('1 小时 02 分');
  });
});
