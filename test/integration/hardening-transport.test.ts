// Issue 12, transport and input on a real hub: Host and Origin allowlists (HTTP and the socket.io
// handshake, polling and websocket), JSON content type on state-changing routes (a cross-site
// text/plain form is refused with 415), non-UTF-8 bodies, lone surrogates (what is acked is what
// is stored), and the 413 a client can read, 20 times out of 20.
import { request } from 'node:http';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/hub';
import { customerToken, postJson, startTestHub } from '../helpers/hub';
import { call, connectCustomer, ok, type CustomerSocket } from '../helpers/sockets';

interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request with exactly these headers (fetch will not send a forged Host). */
function raw(url: string, opts: { method?: string; path: string; headers?: Record<string, string>; body?: Buffer | string }): Promise<RawReply> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/**
 * Sends a body the way a browser uploads a photo over a real network: in pieces, while the reply may
 * already be coming. It counts as read only if the whole body went out and the reply arrived: a
 * hub that answers and closes mid-upload makes the client fail with EPIPE or ECONNRESET, which is
 * what a browser's XHR reports as a network error instead of the 413.
 */
function slowUpload(url: string, path: string, headers: Record<string, string>, body: Buffer, piece = 256 * 1024): Promise<RawReply> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    let reply: RawReply | null = null;
    let sent = false;
    const done = () => reply && sent && resolve(reply);
    const req = request({ host: u.hostname, port: u.port, method: 'POST', path, headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        reply = { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') };
        done();
      });
    });
    req.on('error', reject);
    void (async () => {
      for (let at = 0; at < body.length; at += piece) {
        if (req.destroyed) return;
        if (!req.write(body.subarray(at, at + piece))) await new Promise((r) => req.once('drain', r));
        await new Promise((r) => setTimeout(r, 2));
      }
      req.end(() => {
        sent = true;
        done();
      });
    })();
  });
}

