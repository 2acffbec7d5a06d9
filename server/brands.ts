// Brands (issue 3): every conversation and ticket belongs to one. 'default' always exists; others
// are the keys of settings.brands. A brand's hours (and privacy terms) are the policy's with its
// own fields on top.
import type { DeskPolicy, HoursPolicy, PrivacyPolicy } from '../shared/domain/config';
import { isOpen, nextOpening } from '../shared/domain/hours';
import { DeskError } from '../shared/protocol/errors';
import type { WidgetBrand } from '../shared/protocol/routing';
import type { HubConfig, HubSettings } from './config';

export const DEFAULT_BRAND = 'default';

export function knownBrand(config: Pick<HubConfig, 'settings'>, brandId: string): boolean {
  return brandId === DEFAULT_BRAND || Object.hasOwn(config.settings.brands, brandId);
}

/** Every brand the desk serves with the name its customers see, 'default' first. */
export function deskBrands(config: HubConfig): { id: string; name: string }[] {
  const ids = [...new Set([DEFAULT_BRAND, ...Object.keys(config.settings.brands)])];
  return ids.map((id) => ({ id, name: config.settings.brands[id]?.deskName ?? config.settings.deskName }));
}

/** Throws not_found for a brand the desk does not serve. */
export function requireBrand(config: HubConfig, brandId: string | undefined): string {
  const id = brandId ?? DEFAULT_BRAND;
  if (!knownBrand(config, id)) throw new DeskError('not_found', 'No such brand.');
  return id;
}

export function brandHours(config: HubConfig, brandId: string): HoursPolicy {
  return { ...config.policy.hours, ...config.settings.brands[brandId]?.hours };
}

/** A brand's privacy-request terms: policy.privacy with the brand's own fields on top. */
export function brandPrivacy(policy: DeskPolicy, settings: HubSettings, brandId: string | null): PrivacyPolicy {
  return { ...policy.privacy, ...settings.brands[brandId ?? DEFAULT_BRAND]?.privacy };
}

export function brandOpen(config: HubConfig, brandId: string, at: Date): boolean {
  return isOpen(at, brandHours(config, brandId));
}

export function widgetBrand(config: HubConfig, brandId: string, at: Date): WidgetBrand {
  const b = config.settings.brands[brandId];
  const hours = brandHours(config, brandId);
  const open = isOpen(at, hours);
  return {
    id: brandId,
    name: b?.deskName ?? config.settings.deskName,
    accentColor: b?.accentColor ?? config.settings.widgetAccentColor,
    greeting: b?.greeting ?? config.settings.widgetGreeting,
    open,
    nextOpening: open ? null : (nextOpening(at, hours)?.toISOString() ?? null),
    timeZone: hours.timeZone,
  };
}
