// The one live source of the brands' customer-facing settings (issue 9): config.json's values with
// what admins set in the console on top. Every reader already goes through config.settings.brands
// (server/brands.ts, brandDesk, brandReturnAddress, widgetBrand, brandHours), so applying a change
// is rewriting that one map in place: the next widget load, RMA, copy or email uses it, no restart.
import { DEFAULT_POLICY, type HoursPolicy } from '../../shared/domain/config';
import { DeskError } from '../../shared/protocol/errors';
import type { StaffUser } from '../../shared/protocol/schemas';
import {
  BRAND_SETTING_KEYS,
  BrandSettingsOverride,
  type BrandSettingKey,
  type BrandSettingsValues,
  type BrandSettingsView,
  type SettingSource,
  type SettingsSnapshot,
  type SettingsUpdate,
  type SettingsWarning,
} from '../../shared/protocol/settings';
import { auditEvent, staffActor } from '../audit/record';
import { DEFAULT_BRAND } from '../brands';
import type { Clock } from '../clock';
import { DEFAULT_SETTINGS, type BrandSettings, type HubConfig } from '../config';
import type { Log } from '../realtime/handle';
import type { StoreApi } from '../store/api';

export interface SettingsEvents {
  changed(p: { brands: { id: string; name: string }[]; warnings: SettingsWarning[] }): void;
}

/** The customer-facing settings that ship with a placeholder rather than a real value. */
const DEMO: Partial<Record<BrandSettingKey, { value: string; where: string; why: string }>> = {
  returnAddress: {
    value: DEFAULT_SETTINGS.returnAddress,
    where: 'settings.returnAddress',
    why: 'no RMA can be issued for this brand until it is set, so that no customer is sent to it',
  },
  careAddress: {
    value: DEFAULT_SETTINGS.smtp.from,
    where: 'settings.smtp.from',
    why: 'copies and case emails would be sent from it',
  },
};

const LABEL: Record<BrandSettingKey, string> = {
  deskName: 'desk name',
  careAddress: 'care address',
  returnAddress: 'return address',
  greeting: 'widget greeting',
  accentColor: 'accent colour',
  hours: 'hours',
};

