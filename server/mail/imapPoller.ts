// Brands whose care address is a mailbox the hub reads (settings.brands.X.imap): every
// inboundMail.imapPollMs the hub reads unseen mail over IMAP (imapflow), files each as the
// listener would, and marks it seen only once it is stored, so nothing read is lost.
import { ImapFlow } from 'imapflow';
import type { HubConfig, ImapSettings } from '../config';
import type { Log } from '../realtime/handle';
import type { FloodLimiter, TicketInbox } from '../tickets/inbox';

export function imapPollers(deps: { config: HubConfig; inbox: TicketInbox; limiter: FloodLimiter; log: Log }) {
  const { config, inbox, limiter, log } = deps;
  const brands = Object.entries(config.settings.brands).filter((e): e is [string, { imap: ImapSettings }] => !!e[1].imap);
  let stopped = false;
  let running: Promise<void> = Promise.resolve();

  async function pollBrand(brandId: string, s: ImapSettings): Promise<void> {
    const client = new ImapFlow({ host: s.host, port: s.port, secure: s.secure, auth: { user: s.user, pass: s.pass ?? '' }, logger: false });
    await client.connect();
    try {
      const lock = await client.getMailboxLock(s.mailbox);
      try {
        const uids = (await client.search({ seen: false }, { uid: true })) || [];
        for (const uid of uids) {
          if (stopped) break;
          // One message that cannot be filed must not hold up the others: it is logged and read
          // again next time (it stays unseen).
          await fileOne(brandId, client, String(uid)).catch((e: unknown) => log('warn', 'IMAP message not filed; it stays unseen and is read again next time', { brandId, uid, error: String(e) }));
        }
      } finally {
        lock.release();
      }
    } finally {
      await client.logout().catch(() => undefined);
    }
  }

  async function fileOne(brandId: string, client: ImapFlow, uid: string): Promise<void> {
    const head = await client.fetchOne(uid, { envelope: true, size: true }, { uid: true });
    if (!head) return;
    const sender = head.envelope?.from?.[0]?.address ?? '';
    if ((head.size ?? 0) > config.settings.inboundMail.maxBytes) {
      // The listener refuses such mail at SIZE; here it is left in the mailbox, seen and flagged,
      // for a person to look at, instead of being fetched again every poll.
      log('warn', 'IMAP message larger than inboundMail.maxBytes left in the mailbox (flagged)', { brandId, uid, bytes: head.size, sender });
      await client.messageFlagsAdd(uid, ['\\Seen', '\\Flagged'], { uid: true });
      return;
    }
    const m = await client.fetchOne(uid, { source: true }, { uid: true });
    if (!m || !m.source) return;
    await inbox.receive(brandId, m.source, null, { acknowledge: limiter.admit(sender || '<>') });
    await client.messageFlagsAdd(uid, ['\\Seen'], { uid: true });
  }

  const tick = () => {
    running = (async () => {
      for (const [brandId, b] of brands) {
        if (stopped) return;
        await pollBrand(brandId, b.imap).catch((e: unknown) => log('warn', 'IMAP poll failed', { brandId, error: String(e) }));
      }
    })();
  };
  const timer = brands.length ? setInterval(tick, config.settings.inboundMail.imapPollMs) : null;
  if (brands.length) tick();
  return {
    brands: brands.map(([id]) => id),
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
