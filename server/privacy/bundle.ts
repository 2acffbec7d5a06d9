// The access bundle (POLICY §3a): everything the desk holds about one customer, from every brand —
// the customer record, transcripts (masked as stored; private notes are staff working notes the
// customer never sees in a chat and are left out as in every copy), tickets, cases with their
// timelines and photos, orders, copies sent, the marketing preference and earlier privacy
// requests — as JSON (machine-readable) and as HTML (readable, photos inline).
import { readFile } from 'node:fs/promises';
import PDFDocument from 'pdfkit';
import type { AccessFiles } from '../../shared/protocol/privacy';
import { attachmentFile } from '../retention/purge';
import type { StoreApi } from '../store/api';
import type { CustomerRecord } from '../store/privacy';

const CUSTOMER_VISIBLE = new Set(['customer', 'agent', 'system']);

type CustomerView = { id: string; name: string; email: string; phone: string | null; address: string | null; createdAt: string; verified: boolean; guardianAgreementAt: string | null };

export interface AccessBundle {
  format: 'caredesk-access-bundle/1';
  reference: string | null;
  generatedAt: string;
  email: string;
  /** The address's record (its verified one, else the newest); customerRecords has every record under it. */
  customer: CustomerView | null;
  customerRecords: CustomerView[];
  transcripts: {
    id: string;
    brandId: string;
    startedAt: string;
    endedAt: string | null;
    messages: { at: string; from: string; authorKind: string; text: string }[];
    attachments: { name: string; mime: string; size: number; createdAt: string }[];
    copiesSent: { to: string; status: string; at: string }[];
  }[];
  tickets: { id: string; brandId: string; createdAt: string; message: string; status: string; answeredAt: string | null; answer: string | null }[];
  cases: {
    number: string | null;
    kind: string;
    brandId: string;
    orderId: string;
    status: string;
    createdAt: string;
    closedAt: string | null;
    timeline: { at: string; by: string; summary: string }[];
    photos: { name: string | null; mime: string | null; createdAt: string; dataBase64: string | null }[];
  }[];
  orders: { id: string; brandId: string; placedAt: string | null; deliveredAt: string | null; items: { sku: string; name: string; priceCents: number }[] }[];
  marketing: { optedOut: boolean; optOuts: { brandId: string | null; source: string; at: string }[] };
  privacyRequests: { reference: string; kind: string; state: string; receivedAt: string; dueAt: string; closedAt: string | null }[];
}

/** `dataDir`: the data folder the case photos' paths are relative to. */
export async function buildAccessBundle(store: StoreApi, dataDir: string, email: string, reference: string | null, now: Date): Promise<AccessBundle> {
  const p = store.privacy;
  const customer = await p.customerByEmail(email);
  const transcripts: AccessBundle['transcripts'] = [];
  {
    for (const { id } of await p.conversationsOf(email)) {
      const c = (await store.conversations.get(id))!;
      transcripts.push({
        id,
        brandId: c.brandId,
        startedAt: c.createdAt,
        endedAt: c.endedAt,
        messages: (await store.conversations.messagesAfter(id, 0, Number.MAX_SAFE_INTEGER))
          .filter((m) => CUSTOMER_VISIBLE.has(m.author.kind))
          .map((m) => ({ at: m.createdAt, from: m.author.name, authorKind: m.author.kind, text: m.body })),
        attachments: (await store.transcripts.attachments(id)).map((a) => ({ name: a.name, mime: a.mime, size: a.size, createdAt: a.createdAt })),
        copiesSent: (await store.emailCopies.forConversation(id)).map((x) => ({ to: x.to, status: x.status, at: x.createdAt })),
      });
    }
  }
  const tickets: AccessBundle['tickets'] = [];
  for (const id of await p.ticketsOf(email)) {
    const t = (await store.tickets.get(id))!;
    const answer = (await store.tickets.messages(id)).filter((m) => m.kind === 'agent').at(-1);
    tickets.push({ id: t.id, brandId: t.brandId, createdAt: t.createdAt, message: t.firstBody, status: t.status, answeredAt: answer?.createdAt ?? null, answer: answer?.body ?? null });
  }
  const cases: AccessBundle['cases'] = [];
  for (const k of await p.casesOf(email)) {
    const c = (await store.cases.get(k.id))!;
    const photos: AccessBundle['cases'][number]['photos'] = [];
    for (const e of await store.cases.evidence(c.id)) {
      if (e.kind !== 'photo') continue;
      const file = e.path ? attachmentFile(dataDir, e.path) : null;
      const data = file ? await readFile(file).catch(() => null) : null;
      photos.push({ name: e.name, mime: e.mime, createdAt: e.createdAt, dataBase64: data ? data.toString('base64') : null });
    }
    cases.push({
      number: c.number,
      kind: c.kind,
      brandId: c.brandId,
      orderId: c.orderId,
      status: c.status,
      createdAt: c.createdAt,
      closedAt: c.closedAt,
      timeline: (await store.cases.events(c.id)).map((e) => ({ at: e.at, by: e.actor.name, summary: e.summary })),
      photos,
    });
  }
  const orders: AccessBundle['orders'] = [];
  for (const id of await p.ordersOf(email)) {
    const o = (await store.orders.get(id))!;
    orders.push({
      id: o.id,
      brandId: o.brandId,
      placedAt: o.placedAt,
      deliveredAt: o.deliveredAt,
      items: o.items.map((i) => ({ sku: i.sku, name: i.name, priceCents: i.priceCents })),
    });
  }
  const optOuts = (await p.optOuts(email)).map((o) => ({ brandId: o.brandId, source: o.source, at: o.at }));
  return {
    format: 'caredesk-access-bundle/1',
    reference,
    generatedAt: now.toISOString(),
    email,
    customer: customer ? customerView(customer) : null,
    customerRecords: (await p.customersByEmail(email)).map(customerView),
    transcripts,
    tickets,
    cases,
    orders,
    marketing: { optedOut: optOuts.length > 0, optOuts },
    privacyRequests: (await p.forEmail(email)).map((r) => ({ reference: r.reference, kind: r.kind, state: r.state, receivedAt: r.receivedAt, dueAt: r.extendedDueAt ?? r.dueAt, closedAt: r.closedAt })),
  };
}

