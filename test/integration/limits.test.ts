// Limits on what a stranger can make the hub do (issue 12), on a real hub with short windows from
// settings: each endpoint refuses with rate_limited, HTTP 429, Retry-After and retryAfterMs, and
// accepts again once the window has passed. Addresses come from X-Forwarded-For only when the
// request comes from a trusted proxy. Sign-in pauses per account and address, growing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockAt } from '../../server/clock';
import type { Hub } from '../../server/hub';
import { clientAddress } from '../../server/limits/address';
import { PASSWORD, addStaff, customerToken, startTestHub, verifiedCustomerToken } from '../helpers/hub';
import { call, connectCustomer, ok } from '../helpers/sockets';

const WINDOW = 1500;
const rate = (points: number) => ({ points, windowMs: WINDOW });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), json: (await res.json()) as any };
}

describe('limits on what strangers can do', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startTestHub({
      settings: {
        demoOrdersOnFirstRun: false,
        trustedProxies: ['loopback'],
        limits: {
          widgetSession: { perAddress: rate(3), perEmail: rate(2), perBrand: rate(50) },
          // Longer windows where a slow machine must not let the window pass mid-test.
          chatStart: { perAddress: { points: 2, windowMs: 20_000 }, perBrand: rate(50) },
          offlineMessage: { perAddress: rate(2), perEmail: rate(10), perBrand: rate(50) },
          copy: { perAddress: { points: 1, windowMs: 20_000 }, perEmail: rate(5), perBrand: rate(50) },
        },
      },
    });
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('widget sessions: per address and per email, 429 with Retry-After and retryAfterMs, then accepted again', async () => {
    const from = (ip: string) => ({ 'x-forwarded-for': ip });
    const url = `${hub.url}/api/widget/session`;
    for (let i = 0; i < 3; i++) expect((await post(url, { name: 'Flood', email: `f${i}@spam.test` }, from('203.0.113.1'))).status).toBe(200);
    const refused = await post(url, { name: 'Flood', email: 'f9@spam.test' }, from('203.0.113.1'));
    expect(refused).toMatchObject({ status: 429, json: { ok: false, error: { code: 'rate_limited', message: expect.stringMatching(/Try again in \d+ seconds?/) } } });
    expect(refused.json.error.retryAfterMs).toBeGreaterThan(0);
    expect(refused.json.error.retryAfterMs).toBeLessThanOrEqual(WINDOW);
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    // Another address is not held back by the first.
    expect((await post(url, { name: 'Ok', email: 'fine@shop.test' }, from('198.51.100.2'))).status).toBe(200);
    // Per email, across addresses.
    expect((await post(url, { name: 'A', email: 'target@shop.test' }, from('198.51.100.3'))).status).toBe(200);
    expect((await post(url, { name: 'B', email: 'target@shop.test' }, from('198.51.100.4'))).status).toBe(200);
    expect((await post(url, { name: 'C', email: 'target@shop.test' }, from('198.51.100.5'))).status).toBe(429);
    await sleep(refused.json.error.retryAfterMs + 50);
    expect((await post(url, { name: 'Flood', email: 'f9@spam.test' }, from('203.0.113.1'))).status).toBe(200);
  });

  it('offline messages: per address, then accepted again', async () => {
    const url = `${hub.url}/api/widget/offline-message`;
    const from = { 'x-forwarded-for': '203.0.113.20' };
    for (let i = 0; i < 2; i++) expect((await post(url, { name: 'Night', email: `n${i}@shop.test`, body: 'Call me' }, from)).status).toBe(200);
    const refused = await post(url, { name: 'Night', email: 'n3@shop.test', body: 'Call me' }, from);
    expect(refused).toMatchObject({ status: 429, json: { error: { code: 'rate_limited' } } });
    const tickets = hub.store.db.prepare("SELECT COUNT(*) AS n FROM tickets WHERE customer_email = 'n3@shop.test'").get() as { n: number };
    expect(tickets.n).toBe(0);
    await sleep(refused.json.error.retryAfterMs + 50);
    expect((await post(url, { name: 'Night', email: 'n3@shop.test', body: 'Call me' }, from)).status).toBe(200);
  });

  it('chat starts and copies over the socket: rate_limited with retryAfterMs in the ack', async () => {
    // Socket clients here all come from 127.0.0.1 (a trusted proxy without X-Forwarded-For: itself).
    await sleep(WINDOW + 50); // the widget-session window of this address, spent above
    const v = await connectCustomer(hub.url, await verifiedCustomerToken(hub.url, 'Copier', `copier-${Date.now()}@shop.test`));
    const id = (await ok(v, 'chat:start', {})).conversation.id;
    await ok(v, 'transcript:email-copy', { conversationId: id });
    expect(await call(v, 'transcript:email-copy', { conversationId: id })).toMatchObject({ ok: false, error: { code: 'rate_limited', retryAfterMs: expect.any(Number) } });
    await hub.copies.idle();
    v.close();
    const starts = [];
    for (let i = 0; i < 2; i++) {
      const c = await connectCustomer(hub.url, await customerToken(hub.url, 'Chatty', `chatty${i}-${Date.now()}@shop.test`));
      starts.push(await call(c, 'chat:start', {}));
      c.close();
    }
    expect(starts[0]).toMatchObject({ ok: true });
    expect(starts[1]).toMatchObject({ ok: false, error: { code: 'rate_limited', retryAfterMs: expect.any(Number) } });
    expect(starts[1]!.ok ? 0 : starts[1]!.error.retryAfterMs).toBeGreaterThan(10_000);
  });

  it('X-Forwarded-For is believed only from a trusted proxy, read from the right', () => {
    expect(clientAddress('203.0.113.7', '198.51.100.1', [])).toBe('203.0.113.7');
    expect(clientAddress('203.0.113.7', '198.51.100.1', ['loopback'])).toBe('203.0.113.7');
    expect(clientAddress('::ffff:127.0.0.1', '198.51.100.1', ['loopback'])).toBe('198.51.100.1');
    // The client wrote a made-up first hop; the proxy appended the real one.
    expect(clientAddress('10.0.0.5', '1.2.3.4, 198.51.100.9', ['10.0.0.5'])).toBe('198.51.100.9');
    expect(clientAddress('10.0.0.5', '198.51.100.9, 10.0.0.4', ['10.0.0.5', '10.0.0.4'])).toBe('198.51.100.9');
  });
});

