import { loadConfig } from '../../config';
import { startHub } from '../../hub';
import { withKeyFiles } from '../desk';
import { dataDirOf, type Command } from '../command';
import { CliError } from '../io';

export const hubCommand: Command = {
  name: 'hub',
  usage: [
    'hub [--port N] [--host H]             run the hub (socket.io + HTTP, console at /console/)',
    '    [--inbound-smtp-port N]           and receive the brands\' care mail on SMTP port N (docs/OPERATIONS.md, "Email")',
    '    [--database postgres://…]         on PostgreSQL, beside other hubs on the same database (docs/OPERATIONS.md, "Running a cluster");',
    '                                      default: CAREDESK_DATABASE_URL, settings.database, else the SQLite file in the data folder',
  ],
  options: { port: { type: 'string' }, host: { type: 'string' }, 'inbound-smtp-port': { type: 'string' }, database: { type: 'string' } },
  async run(_args, o, io) {
    const port = o.port === undefined ? 4000 : Number(o.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be a port number, got ${String(o.port)}`);
    const raw = o['inbound-smtp-port'];
    const smtpPort = raw === undefined ? undefined : Number(raw);
    if (smtpPort !== undefined && (!Number.isInteger(smtpPort) || smtpPort < 0 || smtpPort > 65535)) throw new CliError(`--inbound-smtp-port must be a port number, got ${String(raw)}`);
    const keyFiles = withKeyFiles(loadConfig(dataDirOf(o)), o).settings;
    const h = await startHub({
      dataDir: dataDirOf(o),
      settings: { databaseKeyFile: keyFiles.databaseKeyFile, auditKeyFile: keyFiles.auditKeyFile },
      port,
      inboundSmtpPort: smtpPort,
      host: typeof o.host === 'string' ? o.host : '127.0.0.1',
      database: typeof o.database === 'string' ? o.database : undefined,
      // To this terminal only, never to a log file: whoever reads it can claim the desk.
      announceSetupCode: (code, consoleUrl) => io.out(`Setup code for the first admin: ${code}  (open ${consoleUrl} and enter it; it works once)`),
    });
    io.out(`Care desk hub running. Data folder: ${dataDirOf(o)}${h.cluster ? ` (store: PostgreSQL, hub ${h.cluster.hubId})` : ''}`);
    io.out(`  Console (agents, supervisors): ${h.url}/console/`);
    io.out(`  Chat widget (customers):       ${h.url}/widget/`);
    if (h.inboundSmtp) io.out(`  Care mail (SMTP, from the relay): ${h.config.settings.inboundMail.smtpHost}:${h.inboundSmtp.port}`);
    const stop = () => void h.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return new Promise<number>(() => {}); // runs until a signal
  },
};
