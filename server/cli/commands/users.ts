import { NewUserBody } from '../../../shared/protocol/schemas';
import { staffAuth } from '../../auth/staff';
import { systemClock } from '../../clock';
import { loadConfig } from '../../config';
import { parsePayload } from '../../realtime/handle';
import { openStore } from '../../store/index';
import { dataDirOf, required, type Command } from '../command';
import { CliError, readPassword } from '../io';

export const usersCommand: Command = {
  name: 'users',
  usage: [
    'users add --email E --name N --role agent|supervisor|admin',
    '                                      add a staff account (password from stdin or a prompt)',
    'users list [--json]                   list staff accounts',
  ],
  options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } },
  async run([sub], o, io) {
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
  },
};
