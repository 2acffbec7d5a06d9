// The terms told before authorization (issue 9) come from the same engine as the settlement: for
// every worked example that is an eligible return, the terms quoted at request time equal what the
// engine settles when the parcel comes back as required, and the deduction told "only if the box
// lacks the RMA number" is exactly what such a box adds. Waived deductions drop out of both.
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../shared/domain/config';
import { QuoteInputSchema, quoteReturn, returnTerms, type QuoteInput } from '../../shared/domain/returns';

const casesDir = new URL('../../../shared/cases/returns/', import.meta.url);
const policy = DEFAULT_POLICY.returns;
const asRequired = (at: string) => ({ at, rmaOnBox: true, tagsIntact: true, condition: 'as_new' as const });

describe('return terms', () => {
  for (const file of readdirSync(casesDir).filter((f) => f.endsWith('.json')).sort()) {
    const c = JSON.parse(readFileSync(new URL(file, casesDir), 'utf8'));
    const input = QuoteInputSchema.parse(c.input);
    if (input.request.kind !== 'return') continue;
    it(`${file}: told = settled as required, for an eligible return; none for an ineligible one`, () => {
      const { receipt: _r, ...request } = input;
      const terms = returnTerms(request, policy);
      if (!c.expected.eligible) return expect(terms).toBeNull();
      const settled = quoteReturn({ ...request, receipt: asRequired(input.receipt?.at ?? input.request.at) }, policy).settlement!;
      expect(terms).toMatchObject({ returnBy: c.expected.returnBy, merchandiseCents: settled.merchandiseCents, deductions: settled.deductions, refundCents: settled.refundCents, method: settled.method });
      const noRma = quoteReturn({ ...request, receipt: { ...asRequired(input.request.at), rmaOnBox: false } }, policy).settlement!;
      expect([...terms!.deductions, ...terms!.ifNoRmaOnBox]).toEqual(noRma.deductions);
    });
  }

  it('the example of issue 9: $450 on free standard shipping is told $15 off, $13.50 more without the RMA number, $435 expected', () => {
    const input: Omit<QuoteInput, 'receipt'> = {
      order: { paymentMethod: 'card', shipping: 'standard_free', international: false, deliveredAt: '2026-03-04T15:00:00Z' },
      items: [{ sku: 'SCARF', priceCents: 45_000, finalSale: false }],
      request: { kind: 'return', at: '2026-03-05T10:00:00Z' },
    };
    expect(returnTerms(input, policy)).toEqual({
      returnBy: '2026-03-11T15:00:00Z',
      merchandiseCents: 45_000,
      deductions: [{ code: 'shipping_standard_free', cents: 1500 }],
      ifNoRmaOnBox: [{ code: 'restocking_no_rma', cents: 1350 }],
      refundCents: 43_500,
      method: 'original_card',
      refundDueBusinessDays: 4,
    });
    const waived = returnTerms(input, policy, { waived: ['shipping_standard_free'] })!;
    expect(waived).toMatchObject({ deductions: [], refundCents: 45_000 });
  });

  it('for any eligible order, the refund settled as required (with any waivers) is the refund told', () => {
    const shipping = fc.constantFrom('standard_free' as const, 'overnight_free' as const, 'paid' as const);
    const item = fc.record({ sku: fc.constantFrom('A', 'B', 'C', 'D'), priceCents: fc.integer({ min: 0, max: 5_000_000 }), finalSale: fc.constant(false), returnWindowDays: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }) });
    const waivers = fc.subarray(['shipping_standard_free', 'shipping_overnight_free', 'restocking_no_rma'] as const);
    fc.assert(
      fc.property(shipping, fc.constantFrom('card' as const, 'wire' as const), fc.array(item, { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 6 }), waivers, (ship, pay, items, daysIn, waived) => {
        const request = {
          order: { paymentMethod: pay, shipping: ship, international: false, deliveredAt: '2026-03-02T12:00:00Z' },
          items: items.map((i) => (i.returnWindowDays === undefined ? { sku: i.sku, priceCents: i.priceCents, finalSale: false } : i)),
          request: { kind: 'return' as const, at: new Date(Date.parse('2026-03-02T12:00:00Z') + daysIn * 86_400_000).toISOString() },
        };
        const terms = returnTerms(request, policy, { waived });
        const settled = quoteReturn({ ...request, receipt: asRequired('2026-03-20T12:00:00Z') }, policy, { waived }).settlement;
        if (terms === null) return settled === null;
        return settled !== null && settled.refundCents === terms.refundCents && JSON.stringify(settled.deductions) === JSON.stringify(terms.deductions);
      }),
    );
  });
});
