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

// The options every command takes (docs/OPERATIONS.md, "Secrets and keys"; a desk on PostgreSQL:
// server/cli/desk.ts).
const GLOBAL_OPTIONS = {
  data: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  'db-key-file': { type: 'string' },
  'audit-key-file': { type: 'string' },
  database: { type: 'string' },
} as const;

/** The command's name: the first word that is not an option or a global option's value (`--data DIR users list`). */
function commandName(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('-')) return a;
    const name = a.replace(/^--?/, '');
    const option = (GLOBAL_OPTIONS as Record<string, { type: string; short?: string }>)[name];
    if (!a.includes('=') && option?.type === 'string') i += 1;
  }
  return undefined;
}

/**
 * How many words may follow the command's name, read from its usage lines (`transcripts export ID
 * --format …`: the subcommand and one); null when any number may (a `TEXT…` placeholder) or the
 * usage does not name the subcommand (the command refuses it with its own message).
 */
function wordsAllowed(command: Command, sub: string | undefined): number | null {
  let most: number | null = null;
  for (const line of command.usage) {
    if (/^\s/.test(line)) continue;
    const words = line.split(/\s{2,}/)[0]!.trim().split(' ').slice(1);
    const hasSubs = words.length > 0 && !/^[-[]/.test(words[0]!) && /^[a-z-|]+$/.test(words[0]!);
    if (hasSubs && !words[0]!.split('|').includes(sub ?? '')) continue;
    // The placeholders (FILE, ID) after the subcommand, up to the first option.
    const rest = words.slice(hasSubs ? 1 : 0);
    const options = rest.findIndex((w) => /^[-[]/.test(w));
    const taken = options < 0 ? rest : rest.slice(0, options);
    if (taken.some((w) => /(…|\.\.\.)$/.test(w))) return null;
    most = Math.max(most ?? 0, (hasSubs ? 1 : 0) + taken.length);
  }
  return most;
}

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  try {
    const name = commandName(argv);
    const command = COMMANDS.find((c) => c.name === name);
    if (!command) {
      if (name) throw new CliError(`unknown command: ${name}\n\n${usage()}`);
      if (argv.includes('--help') || argv.includes('-h')) {
        io.out(usage());
        return 0;
      }
      // No command: the usage, and a failing exit (an option alone is not a command either).
      const stray = argv.find((a) => a.startsWith('-'));
      if (stray) io.err(`caredesk: ${stray} needs a command first`);
      io.out(usage());
      return 2;
    }
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { ...GLOBAL_OPTIONS, ...command.options },
    });
    if (values.help) {
      io.out(command.usage.join('\n'));
      return 0;
    }
    const words = positionals.slice(1);
    const allowed = wordsAllowed(command, words[0]);
    // A stray word (a value whose option was forgotten, a second file) would be ignored silently.
    if (allowed !== null && words.length > allowed) {
      throw new CliError(`unexpected "${words[allowed]}" in caredesk ${[command.name, ...words.slice(0, allowed)].join(' ')}: see caredesk ${command.name} --help`);
    }
    return await command.run(words, values, io);
  } catch (e) {
    // One line that says what went wrong (a bad config.json, a missing key file, a folder that is
    // not there); the stack only when asked for (CAREDESK_DEBUG=1), for a fault in the desk itself.
    io.err(`caredesk: ${e instanceof Error ? e.message : String(e)}${busyHint(e)}`);
    if (process.env.CAREDESK_DEBUG && e instanceof Error && !(e instanceof CliError || e instanceof DeskError)) io.err(e.stack ?? '');
    return 1;
  }
}

/** SQLite's "database is locked": another process holds the file, most often a hub running on it. */
function busyHint(e: unknown): string {
  const code = (e as { code?: unknown })?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' ? ' (another process is using the database: stop the hub running on this data folder, then try again)' : '';
}
