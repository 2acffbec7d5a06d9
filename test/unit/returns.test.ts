import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, mergePolicy } from '../../shared/domain/config';
import { QuoteInputSchema, addBusinessDays, percentOfCents, quoteReturn, type QuoteInput } from '../../shared/domain/returns';
import { formatIsoDate, formatIsoSeconds } from '../../shared/domain/time';

// The worked examples live beside POLICY.md, outside the project: read them in place.
const casesDir = new URL('../../../shared/cases/returns/', import.meta.url);
const caseFiles = readdirSync(casesDir).filter((f) => f.endsWith('.json')).sort();
const policy = DEFAULT_POLICY.returns;

describe('returns: worked examples (shared/cases/returns)', () => {
  it('finds the case files', () => {
    expect(caseFiles.length).toBeGreaterThanOrEqual(10);
  });

  for (const file of caseFiles) {
    const c = JSON.parse(readFileSync(new URL(file, casesDir), 'utf8'));
    it(`${file}: ${c.description}`, () => {
      // Every case must also be valid input, so the schema and the engine agree on the contract.
      const input = QuoteInputSchema.parse(c.input);
      expect(quoteReturn(input, policy)).toEqual(c.expected);
    });
  }
});

/** A card order, free standard shipping, delivered Wed 2026-03-04 15:00 UTC, one $1,000 item. */
function base(overrides: Partial<QuoteInput> = {}): QuoteInput {
  return {
    order: { paymentMethod: 'card', shipping: 'standard_free', international: false, deliveredAt: '2026-03-04T15:00:00Z' },
    items: [{ sku: 'A', priceCents: 100000, finalSale: false }],
    request: { kind: 'return', at: '2026-03-05T10:00:00Z' },
    receipt: { at: '2026-03-10T10:00:00Z', shippedAt: '2026-03-06T10:00:00Z', rmaOnBox: true, tagsIntact: true, condition: 'as_new' },
    ...overrides,
  };
}

describe('returns: authorization', () => {
  it('applies the shortest window among several items to the whole request', () => {
    const input = base({
      items: [
        { sku: 'A', priceCents: 100000, finalSale: false, returnWindowDays: 30 },
        { sku: 'B', priceCents: 50000, finalSale: false, returnWindowDays: 3 },
      ],
      request: { kind: 'return', at: '2026-03-08T10:00:00Z' },
      receipt: undefined,
    });
    expect(quoteReturn(input, policy)).toEqual({
      eligible: false,
      reasons: ['window_expired'],
      returnBy: '2026-03-07T15:00:00Z',
      settlement: null,
    });
  });

  it('is in time exactly at returnBy', () => {
    const input = base({ request: { kind: 'return', at: '2026-03-11T15:00:00Z' }, receipt: undefined });
    expect(quoteReturn(input, policy).eligible).toBe(true);
  });

  it('refuses an undelivered order, and reports every reason, sorted', () => {
    const input = base({
      order: { ...base().order, deliveredAt: null },
      items: [{ sku: 'A', priceCents: 100000, finalSale: true }],
      receipt: undefined,
    });
    expect(quoteReturn(input, policy)).toEqual({
      eligible: false,
      reasons: ['final_sale', 'not_delivered'],
      returnBy: null,
      settlement: null,
    });
  });

  it('expires an authenticity concern after its window', () => {
    const input = base({ request: { kind: 'authenticity', at: '2026-04-03T15:00:01Z' }, receipt: undefined });
    expect(quoteReturn(input, policy)).toMatchObject({ eligible: false, reasons: ['authenticity_window_expired'] });
  });

  it('gives no settlement to an ineligible request even when a parcel arrived', () => {
    const input = base({ items: [{ sku: 'A', priceCents: 100000, finalSale: true }] });
    expect(quoteReturn(input, policy).settlement).toBeNull();
  });
});

describe('returns: settlement', () => {
  it('deducts $30 for free overnight shipping', () => {
    const s = quoteReturn(base({ order: { ...base().order, shipping: 'overnight_free' } }), policy).settlement;
    expect(s?.deductions).toEqual([{ code: 'shipping_overnight_free', cents: 3000 }]);
    expect(s?.refundCents).toBe(97000);
  });

  it('refunds wire payments by wire or check', () => {
    const s = quoteReturn(base({ order: { ...base().order, paymentMethod: 'wire' } }), policy).settlement;
    expect(s?.method).toBe('wire_or_check');
  });

  it('never refunds below zero', () => {
    const s = quoteReturn(base({ items: [{ sku: 'A', priceCents: 1000, finalSale: false }] }), policy).settlement;
    expect(s?.deductions).toEqual([{ code: 'shipping_standard_free', cents: 1500 }]);
    expect(s?.refundCents).toBe(0);
  });

  it('rejects a parcel shipped after returnBy, and lists every rejection reason sorted', () => {
    const input = base({
      receipt: { at: '2026-03-14T10:00:00Z', shippedAt: '2026-03-12T10:00:00Z', rmaOnBox: true, tagsIntact: false, condition: 'used' },
    });
    expect(quoteReturn(input, policy).settlement).toEqual({
      accepted: false,
      reasons: ['sent_late', 'tags_removed', 'used'],
      merchandiseCents: 100000,
      deductions: [],
      refundCents: 0,
      method: null,
      dueBy: null,
    });
  });

  it('charges 3% plus the shipping deduction for an incorrect address', () => {
    const input = base({ order: { ...base().order, deliveredAt: null }, request: { kind: 'incorrect_address', at: '2026-03-06T10:00:00Z' } });
    expect(quoteReturn(input, policy).settlement).toMatchObject({
      deductions: [
        { code: 'shipping_standard_free', cents: 1500 },
        { code: 'incorrect_address_fee', cents: 3000 },
      ],
      refundCents: 95500,
    });
  });

  it('refunds a non-authentic item in full, final sale and worn or not', () => {
    const input = base({
      items: [{ sku: 'A', priceCents: 100000, finalSale: true }],
      request: { kind: 'authenticity', at: '2026-03-20T10:00:00Z' },
      receipt: { at: '2026-03-25T10:00:00Z', rmaOnBox: false, tagsIntact: false, condition: 'used' },
    });
    expect(quoteReturn(input, policy).settlement).toMatchObject({ accepted: true, deductions: [], refundCents: 100000 });
  });

  it('sums the merchandise and deducts shipping once per RMA', () => {
    const input = base({
      items: [
        { sku: 'A', priceCents: 100000, finalSale: false },
        { sku: 'B', priceCents: 50000, finalSale: false },
      ],
    });
    expect(quoteReturn(input, policy).settlement).toMatchObject({ merchandiseCents: 150000, refundCents: 148500 });
  });
});

