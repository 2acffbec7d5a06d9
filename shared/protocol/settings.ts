// Brand settings in the console (issue 9): what an admin may change per brand without a restart,
// over the config.json defaults. The same schema validates the console's request at the hub and
// the rows the hub reads back from its store.
import { z } from 'zod';
import type { WithAck } from './events';
import { Email, Id } from './schemas';

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a time as HH:MM (00:00–24:00)');
const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));

/** An IANA time zone the runtime knows (the hours are computed with Intl in that zone). */
export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'is not a time zone this hub knows (e.g. America/New_York, Europe/Paris, UTC)');

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const DayHours = z
  .object({ open: HHMM, close: HHMM })
  .strict()
  .refine((d) => minutes(d.open) < minutes(d.close), { message: 'closes before it opens' });

export const BrandHours = z
  .object({
    timeZone: TimeZone,
    /** A day left out is closed. */
    weekly: z.object(Object.fromEntries(WEEKDAYS.map((d) => [d, DayHours.optional()])) as Record<(typeof WEEKDAYS)[number], z.ZodOptional<typeof DayHours>>).strict(),
    holidays: z.array(z.iso.date()).max(366),
  })
  .strict();
export type BrandHours = z.infer<typeof BrandHours>;

const Line = (max: number, what: string) => z.string().trim().min(1, `${what} is empty`).max(max, `${what} is longer than ${max} characters`);

/** The customer-facing settings of one brand. */
export const BrandSettingsValues = z
  .object({
    deskName: Line(80, 'the desk name'),
    /** Copies and case emails are sent from it (POLICY §3). */
    careAddress: Email,
    /** Given to customers on every RMA (POLICY §1); several lines. */
    returnAddress: Line(500, 'the return address').refine((a) => a.split('\n').length <= 8, 'the return address has more than 8 lines'),
    greeting: Line(300, 'the greeting'),
    accentColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour as #RRGGBB'),
    hours: BrandHours,
  })
  .strict();
export type BrandSettingsValues = z.infer<typeof BrandSettingsValues>;
export type BrandSettingKey = keyof BrandSettingsValues;
export const BRAND_SETTING_KEYS = Object.keys(BrandSettingsValues.shape) as BrandSettingKey[];

/** What the console stored for a brand: any subset of the values. */
export const BrandSettingsOverride = BrandSettingsValues.partial();
export type BrandSettingsOverride = z.infer<typeof BrandSettingsOverride>;

/**
 * Changes one brand's settings. A value sets the field; null goes back to config.json's value.
 * Fields not named stay as they are.
 */
export const SettingsUpdate = z
  .object({
    brandId: Id,
    set: z
      .object(Object.fromEntries(BRAND_SETTING_KEYS.map((k) => [k, BrandSettingsValues.shape[k].nullable().optional()])) as {
        [K in BrandSettingKey]: z.ZodOptional<z.ZodNullable<(typeof BrandSettingsValues.shape)[K]>>;
      })
      .strict()
      .refine((s) => Object.keys(s).length > 0, { message: 'say what to change' }),
  })
  .strict();
export type SettingsUpdate = z.infer<typeof SettingsUpdate>;

/** Where a value comes from: set in the console, config.json, or the hub's built-in default. */
export type SettingSource = 'console' | 'config' | 'default';

export interface BrandSettingsView {
  brandId: string;
  values: BrandSettingsValues;
  sources: Record<BrandSettingKey, SettingSource>;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** A customer-facing setting still at its demo value (shown to admins and supervisors). */
export interface SettingsWarning {
  brandId: string;
  brandName: string;
  key: BrandSettingKey;
  message: string;
}

export interface SettingsSnapshot {
  brands: BrandSettingsView[];
  warnings: SettingsWarning[];
}

// ---- event maps (merged into events.ts) ----

export interface SettingsAgentClientEvents {
  /** Admins: every brand's settings, where each value comes from, and the demo warnings. */
  'settings:get': WithAck<Record<string, never>, SettingsSnapshot>;
  /** Admins: change one brand's settings; applied at once, audited. */
  'settings:update': WithAck<SettingsUpdate, SettingsSnapshot>;
  /** Any staff: the demo warnings (the console shows them to admins and supervisors). */
  'settings:warnings': WithAck<Record<string, never>, { warnings: SettingsWarning[] }>;
}
export interface SettingsAgentServerEvents {
  /** After any change: the brands' names and the warnings, to every signed-in console. */
  'settings:changed': (p: { brands: { id: string; name: string }[]; warnings: SettingsWarning[] }) => void;
}
