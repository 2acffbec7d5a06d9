// What the customer is told at each step of a case, as plain text: posted in the chat as a system
// message and, where a mailer is configured, emailed. Kept in shared/ so the console can preview
// exactly what the customer will read. Wording follows POLICY.md §1–2.

/** `$1,234.50` — money is integer cents everywhere; this is only for people to read. */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  // Grouped by hand, not toLocaleString: the text must not depend on the runtime's ICU data.
  const dollars = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}$${dollars}.${String(abs % 100).padStart(2, '0')}`;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `18 March 2026` (UTC) for a `YYYY-MM-DD` date or a timestamp. */
export function formatDay(iso: string): string {
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

export interface Notice {
  subject: string;
  text: string;
}

/** The terms of a return as the engine quoted them (shared/domain/returns.ts returnTerms). */
interface TermsFacts {
  returnBy: string | null;
  merchandiseCents: number;
  deductions: { code: string; cents: number }[];
  ifNoRmaOnBox: { code: string; cents: number }[];
  refundCents: number;
  method: RefundMethod;
  refundDueBusinessDays: number;
}
interface WaiverFacts {
  code: string;
  cents: number;
}

/** The deduction as a sentence names it: "free standard shipping deduction". */
export const deductionName = (code: string) => DEDUCTION_NAME[code] ?? code.replace(/_/g, ' ');

/**
 * Every number the customer is told before the return is authorized (issue 9): the return-by date,
 * each deduction the policy will apply, the one that applies only if the RMA number is missing from
 * the box, waivers, and the refund expected when the parcel comes back as required.
 */
export function termsLines(t: TermsFacts, waivers: readonly WaiverFacts[]): string[] {
  const lines = ['What your return will cost:', `- Items returned: ${formatCents(t.merchandiseCents)}`];
  if (t.deductions.length === 0) lines.push('- Nothing is deducted from your refund.');
  for (const d of t.deductions) {
    lines.push(`- Deducted: ${deductionName(d.code)}, ${formatCents(d.cents)}${d.code.startsWith('shipping_') ? ' (the original shipping is never refunded)' : ''}`);
  }
  for (const d of t.ifNoRmaOnBox) lines.push(`- Only if the box arrives without the RMA number written on it: ${deductionName(d.code)}, ${formatCents(d.cents)}`);
  for (const w of waivers) lines.push(`- Waived by customer care: ${deductionName(w.code)}, ${formatCents(w.cents)}`);
  lines.push(
    '',
    `Refund expected if the parcel comes back as required (RMA number on the box, every tag on, unworn): ${formatCents(t.refundCents)}, ${METHOD_TEXT[t.method]}, within ${t.refundDueBusinessDays} business days of our receiving it.`,
  );
  return lines;
}

const METHOD_TEXT = {
  original_card: 'to the card you paid with',
  wire_or_check: 'by wire transfer or check, as you prefer — please tell us which',
} as const;
export type RefundMethod = keyof typeof METHOD_TEXT;

export const notices = {
  /** Told in the chat when a return request is opened, before anything is authorized. */
  rmaTerms(p: { items: string[]; terms: TermsFacts; waivers: readonly WaiverFacts[] }): Notice {
    const lines = [
      `Before we authorize your return of ${p.items.join(', ')}, here is what to expect.`,
      '',
      ...(p.terms.returnBy ? [`Ship the parcel back no later than ${formatDay(p.terms.returnBy)}.`, ''] : []),
      ...termsLines(p.terms, p.waivers),
      '',
      'You will get the RMA number and the return address here and by email once the return is authorized.',
    ];
    return { subject: 'Your return request: what to expect', text: lines.join('\n') };
  },
  rmaWaived(p: { number: string | null; deduction: string; cents: number; reason: string; refundCents: number; settled: boolean }): Notice {
    const which = p.number ? `your return ${p.number}` : 'your return';
    return {
      subject: `Good news about ${which}`,
      text: `We have waived the ${p.deduction} (${formatCents(p.cents)}) on ${which}: ${p.reason} ${p.settled ? 'Your refund is now' : 'The refund expected is now'} ${formatCents(p.refundCents)}.`,
    };
  },
  rmaInstructions(p: { number: string; returnAddress: string; returnBy: string | null; prepaidLabel: boolean; valueCents: number; terms?: TermsFacts | null; waivers?: readonly WaiverFacts[] }): Notice {
    const lines = [
      `Your return is authorized. Your RMA number is ${p.number}.`,
      '',
      'Please send the items to:',
      p.returnAddress,
      ...(p.returnBy ? ['', `Ship the parcel no later than ${formatDay(p.returnBy)}.`] : []),
      '',
      'Before you send it:',
      '- Keep every tag and the security tag on the items until you are sure you are keeping them.',
      '- Pack the items safely, in the original or similar packaging.',
      `- Write the RMA number ${p.number} clearly on the box.`,
      `- Insure the parcel for its full value (${formatCents(p.valueCents)}).`,
      '- Use a tracked carrier (for example UPS, FedEx or DHL) with signature on delivery.',
      '- A parcel lost on its way back to us is at your risk, so please insure and track it.',
      '',
      p.prepaidLabel
        ? 'We will send you a prepaid return label: the return shipping is on us.'
        : 'The return shipping is at your cost.',
      ...(p.terms ? ['', ...termsLines(p.terms, p.waivers ?? [])] : []),
    ];
    return { subject: `Your return ${p.number}: how to send it`, text: lines.join('\n') };
  },
  rmaInTransit(p: { number: string; carrier: string; tracking: string }): Notice {
    return { subject: `Your return ${p.number} is on its way`, text: `Thank you: we have noted your return ${p.number} is on its way (${p.carrier}, tracking ${p.tracking}). We will tell you as soon as it arrives.` };
  },
  rmaReceived(p: { number: string }): Notice {
    return { subject: `We received your return ${p.number}`, text: `Your return ${p.number} has arrived and has been inspected. We will confirm the refund shortly.` };
  },
  rmaRefunded(p: { number: string; refundCents: number; deductions: { code: string; cents: number }[]; method: RefundMethod; dueBy: string }): Notice {
    const deducted = p.deductions.length
      ? ` (after deductions: ${p.deductions.map((d) => `${DEDUCTION_TEXT[d.code] ?? d.code} ${formatCents(d.cents)}`).join(', ')})`
      : '';
    return {
      subject: `Your refund for return ${p.number}`,
      text: `Your return ${p.number} is processed. We are refunding ${formatCents(p.refundCents)}${deducted} ${METHOD_TEXT[p.method]}, by ${formatDay(p.dueBy)}.`,
    };
  },
  rmaRejected(p: { number: string; reason: string }): Notice {
    return { subject: `Your return ${p.number} could not be accepted`, text: `We are sorry: your return ${p.number} could not be accepted. Reason: ${p.reason}. Customer care will contact you about sending the items back to you.` };
  },
  rmaCancelled(p: { number: string | null; reason: string }): Notice {
    return { subject: `Your return request is cancelled`, text: `Your return ${p.number ?? 'request'} is cancelled. ${p.reason}` };
  },
  rmaExpired(p: { number: string; returnBy: string }): Notice {
    return {
      subject: `Your return ${p.number} has expired`,
      text: `Your return ${p.number} has expired: nothing was shipped by ${formatDay(p.returnBy)}. If you still wish to return the items, please contact customer care.`,
    };
  },
  claimOpened(p: { number: string; kind: 'damaged' | 'overdue' | 'lost'; photosNeeded: number; serialSkus: string[] }): Notice {
    const lines =
      p.kind === 'damaged'
        ? [
            `We are sorry your order arrived damaged. We have opened claim ${p.number} with the carrier's insurance on your behalf.`,
            '',
            'Please:',
            '- Keep the original packaging, the box and all cushioning: the carrier may inspect them.',
            `- Upload photos here in the chat (at least ${p.photosNeeded}): the item, the item in its box with the cushioning, the packaging, the shipping label, and every side of the box.`,
          ]
        : [`We are sorry your parcel has not arrived. We have opened claim ${p.number} and are contacting the carrier on your behalf.`];
    if (p.serialSkus.length) lines.push(`- Please send us the serial number of: ${p.serialSkus.join(', ')}.`);
    lines.push('', 'Your refund is issued once the carrier has approved and paid the claim. We will keep you informed here and by email.');
    return { subject: `Your claim ${p.number}`, text: lines.join('\n') };
  },
  claimFiled(p: { number: string; carrier: string; carrierReference: string }): Notice {
    return { subject: `Claim ${p.number} filed with ${p.carrier}`, text: `We have filed your claim ${p.number} with ${p.carrier} (their reference ${p.carrierReference}). We will tell you their decision.` };
  },
  claimApproved(p: { number: string; carrier: string }): Notice {
    return { subject: `Claim ${p.number} approved`, text: `${p.carrier} has approved claim ${p.number}. Your refund follows as soon as the carrier has paid.` };
  },
  claimDenied(p: { number: string }): Notice {
    return { subject: `Update on claim ${p.number}`, text: `The carrier has declined claim ${p.number}. A customer-care supervisor is reviewing it and will contact you.` };
  },
  claimRefunded(p: { number: string; refundCents: number; method: RefundMethod }): Notice {
    return { subject: `Your refund for claim ${p.number}`, text: `Your claim ${p.number} is settled. We are refunding ${formatCents(p.refundCents)} ${METHOD_TEXT[p.method]}.` };
  },
  claimClosed(p: { number: string; note: string }): Notice {
    return { subject: `Claim ${p.number} closed`, text: `We have closed claim ${p.number}. ${p.note} If you have any question, customer care is here to help.` };
  },
  claimCancelled(p: { number: string; reason: string }): Notice {
    return { subject: `Claim ${p.number} closed`, text: `Your claim ${p.number} is cancelled. ${p.reason}` };
  },
};

const DEDUCTION_NAME: Record<string, string> = {
  shipping_standard_free: 'free standard shipping deduction',
  shipping_overnight_free: 'free overnight shipping deduction',
  restocking_no_rma: 'restocking fee (no RMA number on the box)',
  undelivered_fee: 'undelivered parcel fee',
  incorrect_address_fee: 'incorrect address fee',
};

const DEDUCTION_TEXT: Record<string, string> = {
  shipping_standard_free: 'free standard shipping',
  shipping_overnight_free: 'free overnight shipping',
  restocking_no_rma: 'restocking fee (no RMA number on the box)',
  undelivered_fee: 'undelivered parcel fee',
  incorrect_address_fee: 'incorrect address fee',
};
