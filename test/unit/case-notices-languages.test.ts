// Every case notice in every language (issue 10): each renders (no ICU argument missing), none is
// left in English, the facts (numbers, amounts, dates) are all there in the locale's own writing,
// and the English default reads as it always has.
import { describe, expect, it } from 'vitest';
import { formatCents, formatDay, notices, termsLines, type Notice } from '../../shared/domain/caseNotices';
import { caseNotices } from '../../shared/i18n/catalogues/areas/caseNotices';
import { LOCALES, type Locale } from '../../shared/i18n/locales';

const terms = {
  returnBy: '2026-03-18',
  merchandiseCents: 123_450,
  deductions: [{ code: 'shipping_standard_free', cents: 1500 }],
  ifNoRmaOnBox: [{ code: 'restocking_no_rma', cents: 3700 }],
  refundCents: 121_950,
  method: 'wire_or_check' as const,
  refundDueBusinessDays: 4,
};

/** Every notice, once each, with the facts it must carry. */
const all = (l: Locale): [string, Notice, string[]][] => [
  ['rmaTerms', notices.rmaTerms({ items: ['Silk scarf', 'Leather tote'], terms, waivers: [{ code: 'incorrect_address_fee', cents: 800 }] }, l), ['Silk scarf', 'Leather tote']],
  ['rmaTerms (authenticity)', notices.rmaTerms({ items: ['Silk scarf'], terms: { ...terms, deductions: [], ifNoRmaOnBox: [] }, waivers: [], authenticity: true }, l), ['Silk scarf']],
  ['cameBackRefunded', notices.cameBackRefunded({ number: 'RMA-1', refundCents: 91_500, deductions: [{ code: 'undelivered_fee', cents: 7000 }], method: 'original_card', dueBy: '2026-12-31' }, l), ['RMA-1']],
  ['cameBack (undelivered)', notices.cameBack({ items: ['Evening bag'], kind: 'undelivered', terms: { ...terms, returnBy: null, ifNoRmaOnBox: [] } }, l), ['Evening bag']],
  ['cameBack (incorrect address)', notices.cameBack({ items: ['Evening bag'], kind: 'incorrect_address', terms: { ...terms, returnBy: null, ifNoRmaOnBox: [] } }, l), ['Evening bag']],
  ['cameBackReceived', notices.cameBackReceived({ number: 'RMA-2026-000009' }, l), ['RMA-2026-000009']],
  ['rmaWaived (came back)', notices.rmaWaived({ number: null, deductionCode: 'shipping_standard_free', cents: 1500, reason: 'Goodwill.', refundCents: 91_500, settled: false, cameBack: true }, l), ['Goodwill.']],
  ['rmaCancelled (came back)', notices.rmaCancelled({ number: null, reason: 'Opened by mistake.', cameBack: true }, l), ['Opened by mistake.']],
  ['rmaWaived', notices.rmaWaived({ number: 'RMA-2026-000007', deductionCode: 'shipping_overnight_free', cents: 3000, reason: 'Goodwill.', refundCents: 1_250_000, settled: false }, l), ['RMA-2026-000007', 'Goodwill.']],
  ['rmaWaived (no number)', notices.rmaWaived({ number: null, deductionCode: 'shipping_overnight_free', cents: 3000, reason: 'Goodwill.', refundCents: 1_250_000, settled: true }, l), ['Goodwill.']],
  ['rmaInstructions', notices.rmaInstructions({ number: 'RMA-2026-000007', returnAddress: '10 Harbour Road', returnBy: '2026-03-18', prepaidLabel: true, valueCents: 45_000, terms, waivers: [] }, l), ['RMA-2026-000007', '10 Harbour Road', 'UPS']],
  ['rmaInTransit', notices.rmaInTransit({ number: 'RMA-1', carrier: 'FedEx', tracking: '7946200' }, l), ['RMA-1', 'FedEx', '7946200']],
  ['rmaReceived', notices.rmaReceived({ number: 'RMA-1' }, l), ['RMA-1']],
  ['rmaRefunded', notices.rmaRefunded({ number: 'RMA-1', refundCents: 98_500, deductions: [{ code: 'shipping_standard_free', cents: 1500 }], method: 'original_card', dueBy: '2026-12-31T23:59:59Z' }, l), ['RMA-1']],
  ['rmaRejected', notices.rmaRejected({ number: 'RMA-1', reason: 'Worn' }, l), ['RMA-1', 'Worn']],
  ['rmaCancelled', notices.rmaCancelled({ number: null, reason: 'Changed mind.' }, l), ['Changed mind.']],
  ['rmaExpired', notices.rmaExpired({ number: 'RMA-1', returnBy: '2026-03-11' }, l), ['RMA-1']],
  ['claimOpened', notices.claimOpened({ number: 'CLM-2026-000003', kind: 'damaged', photosNeeded: 5, serialSkus: ['WATCH'] }, l), ['CLM-2026-000003', 'WATCH', '5']],
  ['claimOpened (lost)', notices.claimOpened({ number: 'CLM-2026-000003', kind: 'lost', photosNeeded: 5, serialSkus: [] }, l), ['CLM-2026-000003']],
  ['claimFiled', notices.claimFiled({ number: 'CLM-1', carrier: null, carrierReference: 'UPS-CLM-9' }, l), ['CLM-1', 'UPS-CLM-9']],
  ['claimApproved', notices.claimApproved({ number: 'CLM-1', carrier: 'DHL' }, l), ['CLM-1', 'DHL']],
  ['claimDenied', notices.claimDenied({ number: 'CLM-1' }, l), ['CLM-1']],
  ['claimRefunded', notices.claimRefunded({ number: 'CLM-1', refundCents: 1_350_000, method: 'original_card' }, l), ['CLM-1']],
  ['claimClosed', notices.claimClosed({ number: 'CLM-1', note: 'Voucher sent.' }, l), ['CLM-1', 'Voucher sent.']],
  ['claimCancelled', notices.claimCancelled({ number: 'CLM-1', reason: 'Found.' }, l), ['CLM-1', 'Found.']],
];

