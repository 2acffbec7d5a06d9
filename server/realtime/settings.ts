// Brand settings over socket.io (issue 9): admins read and change them; every console is told of a
// change (brand names, demo warnings) so banners and lists follow without a reload.
import type { Namespace, Server } from 'socket.io';
import { NAMESPACES, type AgentClientEvents, type AgentServerEvents } from '../../shared/protocol/events';
import { DeskError } from '../../shared/protocol/errors';
import { Empty } from '../../shared/protocol/schemas';
import { SettingsUpdate } from '../../shared/protocol/settings';
import type { StaffAuth, StaffIdentity } from '../auth/staff';
import type { LiveSettings, SettingsEvents } from '../settings/liveSettings';
import { binder, room, type Log } from './handle';

type AgentNs = Namespace<AgentClientEvents, AgentServerEvents, Record<string, never>, { staff: StaffIdentity; token: string }>;

export function registerSettings(io: Server, deps: { auth: StaffAuth; settings: LiveSettings; log: Log }) {
  const { auth, settings, log } = deps;
  const agents = io.of(NAMESPACES.agent) as unknown as AgentNs;
  agents.on('connection', (socket) => {
    const b = binder(socket, log, async () => {
      socket.data.staff = await auth.authenticate(socket.data.token);
    });
    const user = () => socket.data.staff.user;
    b.on('settings:get', Empty, () => {
      if (user().role !== 'admin') throw new DeskError('forbidden', 'Only an admin can read the brands’ settings.');
      return settings.snapshot();
    });
    b.on('settings:update', SettingsUpdate, (p) => settings.update(user(), p));
    b.on('settings:warnings', Empty, () => ({ warnings: settings.warnings() }));
  });
}

export function settingsBroadcast(io: Server): SettingsEvents {
  const agents = io.of(NAMESPACES.agent) as unknown as AgentNs;
  return { changed: (p) => agents.to(room.agents).emit('settings:changed', p) };
}
