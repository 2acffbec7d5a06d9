// `caredesk` commands for operators and tests. Errors go to stderr with a non-zero exit; output
// meant for machines is JSON. Each command is a module in commands/; list new ones here.
import { parseArgs } from 'node:util';
import { DeskError } from '../../shared/protocol/errors';
import { defaultDataDir } from '../dataDir';
import type { Command } from './command';
import { hubCommand } from './commands/hub';
import { ordersCommand } from './commands/orders';
import { returnsCommand } from './commands/returns';
import { usersCommand } from './commands/users';
import { auditCommand } from './commands/audit';
import { privacyCommand } from './commands/privacy';
import { retentionCommand } from './commands/retention';
import { storeCommand } from './commands/store';
import { transcriptsCommand } from './commands/transcripts';
import { ticketsCommand } from './commands/tickets';
import { CliError, processIo, type CliIo } from './io';

const COMMANDS: Command[] = [hubCommand, usersCommand, returnsCommand, ordersCommand, transcriptsCommand, ticketsCommand, retentionCommand, privacyCommand, auditCommand, storeCommand];

const usage = () =>
  ['Usage: caredesk <command> [options]', '', 'Commands:', ...COMMANDS.flatMap((c) => c.usage.map((l) => `  ${l}`)), '', `Every command takes --data DIR (default: ${defaultDataDir()}),`, '--db-key-file FILE and --audit-key-file FILE (default: the environment, the settings, or DIR-keys/),', 'and --database postgres://… for a desk on PostgreSQL (default: CAREDESK_DATABASE_URL, settings.database,', 'else the SQLite file in DIR; the store commands always work on the SQLite file). On PostgreSQL the', "commands need the hubs' audit key."].join('\n');

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  try {
    const name = argv.find((a) => !a.startsWith('-'));
    const command = COMMANDS.find((c) => c.name === name);
    if (!command) {
      if (!name || argv.includes('--help') || argv.includes('-h')) {
        io.out(usage());
        return name ? 0 : argv.length ? 0 : 2;
      }
      throw new CliError(`unknown command: ${name}\n\n${usage()}`);
    }
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        data: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        // The keys kept outside the data folder (docs/OPERATIONS.md, "Secrets and keys").
        'db-key-file': { type: 'string' },
        'audit-key-file': { type: 'string' },
        // A desk on PostgreSQL: the commands work on what its hubs work on (server/cli/desk.ts).
        database: { type: 'string' },
        ...command.options,
      },
    });
    if (values.help) {
      io.out(command.usage.join('\n'));
      return 0;
    }
    return await command.run(positionals.slice(1), values, io);
  } catch (e) {
    if (e instanceof CliError || e instanceof DeskError) io.err(`caredesk: ${e.message}`);
    else if ((e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) io.err(`caredesk: ${(e as Error).message}`);
    else io.err(`caredesk: ${(e as Error).stack ?? String(e)}`);
    return 1;
  }
}