export async function liveSettings(deps: { store: StoreApi; clock: Clock; config: HubConfig; log: Log; events?: SettingsEvents; warnAtStart?: boolean }) {
  const { store, clock, config, log } = deps;
  let events = deps.events;
  // config.json (and the hub's start options) as loaded: what a cleared field goes back to.
  const base = structuredClone({ settings: config.settings, hours: config.policy.hours });
  const brandIds = [...new Set([DEFAULT_BRAND, ...Object.keys(base.settings.brands)])];
  let overrides = new Map<string, { values: BrandSettingsOverride; updatedAt: string; updatedBy: string | null }>();

  function fromConfig(id: string): BrandSettingsValues {
    const b: BrandSettings = base.settings.brands[id] ?? {};
    const s = base.settings;
    return {
      deskName: b.deskName ?? s.deskName,
      careAddress: b.careAddress ?? s.smtp.from,
      returnAddress: b.returnAddress ?? s.returnAddress,
      greeting: b.greeting ?? s.widgetGreeting,
      accentColor: b.accentColor ?? s.widgetAccentColor,
      hours: hoursValue({ ...base.hours, ...b.hours }),
    };
  }

  function configSource(id: string, key: BrandSettingKey): SettingSource {
    const b = base.settings.brands[id] ?? {};
    if (key === 'hours') return b.hours || JSON.stringify(base.hours) !== JSON.stringify(DEFAULT_POLICY.hours) ? 'config' : 'default';
    if (b[key] !== undefined) return 'config';
    const top = { deskName: 'deskName', careAddress: 'smtp.from', returnAddress: 'returnAddress', greeting: 'widgetGreeting', accentColor: 'widgetAccentColor' } as const;
    const path = top[key];
    const value = path === 'smtp.from' ? base.settings.smtp.from : base.settings[path];
    const builtIn = path === 'smtp.from' ? DEFAULT_SETTINGS.smtp.from : DEFAULT_SETTINGS[path];
    return value === builtIn ? 'default' : 'config';
  }

  function view(id: string): BrandSettingsView {
    const o = overrides.get(id);
    const values = { ...fromConfig(id), ...o?.values };
    const sources = Object.fromEntries(BRAND_SETTING_KEYS.map((k) => [k, o?.values[k] !== undefined ? 'console' : configSource(id, k)])) as Record<BrandSettingKey, SettingSource>;
    return { brandId: id, values, sources, updatedAt: o?.updatedAt ?? null, updatedBy: o?.updatedBy ?? null };
  }

  function warnings(): SettingsWarning[] {
    const out: SettingsWarning[] = [];
    for (const id of brandIds) {
      const v = view(id).values;
      for (const key of BRAND_SETTING_KEYS) {
        const demo = DEMO[key];
        if (!demo || v[key] !== demo.value) continue;
        const shown = demo.value.replace(/\n/g, ' ');
        out.push({
          brandId: id,
          brandName: v.deskName,
          key,
          message: `${v.deskName} (${id}): the ${LABEL[key]} is still the demo value "${shown}"; ${demo.why}. Set it in Settings, or ${demo.where} in config.json.`,
        });
      }
    }
    return out;
  }

  /** Rewrites config.settings.brands from config.json plus the console's values. */
  function apply(): void {
    const brands: Record<string, BrandSettings> = structuredClone(base.settings.brands);
    for (const [id, o] of overrides) {
      if (!brandIds.includes(id)) continue;
      brands[id] = { ...brands[id], ...o.values, ...(o.values.hours ? { hours: o.values.hours } : {}) };
    }
    config.settings.brands = brands;
  }

  async function load(): Promise<void> {
    const next: typeof overrides = new Map();
    for (const row of await store.settings.brands()) {
      const parsed = BrandSettingsOverride.safeParse(row.data);
      if (!parsed.success) {
        log('warn', `brand settings of ${row.brandId} in the store are not valid; config.json applies`, { issues: parsed.error.issues.map((i) => i.message) });
        continue;
      }
      if (!brandIds.includes(row.brandId)) {
        log('warn', `settings stored for brand ${row.brandId}, which config.json no longer lists; ignored`);
        continue;
      }
      next.set(row.brandId, { values: parsed.data, updatedAt: row.updatedAt, updatedBy: row.updatedBy });
    }
    overrides = next;
    apply();
  }

  const brandsList = () => brandIds.map((id) => ({ id, name: view(id).values.deskName }));
  const snapshot = (): SettingsSnapshot => ({ brands: brandIds.map(view), warnings: warnings() });

  await load();
  if (deps.warnAtStart !== false) for (const w of warnings()) log('warn', `DEMO SETTING: ${w.message}`);

  return {
    snapshot,
    warnings,
    brands: brandsList,
    setEvents(e: SettingsEvents) {
      events = e;
    },

    /** Why an RMA cannot be issued for this brand now, or null. */
    returnAddressProblem(brandId: string): string | null {
      const w = warnings().find((x) => x.brandId === brandId && x.key === 'returnAddress');
      return w
        ? `No RMA can be issued for ${w.brandName} yet: its return address is still the demo placeholder, and the customer would be sent to it. An admin must set the return address in Settings first (an admin has been warned in the console).`
        : null;
    },

    async update(user: StaffUser, p: SettingsUpdate): Promise<SettingsSnapshot> {
      if (user.role !== 'admin') throw new DeskError('forbidden', 'Only an admin can change the brands’ settings.');
      if (!brandIds.includes(p.brandId)) throw new DeskError('not_found', `No brand ${p.brandId}: this desk's brands are ${brandIds.join(', ')} (settings.brands in config.json).`);
      const before = overrides.get(p.brandId)?.values ?? {};
      const merged: Record<string, unknown> = { ...before };
      for (const [k, v] of Object.entries(p.set)) {
        if (v === null) delete merged[k];
        else merged[k] = v;
      }
      const values = BrandSettingsOverride.parse(merged);
      const at = clock.now().toISOString();
      const changed = Object.keys(p.set);
      await store.write(async (tx) => {
        await tx.settings.save(p.brandId, values, at, user.id);
        await tx.audit.append(
          auditEvent(clock, staffActor(user), 'settings.update', { kind: 'brand', id: p.brandId }, { changed, set: p.set, before: Object.fromEntries(changed.map((k) => [k, (before as Record<string, unknown>)[k] ?? null])) }),
        );
      });
      overrides.set(p.brandId, { values, updatedAt: at, updatedBy: user.id });
      if (Object.keys(values).length === 0) overrides.delete(p.brandId);
      apply();
      log('info', `settings of brand ${p.brandId} changed by ${user.email}: ${changed.join(', ')}`);
      const snap = snapshot();
      events?.changed({ brands: brandsList(), warnings: snap.warnings });
      return snap;
    },
  };
}
export type LiveSettings = Awaited<ReturnType<typeof liveSettings>>;

/** Hours as the settings form edits them: every field present. */
function hoursValue(h: HoursPolicy): BrandSettingsValues['hours'] {
  return { timeZone: h.timeZone, weekly: { ...h.weekly }, holidays: [...h.holidays] };
}
