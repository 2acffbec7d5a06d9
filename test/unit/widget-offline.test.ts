// The widget outside hours: when the desk opens again, said in the customer's time, and the checks
// on the offline message before it is sent.
import { describe, expect, it } from 'vitest';
import { checkDraft } from '../../renderer/widget/offlineMessage';
import { openingText } from '../../renderer/widget/openingText';
import { setupI18n } from '../../renderer/common/i18n';

setupI18n('en');

const here = Intl.DateTimeFormat().resolvedOptions().timeZone;
const clock = (d: Date, timeZone?: string) => new Intl.DateTimeFormat('en-US', { hour: '2-digit', minute: '2-digit', ...(timeZone ? { timeZone } : {}) }).format(d);

describe('when the desk opens again', () => {
  const now = new Date(2025, 5, 1, 15, 0); // Sunday 1 June, 15:00 local

  it('says today or tomorrow when it is, else the weekday and date, in local time', () => {
    const tonight = new Date(2025, 5, 1, 18, 30);
    expect(openingText(tonight.toISOString(), now, here, 'en-US')).toBe(`today at ${clock(tonight)}`);
    const tomorrow = new Date(2025, 5, 2, 10, 0);
    expect(openingText(tomorrow.toISOString(), now, here, 'en-US')).toBe(`tomorrow at ${clock(tomorrow)}`);
    const later = new Date(2025, 5, 4, 10, 0);
    expect(openingText(later.toISOString(), now, here, 'en-US')).toBe(`on Wednesday, June 4 at ${clock(later)}`);
  });

  it('adds the desk’s own time only when it differs', () => {
    const at = new Date(2025, 5, 2, 10, 0);
    const zone = clock(at, 'Asia/Tokyo') === clock(at) ? 'Europe/Paris' : 'Asia/Tokyo';
    const city = zone.split('/')[1];
    expect(openingText(at.toISOString(), now, zone, 'en-US')).toBe(`tomorrow at ${clock(at)} (${clock(at, zone)} ${city} time)`);
    expect(openingText(at.toISOString(), now, 'Not/A_Zone', 'en-US')).toBe(`tomorrow at ${clock(at)}`);
    expect(openingText('not a date', now, here)).toBeNull();
  });
});

describe('the offline message form', () => {
  const ok = { name: 'Ada Lovelace', email: 'ada@shop.test', body: 'Is the bag back in stock?' };

  it('accepts a complete message', () => {
    expect(checkDraft(ok, 4000)).toEqual({});
  });

  it('names each problem next to its field', () => {
    expect(checkDraft({ name: ' ', email: '', body: '' }, 4000)).toEqual({
      name: 'Please tell us your name.',
      email: 'Please give the email address we should answer.',
      body: 'Please write your message.',
    });
    expect(checkDraft({ ...ok, email: 'ada@shop' }, 4000).email).toContain('“ada@shop” is not an email address');
    expect(checkDraft({ ...ok, body: 'x'.repeat(4001) }, 4000).body).toBe('Your message is 4,001 characters long; the limit is 4,000. Please shorten it.');
    expect(checkDraft({ ...ok, body: `  ${'x'.repeat(4000)}  ` }, 4000)).toEqual({});
  });
});