describe('sign-in pauses per account and address, growing, and cannot keep a named agent out', () => {
  it('a guesser pauses only themselves; the agent at their own address still signs in; the next pause is twice as long', async () => {
    const clock = clockAt(new Date('2026-11-23T15:00:00Z'), { frozen: true });
    const hub = await startTestHub({ clock, settings: { trustedProxies: ['loopback'], loginMaxFailures: 3, loginLockMs: 60_000, loginLockMaxMs: 10 * 60_000 } });
    try {
      const agent = await addStaff(hub, 'agent');
      const login = (password: string, ip: string) => post(`${hub.url}/api/auth/login`, { email: agent.email, password }, { 'x-forwarded-for': ip });
      for (let i = 0; i < 3; i++) expect((await login('a wrong guess', '203.0.113.66')).status).toBe(401);
      const paused = await login(PASSWORD, '203.0.113.66');
      expect(paused).toMatchObject({ status: 429, retryAfter: '60', json: { error: { code: 'rate_limited', retryAfterMs: 60_000 } } });
      // The agent, from their own desk.
      expect((await login(PASSWORD, '198.51.100.10')).status).toBe(200);
      clock.set(new Date('2026-11-23T15:01:01Z'));
      for (let i = 0; i < 3; i++) expect((await login('another wrong guess', '203.0.113.66')).status).toBe(401);
      expect(await login(PASSWORD, '203.0.113.66')).toMatchObject({ status: 429, json: { error: { retryAfterMs: 120_000 } } });
      expect((await login(PASSWORD, '198.51.100.10')).status).toBe(200);
    } finally {
      await hub.close();
    }
  });
});