const customerView = (c: CustomerRecord): CustomerView => ({
  id: c.id,
  name: c.name,
  email: c.email,
  phone: c.phone,
  address: c.address,
  createdAt: c.createdAt,
  verified: c.verified,
  guardianAgreementAt: c.guardianAgreementAt,
});

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const when = (iso: string | null) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : '—');

/** A readable page of the same bundle: headings per kind, tables, photos inline. */
export function renderBundleHtml(b: AccessBundle, deskName: string): string {
  const section = (title: string, body: string) => `<section><h2>${esc(title)}</h2>${body}</section>`;
  const none = '<p>None.</p>';
  const record = b.customer
    ? `<dl><dt>Name</dt><dd>${esc(b.customer.name)}</dd><dt>Email</dt><dd>${esc(b.customer.email)}</dd><dt>Phone</dt><dd>${esc(b.customer.phone ?? '—')}</dd><dt>Address</dt><dd>${esc(b.customer.address ?? '—')}</dd><dt>Since</dt><dd>${when(b.customer.createdAt)}</dd></dl>`
    : '<p>No customer record.</p>';
  const transcripts = b.transcripts.length
    ? b.transcripts
        .map(
          (t) =>
            `<article><h3>Chat of ${when(t.startedAt)} (${esc(t.brandId)})</h3><ol>${t.messages.map((m) => `<li><time>${when(m.at)}</time> <b>${esc(m.from)}</b>: ${esc(m.text)}</li>`).join('')}</ol>` +
            (t.copiesSent.length ? `<p>Copies sent: ${t.copiesSent.map((c) => `${esc(c.to)} (${esc(c.status)}, ${when(c.at)})`).join('; ')}</p>` : '') +
            '</article>',
        )
        .join('')
    : none;
  const tickets = b.tickets.length
    ? `<ul>${b.tickets.map((t) => `<li>${when(t.createdAt)}: ${esc(t.message)}${t.answer ? `<br>Answer (${when(t.answeredAt)}): ${esc(t.answer)}` : ''}</li>`).join('')}</ul>`
    : none;
  const cases = b.cases.length
    ? b.cases
        .map(
          (c) =>
            `<article><h3>${esc(c.kind.toUpperCase())} ${esc(c.number ?? '(no number yet)')}: ${esc(c.status)}</h3><ol>${c.timeline.map((e) => `<li><time>${when(e.at)}</time> ${esc(e.by)}: ${esc(e.summary)}</li>`).join('')}</ol>` +
            c.photos.map((ph) => (ph.dataBase64 ? `<img alt="${esc(ph.name ?? 'photo')}" src="data:${esc(ph.mime ?? 'image/jpeg')};base64,${ph.dataBase64}">` : '')).join('') +
            '</article>',
        )
        .join('')
    : none;
  const orders = b.orders.length ? `<ul>${b.orders.map((o) => `<li>${esc(o.id)}: ${o.items.map((i) => esc(i.name)).join(', ')}</li>`).join('')}</ul>` : none;
  const marketing = b.marketing.optedOut
    ? `<ul>${b.marketing.optOuts.map((o) => `<li>No marketing ${o.brandId ? `from ${esc(o.brandId)}` : 'from any brand of the group'} since ${when(o.at)} (${esc(o.source)})</li>`).join('')}</ul>`
    : '<p>You have not opted out of marketing.</p>';
  const requests = b.privacyRequests.length
    ? `<ul>${b.privacyRequests.map((r) => `<li>${esc(r.reference)}: ${esc(r.kind)}, ${esc(r.state)}, received ${when(r.receivedAt)}</li>`).join('')}</ul>`
    : none;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(deskName)}: your data</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}h1{font-size:1.5rem}h2{border-bottom:1px solid #ccc}time{color:#555}img{max-width:100%;display:block;margin:.5rem 0}dt{font-weight:600}</style></head>
<body><h1>${esc(deskName)}: the personal data we hold about you</h1><p>Address: ${esc(b.email)}. ${b.reference ? `Request ${esc(b.reference)}. ` : ''}Made ${when(b.generatedAt)}.</p>
${section('Your customer record', record)}${section('Chat transcripts', transcripts)}${section('Messages left outside hours', tickets)}${section('Returns and claims', cases)}${section('Orders', orders)}${section('Marketing', marketing)}${section('Your privacy requests', requests)}
</body></html>`;
}

export function accessFiles(b: AccessBundle, deskName: string): AccessFiles {
  const base = `caredesk-data-${b.reference ?? b.generatedAt.slice(0, 10)}`;
  return {
    reference: b.reference ?? '',
    json: { fileName: `${base}.json`, content: JSON.stringify(b, null, 2) },
    html: { fileName: `${base}.html`, content: renderBundleHtml(b, deskName) },
  };
}

/** The same bundle as a PDF: one heading per kind, text as stored, photos (JPEG, PNG) inline. */
export function renderBundlePdf(b: AccessBundle, deskName: string, opts: { fontFile: string | null }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `${deskName}: your data`, Author: deskName, CreationDate: new Date(b.generatedAt) } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('body', opts.fontFile ?? 'Helvetica');
    doc.registerFont('bold', opts.fontFile ?? 'Helvetica-Bold');
    const h = (t: string) => doc.moveDown().font('bold').fontSize(13).fillColor('#000').text(t).moveDown(0.3).font('body').fontSize(10);
    const line = (t: string) => doc.text(t);
    doc.font('bold').fontSize(16).text(`${deskName}: the personal data we hold about you`);
    doc.font('body').fontSize(10).fillColor('#444').text(`Address: ${b.email}.${b.reference ? ` Request ${b.reference}.` : ''} Made ${when(b.generatedAt)}.`);
    h('Your customer record');
    if (b.customer) [`Name: ${b.customer.name}`, `Email: ${b.customer.email}`, `Phone: ${b.customer.phone ?? '—'}`, `Address: ${b.customer.address ?? '—'}`].forEach(line);
    else line('No customer record.');
    h('Chat transcripts');
    if (!b.transcripts.length) line('None.');
    for (const t of b.transcripts) {
      doc.font('bold').text(`Chat of ${when(t.startedAt)} (${t.brandId})`).font('body');
      for (const m of t.messages) line(`[${when(m.at)}] ${m.from}: ${m.text}`);
      for (const c of t.copiesSent) line(`Copy sent to ${c.to} (${c.status}, ${when(c.at)})`);
      doc.moveDown(0.5);
    }
    h('Messages left outside hours');
    if (!b.tickets.length) line('None.');
    for (const t of b.tickets) line(`${when(t.createdAt)}: ${t.message}${t.answer ? `\nAnswer (${when(t.answeredAt)}): ${t.answer}` : ''}`);
    h('Returns and claims');
    if (!b.cases.length) line('None.');
    for (const c of b.cases) {
      doc.font('bold').text(`${c.kind.toUpperCase()} ${c.number ?? '(no number yet)'}: ${c.status}`).font('body');
      for (const e of c.timeline) line(`[${when(e.at)}] ${e.by}: ${e.summary}`);
      for (const ph of c.photos) {
        if (!ph.dataBase64 || !/jpe?g|png/.test(ph.mime ?? '')) continue;
        try {
          doc.image(Buffer.from(ph.dataBase64, 'base64'), { fit: [400, 300] });
        } catch {
          line(`(photo ${ph.name ?? ''} could not be drawn; it is in the JSON file)`);
        }
      }
    }
    h('Orders');
    if (!b.orders.length) line('None.');
    for (const o of b.orders) line(`${o.id}: ${o.items.map((i) => i.name).join(', ')}`);
    h('Marketing');
    line(b.marketing.optedOut ? b.marketing.optOuts.map((o) => `No marketing ${o.brandId ? `from ${o.brandId}` : 'from any brand of the group'} since ${when(o.at)}`).join('\n') : 'You have not opted out of marketing.');
    h('Your privacy requests');
    if (!b.privacyRequests.length) line('None.');
    for (const r of b.privacyRequests) line(`${r.reference}: ${r.kind}, ${r.state}, received ${when(r.receivedAt)}`);
    doc.end();
  });
}
