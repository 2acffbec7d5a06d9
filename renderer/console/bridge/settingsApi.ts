// Brand settings over the agent socket (issue 9, docs/PROTOCOL.md "Brand settings"): admins read
// and change them; every console hears settings:changed (brand names, demo warnings).
import type { Ack } from '../../../shared/protocol/errors';
import type { SettingsSnapshot, SettingsUpdate, SettingsWarning } from '../../../shared/protocol/settings';
import { unwrap } from '../../common/ack';
import type { AgentSocket } from './types';
import { tr } from '../../common/i18n';

export interface SettingsApi {
  get(): Promise<SettingsSnapshot>;
  update(change: SettingsUpdate): Promise<SettingsSnapshot>;
  warnings(): Promise<SettingsWarning[]>;
  onChanged(handler: (p: { brands: { id: string; name: string }[]; warnings: SettingsWarning[] }) => void): () => void;
  onConnected(handler: () => void): () => void;
}

export function settingsApi(socket: AgentSocket): SettingsApi {
  const ask = async <T>(run: () => Promise<Ack<T>>): Promise<T> => {
    if (!socket.connected) throw new Error(tr('connection.offline'));
    return unwrap(await run());
  };
  return {
    get: () => ask(() => socket.emitWithAck('settings:get', {})),
    update: (change) => ask(() => socket.emitWithAck('settings:update', change)),
    warnings: async () => (await ask(() => socket.emitWithAck('settings:warnings', {}))).warnings,
    onChanged(handler) {
      socket.on('settings:changed', handler);
      return () => socket.off('settings:changed', handler);
    },
    onConnected(handler) {
      socket.on('connect', handler);
      return () => socket.off('connect', handler);
    },
  };
}