const count = (hub: Hub, table: string) => (hub.store.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

const SHOP = 'https://shop.example';

describe('transport: Host and Origin allowlists, content types, bodies (issue 12)', () => {
  let hub: Hub;
  let host: string;
  beforeAll(async () => {
    hub = await startTestHub({ settings: { allowedOrigins: [SHOP], allowedHosts: ['desk.example.com'] } });
    host = new URL(hub.url).host;
  });
  afterAll(async () => hub?.close());

  describe('Host (DNS rebinding)', () => {
    it('a request for another host name is refused with a typed 403, even from no page at all', async () => {
      const r = await raw(hub.url, { path: '/api/health', headers: { host: `rebind.evil.example:${new URL(hub.url).port}` } });
      expect(r.status).toBe(403);
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('rebind.evil.example') } });
    });

    it('a rebound name cannot create anything: the POST is refused before any route', async () => {
      const before = count(hub, 'customers');
      const r = await raw(hub.url, {
        method: 'POST',
        path: '/api/widget/session',
        headers: { host: 'rebind.evil.example', 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Mallory', email: 'm@evil.example' }),
      });
      expect(r.status).toBe(403);
      expect(count(hub, 'customers')).toBe(before);
    });

    it('the socket.io handshake checks the Host too', async () => {
      const r = await raw(hub.url, { path: '/socket.io/?EIO=4&transport=polling', headers: { host: 'rebind.evil.example' } });
      expect(r.status).toBe(403);
      expect(r.body).toContain('rebind.evil.example');
    });

    it('its own address and localhost are served', async () => {
      expect((await raw(hub.url, { path: '/api/health', headers: { host } })).status).toBe(200);
      expect((await raw(hub.url, { path: '/api/health', headers: { host: `localhost:${new URL(hub.url).port}` } })).status).toBe(200);
    });
  });

  describe('Origin', () => {
    it('a page from another site cannot use the HTTP API: 403, nothing stored', async () => {
      const before = count(hub, 'customers');
      const r = await raw(hub.url, {
        method: 'POST',
        path: '/api/widget/session',
        headers: { host, origin: 'https://evil.example', 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Mallory', email: 'm@evil.example' }),
      });
      expect(r.status).toBe(403);
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('https://evil.example') } });
      expect(r.headers['access-control-allow-origin']).toBeUndefined();
      expect(count(hub, 'customers')).toBe(before);
    });

    it('the hub’s own pages and the stores in settings.allowedOrigins are served, the stores with CORS', async () => {
      const own = await raw(hub.url, { path: '/api/health', headers: { host, origin: hub.url } });
      expect(own.status).toBe(200);
      expect(own.headers['access-control-allow-origin']).toBeUndefined();
      const preflight = await raw(hub.url, { method: 'OPTIONS', path: '/api/widget/session', headers: { host, origin: SHOP, 'access-control-request-method': 'POST' } });
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe(SHOP);
      expect(String(preflight.headers['access-control-allow-headers'])).toContain('content-type');
      const store = await raw(hub.url, {
        method: 'POST',
        path: '/api/widget/session',
        headers: { host, origin: SHOP, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Ada', email: 'ada@shop.example' }),
      });
      expect(store.status).toBe(200);
      expect(store.headers['access-control-allow-origin']).toBe(SHOP);
    });

    it('behind a proxy: its public name (settings.allowedHosts) is served, and its pages too even when the proxy rewrites Host; another local server is another site', async () => {
      expect((await raw(hub.url, { path: '/api/health', headers: { host: 'desk.example.com' } })).status).toBe(200);
      const body = JSON.stringify({ name: 'Ada', email: 'ada3@shop.example' });
      const proxied = await raw(hub.url, { method: 'POST', path: '/api/widget/session', headers: { host, origin: 'https://desk.example.com', 'content-type': 'application/json' }, body });
      expect(proxied.status).toBe(200);
      const otherPort = await raw(hub.url, { method: 'POST', path: '/api/widget/session', headers: { host, origin: 'http://127.0.0.1:1', 'content-type': 'application/json' }, body });
      expect(otherPort.status).toBe(403);
      const localhostPage = await raw(hub.url, { method: 'POST', path: '/api/widget/session', headers: { host, origin: 'http://localhost:3000', 'content-type': 'application/json' }, body });
      expect(localhostPage.status).toBe(403);
    });

    for (const transport of ['websocket', 'polling'] as const) {
      it(`a socket.io connection (${transport}) from another site is refused; from an allowed store it connects`, async () => {
        const token = await customerToken(hub.url);
        const connect = (origin: string) =>
          new Promise<string>((resolve) => {
            const s = io(`${hub.url}/customer`, { auth: { token }, transports: [transport], forceNew: true, reconnection: false, extraHeaders: { origin } });
            s.once('connect', () => {
              s.close();
              resolve('connected');
            });
            s.once('connect_error', (e) => {
              s.close();
              resolve(`refused: ${e.message} ${JSON.stringify((e as { context?: unknown }).context ?? '')}`);
            });
          });
        expect(await connect('https://evil.example')).toMatch(/^refused/);
        expect(await connect(SHOP)).toBe('connected');
        expect(await connect(hub.url)).toBe('connected');
      });
    }
  });

  describe('content type on state-changing routes', () => {
    it('a cross-site text/plain form cannot create a ticket: 415 with the typed error, nothing stored', async () => {
      const before = count(hub, 'tickets');
      const body = JSON.stringify({ name: 'Form', email: 'form@shop.test', body: 'created by a form' });
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
        const r = await fetch(`${hub.url}/api/widget/offline-message`, { method: 'POST', headers: { 'content-type': type }, body });
        expect(r.status).toBe(415);
        expect(await r.json()).toMatchObject({ ok: false, error: { code: 'invalid_payload', message: expect.stringContaining('application/json') } });
      }
      const none = await raw(hub.url, { method: 'POST', path: '/api/widget/offline-message', headers: { host, 'content-length': String(Buffer.byteLength(body)) }, body });
      expect(none.status).toBe(415);
      expect(count(hub, 'tickets')).toBe(before);
      const json = await postJson(`${hub.url}/api/widget/offline-message`, JSON.parse(body));
      expect(json.status).toBe(200);
      expect(count(hub, 'tickets')).toBe(before + 1);
    });

    it('JSON in another charset is refused with 415; UTF-8 declared or not is taken', async () => {
      const body = JSON.stringify({ name: 'Ada', email: 'ada2@shop.test' });
      const latin = await fetch(`${hub.url}/api/widget/session`, { method: 'POST', headers: { 'content-type': 'application/json; charset=iso-8859-1' }, body });
      expect(latin.status).toBe(415);
      const utf8 = await fetch(`${hub.url}/api/widget/session`, { method: 'POST', headers: { 'content-type': 'application/json; charset=UTF-8' }, body });
      expect(utf8.status).toBe(200);
    });

    it('an upload must carry an image type, not a form’s', async () => {
      const r = await fetch(`${hub.url}/api/widget/uploads?caseId=x`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'not a photo' });
      expect(r.status).toBe(415);
      expect((await r.json()).error.code).toBe('invalid_payload');
    });
  });

  describe('bodies', () => {
    it('a body that is not UTF-8 is refused with 400 and a typed error, nothing stored', async () => {
      const before = count(hub, 'customers');
      // "Zoë" in Latin-1: the ë is the lone byte 0xEB, which is no UTF-8.
      const bytes = Buffer.concat([Buffer.from('{"name":"Zo'), Buffer.from([0xeb]), Buffer.from('","email":"zoe@shop.test"}')]);
      const r = await fetch(`${hub.url}/api/widget/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: new Uint8Array(bytes) });
      expect(r.status).toBe(400);
      expect(await r.json()).toMatchObject({ ok: false, error: { code: 'invalid_payload', message: expect.stringMatching(/UTF-8/) } });
      expect(count(hub, 'customers')).toBe(before);
    });

    it('every upload over the limit gets the JSON 413, 20 times out of 20 (no reset connection, no EPIPE)', async () => {
      const max = hub.config.settings.uploads.maxBytes;
      const photo = Buffer.alloc(max + 1);
      const token = await customerToken(hub.url);
      const replies = await Promise.all(
        Array.from({ length: 20 }, () =>
          slowUpload(hub.url, '/api/widget/uploads?caseId=c_x', { host, 'content-type': 'image/png', authorization: `Bearer ${token}` }, photo).then(
            (r) => (r.status === 413 && JSON.parse(r.body).error.code === 'too_large' ? 413 : `${r.status} ${r.body}`),
            (e: Error) => `failed: ${e.message}`,
          ),
        ),
      );
      expect(replies).toEqual(Array(20).fill(413));
      const viaFetch = await fetch(`${hub.url}/api/widget/uploads?caseId=c_x`, { method: 'POST', headers: { 'content-type': 'image/png', authorization: `Bearer ${token}` }, body: new Uint8Array(photo) });
      expect(viaFetch.status).toBe(413);
      expect((await viaFetch.json()).error.code).toBe('too_large');
    });

    it('a body sent in chunks without a length is cut at the limit and still answered 413, 20 times out of 20', async () => {
      const chunk = new Uint8Array(64 * 1024);
      const chunks = Math.ceil(hub.config.settings.httpBodyMaxBytes / chunk.length) + 4;
      const results: (number | string)[] = [];
      for (let i = 0; i < 20; i++) {
        let n = 0;
        const body = new ReadableStream<Uint8Array>({
          pull(c) {
            if (n++ < chunks) c.enqueue(chunk);
            else c.close();
          },
        });
        try {
          const r = await fetch(`${hub.url}/api/widget/offline-message`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit);
          results.push(r.status === 413 ? ((await r.json()) as { error: { code: string } }).error.code : r.status);
        } catch (e) {
          results.push(`failed: ${(e as Error).message}`);
        }
      }
      expect(results).toEqual(Array(20).fill('too_large'));
    });
  });

  describe('lone surrogates: what is acked is what is stored', () => {
    let customer: CustomerSocket;
    let conversationId: string;
    beforeAll(async () => {
      customer = await connectCustomer(hub.url, await customerToken(hub.url, 'Sur Rogate'));
      conversationId = (await ok(customer, 'chat:start', {})).conversation.id;
    });
    afterAll(() => customer?.close());

    it('a message with a lone surrogate is refused with invalid_payload and nothing is stored', async () => {
      const before = count(hub, 'messages');
      for (const body of ['broken \ud800 text', 'tail \udfff', '\udc00 head']) {
        const r = await call(customer, 'chat:send', { conversationId, clientId: `sur-${Math.random().toString(36).slice(2, 10)}`, body });
        expect(r).toMatchObject({ ok: false, error: { code: 'invalid_payload', issues: [{ path: 'body' }] } });
      }
      expect(count(hub, 'messages')).toBe(before);
    });

    it('a well-formed pair (an emoji) is stored exactly as acked', async () => {
      const body = 'Vase 🏺 arrived chipped 😞';
      const acked = await ok(customer, 'chat:send', { conversationId, clientId: 'sur-emoji-0001', body });
      const stored = hub.store.db.prepare('SELECT body FROM messages WHERE conversation_id = ? AND seq = ?').get(conversationId, acked.message.seq) as { body: string };
      expect(stored.body).toBe(acked.message.body);
      expect(stored.body).toBe(body);
    });

    it('over HTTP too: a JSON \\ud800 escape is refused with 400, in any field', async () => {
      const before = count(hub, 'tickets');
      const r = await postJson(`${hub.url}/api/widget/offline-message`, '{"name":"Ada","email":"ada@shop.test","body":"hello \\ud800"}');
      expect(r.status).toBe(400);
      expect(r.json.error).toMatchObject({ code: 'invalid_payload', issues: [{ path: 'body' }] });
      const inName = await postJson(`${hub.url}/api/widget/session`, '{"name":"\\udc01da","email":"ada@shop.test"}');
      expect(inName.json.error).toMatchObject({ code: 'invalid_payload', issues: [{ path: 'name' }] });
      expect(count(hub, 'tickets')).toBe(before);
    });
  });
});
