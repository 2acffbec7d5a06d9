// A minimal socket.io client speaking the wire protocol (engine.io 4 over a raw `ws` WebSocket,
// socket.io 5 packets) for load generation. socket.io-client costs far more CPU and memory per
// socket; thousands of them in the load process would measure the load process, not the hub.
// Text packets only: the desk never sends binary.
import WebSocket from 'ws';

const ENGINE = { open: '0', close: '1', ping: '2', pong: '3', message: '4' } as const;
const SIO = { connect: '0', disconnect: '1', event: '2', ack: '3', connectError: '4' } as const;

type Handler = (payload: unknown) => void;

export class WireSocket {
  private nextAck = 0;
  private acks = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> }>();
  private handlers = new Map<string, Handler[]>();
  private prefix: string;
  closed = false;

  private constructor(
    private readonly ws: WebSocket,
    readonly nsp: string,
  ) {
    this.prefix = nsp === '/' ? '' : `${nsp},`;
  }

  /** Opens a WebSocket to the engine.io endpoint and connects to `nsp` with `auth`. */
  static connect(baseUrl: string, nsp: string, auth: Record<string, unknown>, timeoutMs = 10_000): Promise<WireSocket> {
    const url = `${baseUrl.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
    const ws = new WebSocket(url, { perMessageDeflate: false });
    const s = new WireSocket(ws, nsp);
    return new Promise((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => fail(new Error(`connect to ${nsp} timed out`)), timeoutMs);
      const fail = (e: Error) => {
        clearTimeout(timer);
        if (settled) return;
        settled = true;
        ws.terminate();
        reject(e);
      };
      // Errors after the handshake surface as a close (pending calls reject); never as a crash.
      ws.on('error', (e) => fail(e));
      ws.on('close', () => s.onClose());
      ws.on('message', (data) => {
        const text = data.toString();
        const kind = text[0];
        if (kind === ENGINE.ping) {
          ws.send(ENGINE.pong);
        } else if (kind === ENGINE.open) {
          ws.send(`${ENGINE.message}${SIO.connect}${s.prefix}${JSON.stringify(auth)}`);
        } else if (kind === ENGINE.message) {
          const p = s.parse(text.slice(1));
          if (!p) return;
          if (p.type === SIO.connect) {
            clearTimeout(timer);
            settled = true;
            resolve(s);
          } else if (p.type === SIO.connectError) {
            fail(new Error(`connect to ${nsp} refused: ${JSON.stringify(p.data)}`));
          } else {
            s.onPacket(p);
          }
        }
      });
    });
  }

  /** `connect` with a few bounded retries: a loaded machine occasionally resets a handshake. */
  static async connectRetrying(baseUrl: string, nsp: string, auth: Record<string, unknown>, attempts = 3, timeoutMs = 10_000): Promise<WireSocket> {
    let last: unknown;
    for (let i = 0; i < attempts; i++) {
      try {
        return await WireSocket.connect(baseUrl, nsp, auth, timeoutMs);
      } catch (e) {
        last = e;
        await new Promise((r) => setTimeout(r, 200 * (i + 1)));
      }
    }
    throw last;
  }

  /** Parses `<type>[<nsp>,][<ackId>]<json>` (the engine.io "4" prefix already removed). */
  private parse(text: string): { type: string; id: number | null; data: unknown } | null {
    const type = text[0]!;
    let i = 1;
    if (text[i] === '/') {
      const comma = text.indexOf(',', i);
      if (text.slice(i, comma === -1 ? undefined : comma) !== this.nsp) return null;
      i = comma === -1 ? text.length : comma + 1;
    } else if (this.nsp !== '/') {
      return null;
    }
    let j = i;
    while (j < text.length && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
    const id = j > i ? Number(text.slice(i, j)) : null;
    const body = text.slice(j);
    return { type, id, data: body ? JSON.parse(body) : undefined };
  }

  private onPacket(p: { type: string; id: number | null; data: unknown }): void {
    if (p.type === SIO.event && Array.isArray(p.data)) {
      const [event, payload] = p.data as [string, unknown];
      for (const h of this.handlers.get(event) ?? []) h(payload);
    } else if (p.type === SIO.ack && p.id !== null) {
      const a = this.acks.get(p.id);
      if (!a) return;
      this.acks.delete(p.id);
      clearTimeout(a.timer);
      a.resolve((p.data as unknown[])[0]);
    } else if (p.type === SIO.disconnect) {
      this.close();
    }
  }

  private onClose(): void {
    this.closed = true;
    for (const a of this.acks.values()) {
      clearTimeout(a.timer);
      a.reject(new Error('disconnected'));
    }
    this.acks.clear();
  }

  on(event: string, handler: Handler): void {
    const list = this.handlers.get(event) ?? [];
    list.push(handler);
    this.handlers.set(event, list);
  }

  emit(event: string, payload: unknown): void {
    this.ws.send(`${ENGINE.message}${SIO.event}${this.prefix}${JSON.stringify([event, payload])}`);
  }

  /** Emits with an ack id and resolves with the server's reply (rejects on timeout or close). */
  call<T = unknown>(event: string, payload: unknown, timeoutMs = 10_000): Promise<T> {
    if (this.closed) return Promise.reject(new Error('disconnected'));
    const id = this.nextAck++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.acks.delete(id);
        reject(new Error(`${event} timed out`));
      }, timeoutMs);
      this.acks.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      this.ws.send(`${ENGINE.message}${SIO.event}${this.prefix}${id}${JSON.stringify([event, payload])}`);
    });
  }

  /** Like `call`, for the desk's Ack envelope: returns data or throws the refusal. */
  async ok<T = unknown>(event: string, payload: unknown, timeoutMs = 10_000): Promise<T> {
    const r = await this.call<{ ok: boolean; data?: T; error?: { code: string; message: string } }>(event, payload, timeoutMs);
    if (!r.ok) throw new Error(`${event} refused: ${r.error?.code} ${r.error?.message}`);
    return r.data as T;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.ws.send(`${ENGINE.message}${SIO.disconnect}${this.prefix}`);
    } catch {
      // already gone
    }
    this.ws.close();
  }

  terminate(): void {
    this.closed = true;
    this.ws.terminate();
  }
}