describe('returns: numbers come from configuration', () => {
  it('follows a brand policy with different numbers', () => {
    const brand = mergePolicy(DEFAULT_POLICY, {
      returns: {
        defaultWindowDays: 10,
        shippingDeductionCents: { standard_free: 2000 },
        restockingNoRmaPercent: 5,
        refundDueBusinessDays: 2,
      },
    }).returns;
    const input = base({
      request: { kind: 'return', at: '2026-03-13T10:00:00Z' }, // day 9: past the default 7, inside 10
      receipt: { at: '2026-03-13T10:00:00Z', shippedAt: '2026-03-13T09:00:00Z', rmaOnBox: false, tagsIntact: true, condition: 'as_new' },
    });
    expect(quoteReturn(input, policy).eligible).toBe(false);
    expect(quoteReturn(input, brand)).toEqual({
      eligible: true,
      reasons: [],
      returnBy: '2026-03-14T15:00:00Z',
      settlement: {
        accepted: true,
        reasons: [],
        merchandiseCents: 100000,
        deductions: [
          { code: 'shipping_standard_free', cents: 2000 },
          { code: 'restocking_no_rma', cents: 5000 },
        ],
        refundCents: 93000,
        method: 'original_card',
        dueBy: '2026-03-17', // Fri + 2 business days
      },
    });
  });
});

describe('returns: input schema', () => {
  it.each([
    ['an unknown payment method', { order: { ...base().order, paymentMethod: 'cash' } }],
    ['fractional cents', { items: [{ sku: 'A', priceCents: 10.5, finalSale: false }] }],
    ['negative cents', { items: [{ sku: 'A', priceCents: -1, finalSale: false }] }],
    ['no items', { items: [] }],
    ['a timestamp that is not ISO', { request: { kind: 'return', at: 'March 5' } }],
    ['an unknown request kind', { request: { kind: 'exchange', at: '2026-03-05T10:00:00Z' } }],
    ['an unknown condition', { receipt: { ...base().receipt, condition: 'worn' } }],
  ])('rejects %s', (_label, overrides) => {
    expect(QuoteInputSchema.safeParse({ ...base(), ...overrides }).success).toBe(false);
  });

  it('accepts a valid input', () => {
    expect(QuoteInputSchema.safeParse(base()).success).toBe(true);
  });
});

describe('returns: helpers', () => {
  it('rounds percentages half up to the cent', () => {
    expect(percentOfCents(210050, 3)).toBe(6302); // 6301.5
    expect(percentOfCents(210049, 3)).toBe(6301); // 6301.47
    // A configured percentage is used as written, and rounded once, at the cent: 3.125% of $1,000 is $31.25.
    expect(percentOfCents(100000, 3.125)).toBe(3125);
    expect(percentOfCents(100000, 0.125)).toBe(125);
    expect(percentOfCents(150, 3)).toBe(5); // 4.5
    expect(percentOfCents(50, 7)).toBe(4); // 3.5
    expect(percentOfCents(12345, 0)).toBe(0);
    expect(percentOfCents(10050, 2.5)).toBe(251); // 251.25
    expect(percentOfCents(100, 0)).toBe(0);
  });

  it('skips weekends when adding business days, counting from the UTC date', () => {
    const day = (iso: string, n: number) => formatIsoDate(addBusinessDays(new Date(iso), n));
    expect(day('2026-03-20T23:59:59Z', 1)).toBe('2026-03-23'); // Fri -> Mon
    expect(day('2026-03-22T10:00:00Z', 4)).toBe('2026-03-26'); // Sun -> Thu
    expect(day('2026-03-18T10:00:00Z', 0)).toBe('2026-03-18');
  });

  it('prints timestamps without milliseconds', () => {
    expect(formatIsoSeconds(new Date('2026-03-04T15:00:00.789Z'))).toBe('2026-03-04T15:00:00Z');
  });
});
