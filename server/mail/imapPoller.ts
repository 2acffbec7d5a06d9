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
    const client = new ImapFlow({ host: s.host, port: s.port, secure: s.secure, auth: { user: s.user, pass: s.pass }, logger: false });
    await client.connect();
    try {
      const lock = await client.getMailboxLock(s.mailbox);
      try {
        const uids = (await client.search({ seen: false }, { uid: true })) || [];
        for (const uid of uids) {
          if (stopped) break;
          const m = await client.fetchOne(String(uid), { source: true, envelope: true }, { uid: true });
          if (!m || !m.source) continue;
          const sender = m.envelope?.from?.[0]?.address ?? '';
          await inbox.receive(brandId, m.source, null, { acknowledge: limiter.admit(sender || '<>') });
          await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
        }
      } finally {
        lock.release();
      }
    } finally {
      await client.logout().catch(() => undefined);
    }
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
