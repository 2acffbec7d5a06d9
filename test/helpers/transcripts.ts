// Helpers for the transcript tests: a real SMTP server, a byte scan of a data folder, a tiny MIME
// reader, seeding conversations straight through the store, and the caredesk CLI.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { SMTPServer } from 'smtp-server';
import { main } from '../../server/cli/main';
import type { Hub } from '../../server/hub';
import { newId } from '../../server/ids';
import { purgeAt } from '../../shared/domain/retention';
import { DB_FILE, isPlainDatabase } from '../../server/store/db';
import { ROOT } from './hub';

/** The real `caredesk` bin in a child process. */
export const caredesk = (args: string[], input = '') =>
  spawnSync(process.execPath, [join(ROOT, 'bin/caredesk.mjs'), ...args], { cwd: ROOT, input, encoding: 'utf8', timeout: 60_000 });

/** The same CLI in this process (no tsx start-up per call), for tests that run it many times; `input` is its stdin. */
export async function caredeskInProcess(args: string[], input?: string): Promise<{ status: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const stdin = input === undefined ? process.stdin : Readable.from([Buffer.from(input)]);
  const status = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l), stdin });
  return { status, stdout: out.map((l) => l + '\n').join(''), stderr: err.map((l) => l + '\n').join('') };
}

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server on a loopback port; `reject` decides which recipients it refuses (550). */
export async function startSmtp(): Promise<{
  port: number;
  mails: ReceivedMail[];
  reject: Set<string>;
  close(): Promise<void>;
}> {
  const mails: ReceivedMail[] = [];
  const reject = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, cb) {
      if (reject.has(address.address)) {
        const e = new Error(`5.1.1 <${address.address}>: Recipient address rejected: User unknown`) as Error & { responseCode: number };
        e.responseCode = 550;
        return cb(e);
      }
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, reject, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** The MIME parts of a message (one level of multipart nesting is enough for ours). */
export function mimeParts(raw: string): { type: string; body: Buffer }[] {
  const parts: { type: string; body: Buffer }[] = [];
  const walk = (entity: string) => {
    const split = entity.indexOf('\r\n\r\n');
    const headers = entity.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
    const body = entity.slice(split + 4);
    const type = /content-type:\s*([^;\r\n]+)/i.exec(headers)?.[1]?.trim().toLowerCase() ?? 'text/plain';
    const boundary = /boundary="?([^";\r\n]+)"?/i.exec(headers)?.[1];
    if (type.startsWith('multipart/') && boundary) {
      for (const p of body.split(`--${boundary}`).slice(1)) if (!p.startsWith('--')) walk(p.replace(/^\r\n/, ''));
      return;
    }
    const encoding = /content-transfer-encoding:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim().toLowerCase();
    const decoded =
      encoding === 'base64'
        ? Buffer.from(body.replace(/\s+/g, ''), 'base64')
        : encoding === 'quoted-printable'
          ? Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1')
          : Buffer.from(body, 'utf8');
    parts.push({ type, body: decoded });
  };
  walk(raw);
  return parts;
}

/** Every file under `dir`, as bytes. */
export function filesUnder(dir: string): { path: string; bytes: Buffer }[] {
  const out: { path: string; bytes: Buffer }[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push({ path: p, bytes: readFileSync(p) });
  }
  return out;
}

/** Where any of `needles` occurs in any file under `dir` (UTF-8 and UTF-16 encodings). */
export function findInFiles(dir: string, needles: string[]): string[] {
  if (isPlainDatabase(join(dir, DB_FILE)) === false) {
    throw new Error(`${dir} holds an encrypted database: a scan for leftovers would find nothing whatever is left. Use plainDataDir() (test/helpers/hub.ts).`);
  }
  const found: string[] = [];
  for (const f of filesUnder(dir)) {
    for (const n of needles) {
      if (f.bytes.includes(Buffer.from(n, 'utf8')) || f.bytes.includes(Buffer.from(n, 'utf16le'))) found.push(`${f.path}: ${n}`);
    }
  }
  return found;
}

/**
 * A conversation written straight through the store (for volumes a socket test need not push):
 * ended at `endedAt` with its purge date, assigned to `agentId`. Its customer is the verified
 * customer of `email` (seeded chats of one email share their record, as verified ones do).
 */
export async function seedConversation(
  hub: Hub,
  o: { email: string; name?: string; agentId?: string | null; bodies: string[]; endedAt?: Date; brandId?: string },
): Promise<string> {
  const id = newId('c');
  const at = (o.endedAt ?? new Date()).toISOString();
  await hub.store.write(() => {
    const customer = hub.store.conversations.upsertVerified({ id: newId('k'), email: o.email, name: o.name ?? 'Seeded Customer', createdAt: at, by: 'code', externalId: null });
    hub.store.conversations.create({ id, customerId: customer.id, widgetSessionId: null, brandId: o.brandId ?? 'default', createdAt: at });
    if (o.agentId) hub.store.conversations.assign(id, o.agentId);
    o.bodies.forEach((body, i) =>
      hub.store.conversations.appendMessage({
        conversationId: id,
        clientId: `seed-${i}`,
        authorKind: i % 2 === 0 ? 'customer' : 'agent',
        authorId: null,
        authorName: i % 2 === 0 ? (o.name ?? 'Seeded Customer') : 'Agent',
        body,
        createdAt: at,
      }),
    );
    if (o.endedAt) hub.store.conversations.end(id, at, purgeAt(o.endedAt, hub.config.policy.retention.transcriptMonths).toISOString());
  });
  return id;
}
