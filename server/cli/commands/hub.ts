import { loadConfig } from '../../config';
import { startHub } from '../../hub';
import { withKeyFiles } from '../desk';
import { dataDirOf, type Command } from '../command';
import { CliError } from '../io';

export const hubCommand: Command = {
  name: 'hub',
  usage: ['hub [--port N] [--host H]             run the hub (socket.io + HTTP, console at /console/)'],
  options: { port: { type: 'string' }, host: { type: 'string' } },
  async run(_args, o, io) {
    const port = o.port === undefined ? 4000 : Number(o.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be a port number, got ${String(o.port)}`);
    const keyFiles = withKeyFiles(loadConfig(dataDirOf(o)), o).settings;
    const h = await startHub({
      dataDir: dataDirOf(o),
      settings: { databaseKeyFile: keyFiles.databaseKeyFile, auditKeyFile: keyFiles.auditKeyFile },
      port,
      host: typeof o.host === 'string' ? o.host : '127.0.0.1',
      // To this terminal only, never to a log file: whoever reads it can claim the desk.
      announceSetupCode: (code, consoleUrl) => io.out(`Setup code for the first admin: ${code}  (open ${consoleUrl} and enter it; it works once)`),
    });
    io.out(`Care desk hub running. Data folder: ${dataDirOf(o)}`);
    io.out(`  Console (agents, supervisors): ${h.url}/console/`);
    io.out(`  Chat widget (customers):       ${h.url}/widget/`);
    const stop = () => void h.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return new Promise<number>(() => {}); // runs until a signal
  },
};
