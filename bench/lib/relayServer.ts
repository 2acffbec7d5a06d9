// The baseline for the hub bench: a bare socket.io relay on the same transport (websocket), with
// the same namespaces, event names, fan-out and payload shapes as the desk, but no storage, no
// validation, no sessions. Run as its own process: `node bin/run-ts.mjs bench/lib/relayServer.ts`.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';

const http = createServer((_req, res) => {
  res.writeHead(404);
  res.end();
});
// The hub's own socket.io options (server/hub.ts), so only the desk's work differs.
const io = new Server(http, { maxHttpBufferSize: 256 * 1024, cors: { origin: false }, serveClient: false });
const customers = io.of('/customer');
const agents = io.of('/agent');
const lastSeq = new Map<string, number>();
let conversations = 0;

type Ack = (reply: unknown) => void;
const room = (id: string) => `conv:${id}`;

const conversation = (id: string) => ({
  id,
  status: 'active',
  customer: { id: 'k_relay', name: 'Relay Customer', email: 'relay@shop.test' },
  assignedAgent: null,
  createdAt: new Date().toISOString(),
  endedAt: null,
  lastSeq: lastSeq.get(id) ?? 0,
});

function relay(socket: Socket, kind: 'customer' | 'agent') {
  socket.on('chat:send', (p: { conversationId: string; clientId: string; body: string }, ack: Ack) => {
    const seq = (lastSeq.get(p.conversationId) ?? 0) + 1;
    lastSeq.set(p.conversationId, seq);
    const message = {
      conversationId: p.conversationId,
      seq,
      clientId: p.clientId,
      author: { kind, id: socket.id, name: kind === 'customer' ? 'Relay Customer' : 'Relay Agent' },
      body: p.body,
      createdAt: new Date().toISOString(),
    };
    customers.to(room(p.conversationId)).emit('message:new', message);
    agents.to(room(p.conversationId)).emit('message:new', message);
    ack({ ok: true, data: { message } });
  });
  socket.on('chat:current', (_p: unknown, ack: Ack) => ack({ ok: true, data: null }));
}

customers.on('connection', (socket) => {
  relay(socket, 'customer');
  socket.on('chat:start', (_p: unknown, ack: Ack) => {
    const id = `c_relay${++conversations}`;
    void socket.join(room(id));
    ack({ ok: true, data: { conversation: conversation(id), messages: [] } });
  });
});

agents.on('connection', (socket) => {
  relay(socket, 'agent');
  socket.on('conversation:accept', (p: { conversationId: string }, ack: Ack) => {
    void socket.join(room(p.conversationId));
    ack({ ok: true, data: { conversation: conversation(p.conversationId) } });
  });
});

http.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  console.log(`relay listening on http://127.0.0.1:${(http.address() as AddressInfo).port}`);
});
process.once('SIGTERM', () => io.close(() => process.exit(0)));
