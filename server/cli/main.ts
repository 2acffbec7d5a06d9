// `caredesk` commands for operators and tests. Errors go to stderr with a non-zero exit; output
// meant for machines is JSON.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_POLICY } from '../../shared/domain/config';
import { QuoteInputSchema, quoteReturn } from '../../shared/domain/returns';
import { DeskError } from '../../shared/protocol/errors';
import { NewUserBody } from '../../shared/protocol/schemas';
import { staffAuth } from '../auth/staff';
import { systemClock } from '../clock';
import { loadConfig } from '../config';
import { defaultDataDir } from '../dataDir';
import { startHub } from '../hub';
import { parsePayload } from '../realtime/handle';
import { openStore } from '../store/index';
import { CliError, processIo, readPassword, type CliIo } from './io';

const USAGE = `Usage: caredesk <command> [options]

Commands:
  hub [--port N] [--host H]             run the hub (socket.io + HTTP, console at /console/)
  users add --email E --name N --role agent|supervisor|admin
                                        add a staff account (password from stdin or a prompt)
  users list [--json]                   list staff accounts
  returns quote FILE.json               print the returns quote for a quote-contract input

Every command takes --data DIR (default: ${defaultDataDir()}).`;

type Opts = Record<string, string | boolean | undefined>;

function parse(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      data: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  return { opts: values as Opts, args: positionals };
}

const dataDirOf = (o: Opts) => (typeof o.data === 'string' ? o.data : defaultDataDir());

function required(o: Opts, name: string): string {
  const v = o[name];
  if (typeof v !== 'string' || v === '') throw new CliError(`--${name} is required`);
  return v;
}

async function hub(o: Opts, io: CliIo): Promise<number> {
  const port = o.port === undefined ? 4000 : Number(o.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be a port number, got ${String(o.port)}`);
  const h = await startHub({ dataDir: dataDirOf(o), port, host: typeof o.host === 'string' ? o.host : '127.0.0.1' });
  io.out(`Care desk hub running. Data folder: ${dataDirOf(o)}`);
  io.out(`  Console (agents, supervisors): ${h.url}/console/`);
  io.out(`  Chat widget (customers):       ${h.url}/widget/`);
  const stop = () => {
    void h.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<number>(() => {}); // runs until a signal
}

async function usersCmd(sub: string | undefined, o: Opts, io: CliIo): Promise<number> {
  const dir = dataDirOf(o);
  loadConfig(dir); // a broken config.json is reported before anything is written
  const store = openStore(dir);
  try {
    if (sub === 'add') {
      const password = await readPassword(io, 'Password for the new account: ');
      const body = parsePayload(NewUserBody, { email: required(o, 'email'), name: required(o, 'name'), role: required(o, 'role'), password });
      const user = await staffAuth(store, systemClock, { sessionIdleMs: 0 }).createUser(body);
      io.out(o.json ? JSON.stringify(user) : `Added ${user.role} ${user.name} <${user.email}> (${user.id})`);
      return 0;
    }
    if (sub === 'list') {
      const users = store.users.list();
      if (o.json) io.out(JSON.stringify(users));
      else for (const u of users) io.out(`${u.role.padEnd(10)} ${u.email}  ${u.name}`);
      return 0;
    }
    throw new CliError(`unknown users command: ${sub ?? '(none)'}; use add or list`);
  } finally {
    store.close();
  }
}

function returnsCmd(sub: string | undefined, file: string | undefined, o: Opts, io: CliIo): number {
  if (sub !== 'quote' || !file) throw new CliError('usage: caredesk returns quote FILE.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${(e as Error).message}`);
  }
  // A worked case file holds {description, input, expected}; a bare input is accepted too.
  const input = raw && typeof raw === 'object' && 'input' in raw ? (raw as { input: unknown }).input : raw;
  const parsed = QuoteInputSchema.safeParse(input);
  if (!parsed.success) {
    throw new CliError(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  }
  const policy = o.data ? loadConfig(dataDirOf(o)).policy : DEFAULT_POLICY;
  io.out(JSON.stringify(quoteReturn(parsed.data, policy.returns), null, 2));
  return 0;
}

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  try {
    const { opts, args } = parse(argv);
    const [cmd, sub, arg] = args;
    if (opts.help || !cmd) {
      io.out(USAGE);
      return cmd || opts.help ? 0 : 2;
    }
    switch (cmd) {
      case 'hub':
        return await hub(opts, io);
      case 'users':
        return await usersCmd(sub, opts, io);
      case 'returns':
        return returnsCmd(sub, arg, opts, io);
      default:
        throw new CliError(`unknown command: ${cmd}\n\n${USAGE}`);
    }
  } catch (e) {
    if (e instanceof CliError || e instanceof DeskError) io.err(`caredesk: ${e.message}`);
    else if ((e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) io.err(`caredesk: ${(e as Error).message}`);
    else io.err(`caredesk: ${(e as Error).stack ?? String(e)}`);
    return 1;
  }
}
