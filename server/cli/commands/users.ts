import { Email, NewUserBody, Password, Role } from '../../../shared/protocol/schemas';
import type { Account } from '../../../shared/protocol/staff';
import { accountAdmin } from '../../auth/accounts';
import { operatorActor } from '../../audit/record';
import { staffAuth } from '../../auth/staff';
import { systemClock } from '../../clock';
import { knownBrand, deskBrands } from '../../brands';
import type { HubConfig } from '../../config';
import { parsePayload } from '../../realtime/handle';
import { withDesk } from '../desk';
import type { StoreApi } from '../../store/api';
import { required, type Command, type Opts } from '../command';
import { CliError, readPassword, type CliIo } from '../io';

const SUBCOMMANDS = ['add', 'list', 'disable', 'enable', 'set-role', 'passwd', 'brands'];

const describe = (u: Account) => `${u.role} ${u.name} <${u.email}>`;

// A hub running on the same folder is another process: it cannot be told to cut the sockets, but it
// checks the session on every event, so a revoked one is refused at its next request or event.
const sessionsNote = (n: number) => (n ? ` Ended ${n} session${n === 1 ? '' : 's'}; a running hub refuses them at their next request.` : '');

export const usersCommand: Command = {
  name: 'users',
  usage: [
    'users add --email E --name N --role agent|supervisor|admin',
    '                                      add a staff account (password from stdin or a prompt)',
    'users list [--json]                   list staff accounts',
    'users disable --email E               disable an account and end all its sessions',
    'users enable --email E                enable a disabled account again',
    'users set-role --email E --role agent|supervisor|admin',
    '                                      change an account\'s role',
    'users passwd --email E                set a new password (stdin or a prompt); ends its sessions',
    'users brands --email E [--set a,b | --all] [--json]',
    '                                      show the brands an account serves; --set limits it to',
    '                                      those brands, --all serves every brand again',
  ],
  options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, set: { type: 'string' }, all: { type: 'boolean' } },
  async run([sub], o, io) {
    // Before the desk is opened (an unknown word creates nothing); a broken config.json is reported
    // before anything is written.
    if (!SUBCOMMANDS.includes(sub ?? '')) throw new CliError(`unknown users command: ${sub ?? '(none)'}; use ${SUBCOMMANDS.join(', ')}`);
    return withDesk(o, ({ api, config }) => users(sub, o, io, api, config), { create: sub === 'add' });
  },
};

async function users(sub: string | undefined, o: Opts, io: CliIo, api: StoreApi, config: HubConfig): Promise<number> {
  const accounts = accountAdmin(api, systemClock, staffAuth(api, systemClock, { sessionIdleMs: 0, password: config.settings.passwordScrypt }));
  const target = () => accounts.byEmail(parsePayload(Email, required(o, 'email')));
  const report = (u: Account, text: string) => io.out(o.json ? JSON.stringify(u) : text);
  switch (sub) {
    case 'add': {
      const password = await readPassword(io, 'Password for the new account: ');
      const body = parsePayload(NewUserBody, { email: required(o, 'email'), name: required(o, 'name'), role: required(o, 'role'), password });
      const user = await accounts.create(body, operatorActor());
      report(user, `Added ${describe(user)} (${user.id})`);
      return 0;
    }
    case 'list': {
      const users = await accounts.list();
      if (o.json) io.out(JSON.stringify(users));
      else if (users.length === 0) io.out('No staff accounts. Add the first with: caredesk users add --email E --name N --role admin');
      else for (const u of users) io.out(`${u.role.padEnd(10)} ${u.email}  ${u.name}${u.disabled ? '  (disabled)' : ''}`);
      return 0;
    }
    case 'disable': {
      const { user, revokedSessions } = await accounts.update({ userId: (await target()).id, disabled: true }, operatorActor());
      report(user, `Disabled ${describe(user)}.${sessionsNote(revokedSessions.length)}`);
      return 0;
    }
    case 'enable': {
      const { user } = await accounts.update({ userId: (await target()).id, disabled: false }, operatorActor());
      report(user, `Enabled ${describe(user)}.`);
      return 0;
    }
    case 'set-role': {
      const role = parsePayload(Role, required(o, 'role'));
      const { user } = await accounts.update({ userId: (await target()).id, role }, operatorActor());
      report(user, `${user.name} <${user.email}> is now ${user.role}.`);
      return 0;
    }
    case 'passwd':
      return await passwd(io, accounts, await target(), report);
    case 'brands': {
      const change = brandsChange(config, o);
      const user = change ? await accounts.setBrands((await target()).id, change, operatorActor()) : await target();
      const serves = user.brands ? `serves ${user.brands.join(', ')}` : 'serves every brand';
      report(user, `${user.name} <${user.email}> ${change ? 'now ' : ''}${serves}.`);
      return 0;
    }
    default:
      throw new CliError(`unknown users command: ${sub ?? '(none)'}; use ${SUBCOMMANDS.join(', ')}`);
  }
}

/** The brands --set or --all ask for ([] = every brand), or null to only show them. Checked before anything is written. */
function brandsChange(config: HubConfig, o: Opts): string[] | null {
  if (o.all && o.set !== undefined) throw new CliError('use either --set or --all, not both');
  if (o.all) return [];
  if (o.set === undefined) return null;
  const ids = String(o.set).split(',').map((b) => b.trim()).filter(Boolean);
  const desk = deskBrands(config).map((b) => b.id).join(', ');
  if (!ids.length) throw new CliError(`--set needs brand ids, e.g. --set ${desk.split(', ')[0]} (--all serves every brand)`);
  const unknown = ids.filter((id) => !knownBrand(config, id));
  if (unknown.length) throw new CliError(`unknown brand${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; this desk's brands are ${desk} (settings.brands in config.json)`);
  return ids;
}

async function passwd(io: CliIo, accounts: ReturnType<typeof accountAdmin>, target: Account, report: (u: Account, text: string) => void): Promise<number> {
  const password = parsePayload(Password, await readPassword(io, `New password for ${target.email}: `));
  const { user, revokedSessions } = await accounts.resetPassword(target.id, password, operatorActor());
  report(user, `Changed the password of ${describe(user)}.${sessionsNote(revokedSessions.length)}`);
  return 0;
}
