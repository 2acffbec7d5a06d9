// A privacy request from the widget whose code could not be emailed (the mail server refused it)
// is asked again by the customer: the desk keeps one request, not one per try, and the code that
// finally arrives verifies it. The same holds when a code was sent but never came.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/hub';
import { nextCode } from '../helpers/identity';
import { addStaff, customerToken, login, startTestHub, verifiedCustomerToken } from '../helpers/hub';
import { call, connectAgent, connectCustomer, ok, type AgentSocket } from '../helpers/sockets';
import { startSmtp } from '../helpers/transcripts';

let hub: Hub;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let supervisor: AgentSocket;

beforeAll(async () => {
  smtp = await startSmtp();
  hub = await startTestHub({ settings: { demoOrdersOnFirstRun: false, smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'care@desk.test', connectionTimeoutMs: 5000 } } });
  supervisor = await connectAgent(hub.url, await login(hub.url, (await addStaff(hub, 'supervisor')).email));
}, 60_000);
afterAll(async () => {
  supervisor?.close();
  await hub?.close();
  await smtp?.close();
});

const requestsFor = async (email: string) => ((await ok(supervisor, 'privacy:list', {})).requests as { email: string; reference: string; kind: string }[]).filter((r) => r.email === email);

describe('a widget privacy request asked again', () => {
  it('after the code could not be emailed: one request, and the code of the try that worked verifies it', async () => {
    const email = 'ivy.retry@shop.test';
    const socket = await connectCustomer(hub.url, await customerToken(hub.url, 'Ivy Retry', email));
    smtp.reject.add(email);
    for (let i = 0; i < 2; i++) {
      const r = await call(socket, 'privacy:request', { kind: 'access' });
      expect(r.ok ? 'sent' : r.error.message).toMatch(/could not be emailed/);
    }
    expect(await requestsFor(email)).toHaveLength(1);

    smtp.reject.delete(email);
    const seen = smtp.mails.length;
    const receipt = await ok(socket, 'privacy:request', { kind: 'access' });
    expect(receipt).toMatchObject({ kind: 'access', state: 'verifying', verification: 'code_sent' });
    const requests = await requestsFor(email);
    expect(requests.map((r) => r.reference)).toEqual([receipt.reference]);
    const code = await nextCode(smtp.mails, email, seen);
    expect(await ok(socket, 'privacy:verify', { requestId: receipt.requestId, code })).toMatchObject({ verification: 'verified' });
    socket.close();
  });

  it('after a code was sent (it never came): the same request, a new code; another kind is another request', async () => {
    const email = 'otto.again@shop.test';
    const socket = await connectCustomer(hub.url, await customerToken(hub.url, 'Otto Again', email));
    const first = await ok(socket, 'privacy:request', { kind: 'erasure' });
    const seen = smtp.mails.length;
    const again = await ok(socket, 'privacy:request', { kind: 'erasure' });
    expect(again.reference).toBe(first.reference);
    const code = await nextCode(smtp.mails, email, seen);
    expect(await ok(socket, 'privacy:verify', { requestId: again.requestId, code })).toMatchObject({ verification: 'verified' });

    const optout = await ok(socket, 'privacy:request', { kind: 'optout' });
    expect(optout.reference).not.toBe(first.reference);
    expect((await requestsFor(email)).map((r) => r.kind).sort()).toEqual(['erasure', 'optout']);
    socket.close();
  });

  it('asked three times at once (a double click, a retry racing the first): still one request', async () => {
    const email = 'tess.triple@shop.test';
    const socket = await connectCustomer(hub.url, await customerToken(hub.url, 'Tess Triple', email));
    const receipts = await Promise.all([0, 1, 2].map(() => ok(socket, 'privacy:request', { kind: 'access' })));
    expect(new Set(receipts.map((r) => r.reference)).size).toBe(1);
    expect(await requestsFor(email)).toHaveLength(1);
    socket.close();
  });

  it('a shop-verified shopper opting out twice at once: both asks answered done, none refused midway', async () => {
    const email = 'vera.verified@shop.test';
    const socket = await connectCustomer(hub.url, await verifiedCustomerToken(hub.url, 'Vera Verified', email));
    const receipts = await Promise.all([0, 1].map(() => call(socket, 'privacy:request', { kind: 'optout' })));
    expect(receipts.map((r) => (r.ok ? r.data.state : r.error.message))).toEqual(['done', 'done']);
    socket.close();
  });
});
