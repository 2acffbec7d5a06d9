// Brands (issue 3): every conversation and ticket belongs to one. 'default' always exists; others
// are the keys of settings.brands. A brand's policy is the desk's with its own fields on top
// (POLICY.md: every number is a default an admin can change per brand).
import { mergePolicy, type DeskPolicy, type HoursPolicy, type PrivacyPolicy } from '../shared/domain/config';
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

/** What a brand's numbers are read from: the policy, and the brands' settings over it. */
type BrandConfig = { policy: DeskPolicy; settings: Pick<HubSettings, 'brands'> };

/**
 * The policy a brand's customers are held to: the desk's, with the brand's own `returns`,
 * `claims`, `tickets` and `privacy` numbers laid over it field by field, and its `hours` laid over
 * policy.hours as wholes (a brand that sets `weekly` sets its whole week). Retention and the chat
 * numbers are the desk's: one clock for everything the desk keeps, one load per agent.
 */
export function brandPolicy(config: BrandConfig, brandId: string | null): DeskPolicy {
  const b = config.settings.brands[brandId ?? DEFAULT_BRAND];
  if (!b) return config.policy;
  const merged = mergePolicy(config.policy, { returns: b.returns, claims: b.claims, tickets: b.tickets });
  return { ...merged, hours: brandHours(config, brandId), privacy: brandPrivacy(config.policy, config.settings, brandId) };
}

/** A brand's hours: policy.hours with the brand's own fields on top, each as a whole. */
export function brandHours(config: BrandConfig, brandId: string | null): HoursPolicy {
  return { ...config.policy.hours, ...config.settings.brands[brandId ?? DEFAULT_BRAND]?.hours };
}

/** A brand's privacy-request terms: policy.privacy with the brand's own fields on top. */
export function brandPrivacy(policy: DeskPolicy, settings: Pick<HubSettings, 'brands'>, brandId: string | null): PrivacyPolicy {
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
