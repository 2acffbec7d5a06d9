// Brand settings in the console (issue 9): the snapshot an admin edits, the demo warnings every
// admin and supervisor sees as a banner, and the hub's settings:changed pushes. Nothing here
// changes a setting until the hub has stored it.
import { create } from 'zustand';
import type { SettingsSnapshot, SettingsUpdate, SettingsWarning } from '../../../../shared/protocol/settings';
import { errorMessage } from '../../../common/ack';
import { tr } from '../../../common/i18n';
import type { SettingsApi } from '../../bridge/settingsApi';
import { getLink } from '../../desk/linkRef';
import { useConnection } from '../connection/connectionStore';

interface SettingsState {
  /** Null until the console config or the hub says; then the live list. */
  warnings: SettingsWarning[] | null;
  snapshot: SettingsSnapshot | null;
  loading: boolean;
  error: string | null;
  saving: boolean;
  announcement: { text: string; n: number };

  attach(api: SettingsApi): void;
  load(): Promise<void>;
  /** Resolves to the hub's refusal, or null once stored. */
  save(change: SettingsUpdate): Promise<string | null>;
  reset(): void;
}

const api = (): SettingsApi => getLink().settings;

export const useSettings = create<SettingsState>()((set, get) => {
  let subscriptions: (() => void)[] = [];
  let announced = 0;

  /** Brand names show elsewhere (accounts, transfer): keep the console config in step. */
  function brandsChanged(brands: { id: string; name: string }[]): void {
    const c = useConnection.getState();
    if (c.settings) c.setSettings({ ...c.settings, brands, deskName: brands[0]?.name ?? c.settings.deskName });
  }

  return {
    warnings: null,
    snapshot: null,
    loading: false,
    error: null,
    saving: false,
    announcement: { text: '', n: 0 },

    attach(settingsApi) {
      for (const off of subscriptions) off();
      subscriptions = [
        settingsApi.onChanged(({ brands, warnings }) => {
          set({ warnings });
          brandsChanged(brands);
          if (get().snapshot && !get().saving) void get().load();
        }),
        settingsApi.onConnected(() => {
          // Changes pushed while the link was down are lost: ask again.
          if (useConnection.getState().settings?.settingsWarnings !== undefined) {
            settingsApi
              .warnings()
              .then((warnings) => set({ warnings }))
              .catch(() => {});
          }
          if (get().snapshot) void get().load();
        }),
      ];
    },

    async load() {
      set({ loading: true, error: null });
      try {
        set({ snapshot: await api().get(), loading: false });
      } catch (e) {
        set({ loading: false, error: errorMessage(e) });
      }
    },

    async save(change) {
      set({ saving: true });
      try {
        const snapshot = await api().update(change);
        set({ snapshot, warnings: snapshot.warnings, saving: false, announcement: { text: tr('settings.announce.saved'), n: ++announced } });
        brandsChanged(snapshot.brands.map((b) => ({ id: b.brandId, name: b.values.deskName })));
        return null;
      } catch (e) {
        set({ saving: false });
        return errorMessage(e);
      }
    },

    reset() {
      for (const off of subscriptions) off();
      subscriptions = [];
      set({ warnings: null, snapshot: null, loading: false, error: null, saving: false, announcement: { text: '', n: 0 } });
    },
  };
});
