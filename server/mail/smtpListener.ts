// The hub's inbound SMTP listener (issue 10): a company's mail relay forwards each brand's care
// address here. The recipient picks the brand (anything else is refused at RCPT); a sender over
// the flood limit is told to try later at MAIL FROM; a message over the size limit is refused;
// 250 is given only once the ticket is on disk, so the relay keeps (and retries) anything not
// taken. STARTTLS when the operator configured a key and certificate.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { brandByCareAddress, type HubConfig } from '../config';
import type { Log } from '../realtime/handle';
import type { FloodLimiter, TicketInbox } from '../tickets/inbox';

export interface InboundSmtp {
  port: number;
  close(): Promise<void>;
}

type SmtpError = Error & { responseCode: number };
const smtpError = (code: number, text: string): SmtpError => Object.assign(new Error(text), { responseCode: code });

export async function startInboundSmtp(deps: { port: number; config: HubConfig; inbox: TicketInbox; limiter: FloodLimiter; log: Log }): Promise<InboundSmtp> {
  const { config, inbox, limiter, log } = deps;
  const s = config.settings.inboundMail;
  const tls = s.tlsKeyFile && s.tlsCertFile ? { key: readFileSync(s.tlsKeyFile), cert: readFileSync(s.tlsCertFile) } : null;
  const options: SMTPServerOptions = {
    name: s.hostname,
    banner: 'Care Desk',
    size: s.maxBytes,
    authOptional: true,
    disabledCommands: tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    ...(tls ?? {}),
    logger: false,
    maxClients: 50,
    onMailFrom(address, _session, cb) {
      // The null sender (bounces) is counted as one sender: a storm of bounces is a flood too.
      if (!limiter.admit(address.address || '<>')) return cb(smtpError(451, '4.7.1 Too many messages from this sender; try again later'));
      cb();
    },
    onRcptTo(address, session, cb) {
      const brand = brandByCareAddress(config.settings, address.address);
      if (!brand) return cb(smtpError(550, `5.1.1 <${address.address}>: no such care address here`));
      const brands = ((session as { brands?: Set<string> }).brands ??= new Set<string>());
      brands.add(brand);
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', (e) => cb(e));
      stream.on('end', () => {
        if ((stream as { sizeExceeded?: boolean }).sizeExceeded) return cb(smtpError(552, `5.3.4 Message larger than ${s.maxBytes} bytes`));
        const raw = Buffer.concat(chunks);
        const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const brands = [...((session as { brands?: Set<string> }).brands ?? [])];
        (async () => {
          for (const brandId of brands) {
            const outcome = await inbox.receive(brandId, raw, envelopeFrom);
            log('info', 'mail received', { brandId, outcome: outcome.kind });
          }
        })().then(
          () => cb(),
          (e: unknown) => {
            log('error', 'inbound mail could not be stored', { error: String(e) });
            cb(smtpError(451, '4.3.0 Could not store the message; try again later'));
          },
        );
      });
    },
  };
  const server = new SMTPServer(options);
  server.on('error', (e) => log('warn', 'inbound SMTP', { error: String(e) }));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(deps.port, s.smtpHost, () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return { port, close: () => new Promise<void>((r) => server.close(() => r())) };
}
