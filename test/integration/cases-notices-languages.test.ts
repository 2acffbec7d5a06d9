// What the customer is told about a return, in the customer's language (issue 10), through a real
// hub: a chat started from a French widget gets the return terms and the RMA instructions in
// French in the chat and by email, money and dates written the French way; a chat started in
// English reads exactly as it always has.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDay } from '../../shared/domain/caseNotices';
import { RETURN_ADDRESS, openDesk, type Desk } from '../helpers/cases';
import { ok, until } from '../helpers/sockets';

const systemMessages = (desk: Desk) => desk.atCustomer.filter((m) => m.author.kind === 'system').map((m) => m.body);

/** What a French reader expects, written by Intl independently of the desk: "450,00 $US", "18 mars 2026". */
const euros = (cents: number) => new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'USD' }).format(cents / 100);
const jour = (iso: string) => new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso));

describe('a French customer is told about their return in French', () => {
  let desk: Desk;
  let caseId: string;
  let returnBy: string;

  beforeAll(async () => {
    desk = await openDesk({ customerLocale: 'fr-FR' });
  });
  afterAll(async () => {
    await desk?.close();
  });

  it('the terms quoted when the request is opened are in French, with French money and dates', async () => {
    const before = systemMessages(desk).length;
    const { case: c } = await ok(desk.agent, 'cases:open-rma', { conversationId: desk.conversationId, orderId: 'PO-100', skus: ['SCARF'], reason: 'doesnt_fit' });
    caseId = c.id;
    returnBy = c.data.eligibility.returnBy;
    await until(() => systemMessages(desk).length === before + 1, 5000, 'the terms in the chat');
    const told = systemMessages(desk).at(-1)!;
    expect(told.split('\n')).toEqual([
      'Avant d’autoriser le retour de Silk scarf, voici ce qui vous attend.',
      '',
      `Veuillez nous renvoyer le colis au plus tard le ${jour(returnBy)}.`,
      '',
      'Ce que coûtera votre retour :',
      `- Articles retournés : ${euros(45_000)}`,
      `- Déduit : déduction de la livraison standard offerte, ${euros(1500)} (les frais de livraison initiaux ne sont jamais remboursés)`,
      `- Uniquement si le colis arrive sans le numéro RMA inscrit dessus : frais de remise en stock (numéro RMA absent du colis), ${euros(1350)}`,
      '',
      `Remboursement prévu si le colis nous revient dans les conditions requises (numéro RMA sur le colis, toutes les étiquettes en place, articles non portés) : ${euros(43_500)}, sur la carte utilisée pour votre paiement, sous 4 jours ouvrés après sa réception.`,
      '',
      'Vous recevrez ici et par e-mail le numéro RMA et l’adresse de retour dès que le retour sera autorisé.',
    ]);
    // Written the French way: a decimal comma, the currency after the amount, the month in French.
    expect(told).toMatch(/435,00\s\$US/);
    expect(told).toMatch(/au plus tard le \d{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}\./);
    expect(told).not.toContain('$435.00');
  });

  it('the authorization sends the RMA instructions in French, in the chat and by email (subject too)', async () => {
    const before = systemMessages(desk).length;
    const { case: c } = await ok(desk.agent, 'cases:transition', { caseId, action: 'authorize', data: { prepaidLabel: false } });
    await desk.hub.cases.settled();
    await until(() => systemMessages(desk).length === before + 1, 5000, 'the instructions in the chat');
    const told = systemMessages(desk).at(-1)!;
    expect(told.startsWith(`Votre retour est autorisé. Votre numéro RMA est le ${c.number}.\n\nVeuillez envoyer les articles à l’adresse suivante :\n${RETURN_ADDRESS}\n`)).toBe(true);
    expect(told).toContain(`Veuillez expédier le colis au plus tard le ${jour(returnBy)}.`);
    expect(told).toContain(`- Inscrivez lisiblement le numéro RMA ${c.number} sur le colis.`);
    expect(told).toContain(`- Assurez le colis pour sa valeur totale (${euros(45_000)}).`);
    expect(told).toContain('Les frais de retour sont à votre charge.');
    expect(told).not.toMatch(/Your RMA number|Before you send it|What your return will cost/);

    const mail = desk.mail.find((m) => m.text.includes(c.number));
    expect(mail).toBeDefined();
    expect(mail!.subject).toBe(`Votre retour ${c.number} : comment l’envoyer`);
    expect(mail!.text).toBe(told);
    // The timeline stays in the desk's language for the agent; it names the French subject sent.
    const { case: seen } = await ok(desk.agent, 'cases:get', { caseId });
    expect(seen.events.some((e: { action: string; summary: string }) => e.action === 'emailed' && e.summary === `Emailed the customer: ${mail!.subject}`)).toBe(true);
  });
});

describe('an English customer is told exactly as before', () => {
  let desk: Desk;

  beforeAll(async () => {
    desk = await openDesk({ customerLocale: 'en-GB' });
  });
  afterAll(async () => {
    await desk?.close();
  });

  it('the terms and the RMA instructions read word for word as they always have', async () => {
    const before = systemMessages(desk).length;
    const { case: c } = await ok(desk.agent, 'cases:open-rma', { conversationId: desk.conversationId, orderId: 'PO-100', skus: ['SCARF'], reason: 'doesnt_fit' });
    const returnBy = c.data.eligibility.returnBy as string;
    await until(() => systemMessages(desk).length === before + 1, 5000, 'the terms in the chat');
    const terms = [
      'What your return will cost:',
      '- Items returned: $450.00',
      '- Deducted: free standard shipping deduction, $15.00 (the original shipping is never refunded)',
      '- Only if the box arrives without the RMA number written on it: restocking fee (no RMA number on the box), $13.50',
      '',
      'Refund expected if the parcel comes back as required (RMA number on the box, every tag on, unworn): $435.00, to the card you paid with, within 4 business days of our receiving it.',
    ];
    expect(systemMessages(desk).at(-1)!.split('\n')).toEqual([
      'Before we authorize your return of Silk scarf, here is what to expect.',
      '',
      `Ship the parcel back no later than ${formatDay(returnBy)}.`,
      '',
      ...terms,
      '',
      'You will get the RMA number and the return address here and by email once the return is authorized.',
    ]);
    expect(formatDay(returnBy)).toMatch(/^\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}$/);

    const { case: authorized } = await ok(desk.agent, 'cases:transition', { caseId: c.id, action: 'authorize', data: { prepaidLabel: false } });
    await desk.hub.cases.settled();
    const n = authorized.number as string;
    const mail = desk.mail.find((m) => m.text.includes(n));
    expect(mail!.subject).toBe(`Your return ${n}: how to send it`);
    expect(mail!.text.split('\n')).toEqual([
      `Your return is authorized. Your RMA number is ${n}.`,
      '',
      'Please send the items to:',
      ...RETURN_ADDRESS.split('\n'),
      '',
      `Ship the parcel no later than ${formatDay(returnBy)}.`,
      '',
      'Before you send it:',
      '- Keep every tag and the security tag on the items until you are sure you are keeping them.',
      '- Pack the items safely, in the original or similar packaging.',
      `- Write the RMA number ${n} clearly on the box.`,
      '- Insure the parcel for its full value ($450.00).',
      '- Use a tracked carrier (for example UPS, FedEx or DHL) with signature on delivery.',
      '- A parcel lost on its way back to us is at your risk, so please insure and track it.',
      '',
      'The return shipping is at your cost.',
      '',
      ...terms,
    ]);
  });
});