describe('case notices in every language', () => {
  const english = all('en');

  it('English is the default and keeps its own money and dates', () => {
    expect(notices.rmaExpired({ number: 'R', returnBy: '2026-03-11' })).toEqual(notices.rmaExpired({ number: 'R', returnBy: '2026-03-11' }, 'en'));
    expect(english.find(([k]) => k === 'rmaRefunded')![1].text).toBe(
      `Your return RMA-1 is processed. We are refunding ${formatCents(98_500)} (after deductions: free standard shipping $15.00) to the card you paid with, by ${formatDay('2026-12-31')}.`,
    );
    // A parcel that came back on its own: no condition; an authenticity concern: the specialist's finding.
    expect(termsLines(terms, [], 'en', 'none')).toEqual(expect.arrayContaining(['What we will refund:', 'Refund: $1,219.50, by wire transfer or check, as you prefer — please tell us which, within 4 business days of our receiving the parcel.']));
    expect(termsLines(terms, [], 'en', 'ifNotAuthentic').at(-1)).toBe('Refund if the items are found not to be authentic: $1,219.50, by wire transfer or check, as you prefer — please tell us which, within 4 business days of our receiving the parcel.');
    expect(english.find(([k]) => k === 'cameBack (incorrect address)')![1].text).toMatch(/^Your parcel with Evening bag came back to us because of an incorrect address on the order\.\n/);
    const authenticity = english.find(([k]) => k === 'rmaTerms (authenticity)')![1].text;
    expect(authenticity).toContain('An authentication specialist will examine the items.');
    // Its 30 days were for raising it: no date to ship by.
    expect(authenticity).not.toContain('no later than');
    expect(termsLines(terms, [])).toContain('Refund expected if the parcel comes back as required (RMA number on the box, every tag on, unworn): $1,219.50, by wire transfer or check, as you prefer — please tell us which, within 4 business days of our receiving it.');
  });

  for (const l of LOCALES.filter((x) => x !== 'en')) {
    it(`${l}: every notice is translated and carries its facts`, () => {
      all(l).forEach(([name, n, facts], i) => {
        expect(n.subject, name).not.toBe(english[i]![1].subject);
        expect(n.text, name).not.toBe(english[i]![1].text);
        for (const f of facts) expect(n.text, `${name} mentions ${f}`).toContain(f);
        expect(`${n.subject}\n${n.text}`, name).not.toMatch(/[{}]|undefined|NaN/);
      });
      // Each kind's own lines are there in the language too, not only the shared ones.
      const text = (name: string) => all(l).find(([k]) => k === name)![1].text;
      expect(text('rmaTerms (authenticity)').split('\n').length).toBe(english.find(([k]) => k === 'rmaTerms (authenticity)')![1].text.split('\n').length);
      expect(text('rmaTerms (authenticity)')).not.toContain(termsLines(terms, [], l, 'asRequired').at(-1));
      expect(text('cameBack (undelivered)')).not.toBe(text('cameBack (incorrect address)'));
      // The words each kind added are this language's, not English left in place.
      const added = ['notice.rmaTerms.authenticity', 'notice.terms.headingRefund', 'notice.terms.refundPlain', 'notice.terms.refundIfNotAuthentic', 'notice.cameBack.outro'] as const;
      for (const key of added) expect(caseNotices[l][key], key).not.toBe(caseNotices.en[key]);
      expect(text('cameBackRefunded')).not.toBe(notices.rmaRefunded({ number: 'RMA-1', refundCents: 91_500, deductions: [{ code: 'undelivered_fee', cents: 7000 }], method: 'original_card', dueBy: '2026-12-31' }, l).text);
    });
  }

  it('money and dates are written the locale’s way; business days agree in number', () => {
    const fr = all('fr');
    const refunded = fr.find(([k]) => k === 'rmaRefunded')![1].text;
    expect(refunded).toMatch(/985,00\s\$US/);
    expect(refunded).toContain('31 décembre 2026');
    expect(fr.find(([k]) => k === 'rmaTerms')![1].text).toContain('Silk scarf et Leather tote');
    expect(termsLines(terms, [], 'fr').at(-1)).toContain('sous 4 jours ouvrés');
    expect(termsLines({ ...terms, refundDueBusinessDays: 1 }, [], 'fr').at(-1)).toContain('sous 1 jour ouvré');
    expect(termsLines({ ...terms, refundDueBusinessDays: 1 }, [], 'de').at(-1)).toContain('innerhalb von 1 Werktag ');
    expect(all('de').find(([k]) => k === 'rmaExpired')![1].text).toContain('11. März 2026');
    expect(all('ja').find(([k]) => k === 'rmaExpired')![1].text).toContain('2026年3月11日');
    expect(all('de').find(([k]) => k === 'claimRefunded')![1].text).toMatch(/13\.500,00\s\$/);
  });
});
