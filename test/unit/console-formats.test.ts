// The console's waits, counts, dates, devices and colleagues' states in the console's language
// (issue 10): the helpers the queue, Sessions and the transfer dialog use, following the language
// as the agent switches it.
import { afterEach, describe, expect, it } from 'vitest';
import { formatCount, formatWait, formatWhen } from '../../renderer/common/format';
import { setupI18n } from '../../renderer/common/i18n';
import { whyUnavailable } from '../../renderer/console/features/routing/availability';
import { describeDevice } from '../../renderer/console/features/sessions/device';

const CHROME_ON_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const DESKTOP_APP_ON_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/537.36 (KHTML, like Gecko) CareDesk/1.0 Chrome/130.0.0.0 Electron/33.0.0 Safari/537.36';

describe('the console’s formats follow its language', () => {
  afterEach(() => {
    setupI18n('en');
  });

  it('how long a customer waits: English as before, then German, Japanese and Arabic', () => {
    setupI18n('en');
    expect([formatWait(4_000), formatWait(45_000), formatWait(3 * 60_000), formatWait(65 * 60_000)]).toEqual(['just now', '45 s', '3 min', '1 h 05 min']);
    setupI18n('de');
    expect([formatWait(4_000), formatWait(3 * 60_000), formatWait(65 * 60_000)]).toEqual(['gerade eben', '3 Min.', '1 Std. 05 Min.']);
    setupI18n('ja');
    expect([formatWait(45_000), formatWait(65 * 60_000)]).toEqual(['45秒', '1時間05分']);
    setupI18n('ar');
    expect(formatWait(4_000)).toBe('الآن');
  });

  it('counts group digits the language’s way', () => {
    setupI18n('en');
    expect(formatCount(1234)).toMatch(/^1,234$/);
    setupI18n('fr');
    // French groups with a (narrow) no-break space.
    expect(formatCount(1234)).toMatch(/^1[\u202f\u00a0]234$/);
  });

  it('a session’s date reads in French, and a bad date shows nothing rather than "Invalid Date"', () => {
    setupI18n('fr');
    expect(formatWhen('2026-12-05T20:26:00Z')).toMatch(/^[45] déc\. 2026, \d{2}:\d{2}$/);
    expect(formatWhen('not a date')).toBe('');
  });

  it('devices are named in the language; browsers and systems keep their names', () => {
    setupI18n('en');
    expect(describeDevice(CHROME_ON_WINDOWS)).toBe('Chrome on Windows');
    expect(describeDevice(null)).toBe('Unknown device');
    setupI18n('fr');
    expect(describeDevice(CHROME_ON_WINDOWS)).toBe('Chrome sous Windows');
    expect(describeDevice(DESKTOP_APP_ON_MAC)).toBe('Application Care desk sous macOS');
    setupI18n('ja');
    expect(describeDevice(CHROME_ON_WINDOWS)).toBe('Windows の Chrome');
    expect(describeDevice(null)).toBe('不明なデバイス');
  });

  it('why a colleague cannot take a transfer, in the language', () => {
    setupI18n('en');
    expect([whyUnavailable({ status: 'offline' }), whyUnavailable({ status: 'away' }), whyUnavailable({ status: 'available' })]).toEqual([
      'offline — not connected',
      'away — not taking chats',
      null,
    ]);
    setupI18n('es');
    expect(whyUnavailable({ status: 'away' })).toBe('ausente — no acepta chats');
  });
});
