// A desk for case tests: a real hub with known orders, an agent and a supervisor signed in, a
// customer in a chat the agent has taken, and a mailer that records instead of sending.
import { systemClock, type Clock } from '../../server/clock';
import type { HubOptions, Hub } from '../../server/hub';
import type { OutgoingMail } from '../../server/mail/mailer';
import { importOrders } from '../../server/orders/import';
import { OrderSchema, type Order } from '../../shared/domain/orders';
import { DAY_MS } from '../../shared/domain/time';
import { addStaff, login, openDbDirect, startTestHub, verifiedCustomerToken } from './hub';
import { collect, connectAgent, connectCustomer, ok, until, type AgentSocket, type CustomerSocket } from './sockets';

export interface Desk {
  hub: Hub;
  agent: AgentSocket;
  supervisor: AgentSocket;
  customer: CustomerSocket;
  customerToken: string;
  conversationId: string;
  mail: OutgoingMail[];
  /** Messages the customer's socket received. */
  atCustomer: { author: { kind: string }; body: string; seq: number }[];
  close(): Promise<void>;
}

export const RETURN_ADDRESS = 'Maison Returns\n10 Harbour Road\nNewark, NJ 07114';

/** Orders for `email`, delivered relative to `now`: a scarf and tote (in window), a watch, a vase. */
export function testOrders(now: Date, email: string): Order[] {
  const ago = (d: number) => new Date(now.getTime() - d * DAY_MS).toISOString();
  return [
    {
      id: 'PO-100',
      customerEmail: email,
      customerName: 'Ada Lovelace',
      paymentMethod: 'card',
      shipping: 'standard_free',
      deliveredAt: ago(2),
      carrier: 'UPS',
      tracking: '1Z100',
      items: [
        { sku: 'SCARF', name: 'Silk scarf', priceCents: 45_000 },
        { sku: 'TOTE', name: 'Leather tote', priceCents: 215_000, returnWindowDays: 14 },
        { sku: 'COAT', name: 'Cashmere coat', priceCents: 380_000, finalSale: true },
      ],
    },
    {
      id: 'PO-200',
      customerEmail: email,
      paymentMethod: 'card',
      shipping: 'overnight_free',
      deliveredAt: ago(1),
      carrier: 'FedEx',
      tracking: '7946200',
      items: [{ sku: 'WATCH', name: 'Chronograph', priceCents: 1_250_000, returnWindowDays: 14, serialRequired: true }],
    },
    {
      id: 'PO-300',
      customerEmail: email,
      paymentMethod: 'wire',
      shipping: 'paid',
      deliveredAt: ago(1),
      carrier: 'DHL',
      tracking: 'JD300',
      items: [{ sku: 'VASE', name: 'Porcelain vase', priceCents: 120_000 }],
    },
  ].map((o) => OrderSchema.parse(o));
}

/** `customerLocale`: the widget's language the customer starts the chat in (none: English). */
export async function openDesk({ customerLocale, ...opts }: Partial<HubOptions> & { clock?: Clock; customerLocale?: string } = {}): Promise<Desk> {
  const mail: OutgoingMail[] = [];
  const hub = await startTestHub({
    ...opts,
    settings: { demoOrdersOnFirstRun: false, returnAddress: RETURN_ADDRESS, ...opts.settings },
    mailer: {
      async send(m) {
        mail.push(m);
        return { messageId: `m${mail.length}`, response: '250 OK' };
      },
      close() {},
    },
  });
  const email = `ada-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@shop.test`;
  const clock = opts.clock ?? systemClock;
  await importOrders(hub.api, clock, testOrders(clock.now(), email));
  const agentUser = await addStaff(hub, 'agent', 'Grace Agent');
  const supervisorUser = await addStaff(hub, 'supervisor', 'Sam Supervisor');
  const agent = await connectAgent(hub.url, await login(hub.url, agentUser.email));
  const supervisor = await connectAgent(hub.url, await login(hub.url, supervisorUser.email));
  // Signed in at the shop: the store vouches for the email its orders were placed with (issue 12).
  const token = await verifiedCustomerToken(hub.url, 'Ada Lovelace', email, { now: clock.now() });
  const customer = await connectCustomer(hub.url, token);
  const atCustomer = collect<Desk['atCustomer'][number]>(customer, 'message:new');
  const { conversation } = await ok(customer, 'chat:start', customerLocale ? { locale: customerLocale } : {});
  await ok(customer, 'chat:send', { conversationId: conversation.id, clientId: 'ada-hello-0001', body: 'Hello, I would like to return something.' });
  await ok(agent, 'conversation:accept', { conversationId: conversation.id });
  await until(() => atCustomer.length === 1, 5000, 'the customer sees their own message');
  return {
    hub,
    agent,
    supervisor,
    customer,
    customerToken: token,
    conversationId: conversation.id,
    mail,
    atCustomer,
    async close() {
      for (const s of [agent, supervisor, customer]) s.close();
      await hub.close();
    },
  };
}

/** Row counts and the case rows themselves, read through a separate connection: "nothing changed". */
export function snapshot(hub: Hub): unknown {
  const db = openDbDirect(hub.store.db.name, { readonly: true });
  try {
    return {
      counts: db
        .prepare(
          `SELECT (SELECT COUNT(*) FROM cases) AS cases, (SELECT COUNT(*) FROM case_events) AS events, (SELECT COUNT(*) FROM case_evidence) AS evidence,
                  (SELECT COUNT(*) FROM messages) AS messages, (SELECT COUNT(*) FROM case_counters) AS counters, (SELECT COUNT(*) FROM orders) AS orders`,
        )
        .get(),
      cases: db.prepare('SELECT id, number, status, data, updated_at FROM cases ORDER BY id').all(),
    };
  } finally {
    db.close();
  }
}

/** The smallest valid PNG: a 1×1 transparent pixel. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

/** POSTs a photo to the widget upload route, as the widget does. */
export async function upload(url: string, token: string | undefined, caseId: string, body: Buffer, name = 'vase.png', type = 'image/png') {
  const q = new URLSearchParams({ caseId, name });
  const res = await fetch(`${url}/api/widget/uploads?${q}`, {
    method: 'POST',
    headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: new Uint8Array(body),
  });
  return { status: res.status, json: (await res.json()) as any };
}
