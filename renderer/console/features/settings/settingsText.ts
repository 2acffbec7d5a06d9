// The words of Settings that are built in code: the name of each setting, the days of the week and
// the demo-setting warnings, in the console's language.
import type { BrandSettingKey, SettingsWarning } from '../../../../shared/protocol/settings';
import { WEEKDAYS } from '../../../../shared/protocol/settings';
import i18next from 'i18next';
import { intlLocale, tr, type MessageKey } from '../../../common/i18n';

export type Weekday = (typeof WEEKDAYS)[number];

/** What a setting is called inside a sentence ("the return address"). */
export const FIELD_NAME: Record<BrandSettingKey, MessageKey> = {
  deskName: 'settings.field.deskName',
  careAddress: 'settings.field.careAddress',
  returnAddress: 'settings.field.returnAddress',
  greeting: 'settings.field.greeting',
  accentColor: 'settings.field.accentColor',
  hours: 'settings.field.hours',
};

// 1 January 2024 was a Monday: the week's days from Intl, in the language's own words.
const MONDAY = Date.UTC(2024, 0, 1);

/** "Monday", "lundi", "月曜日". */
export function dayName(day: Weekday): string {
  const d = new Date(MONDAY + WEEKDAYS.indexOf(day) * 86_400_000);
  return new Intl.DateTimeFormat(intlLocale(), { weekday: 'long', timeZone: 'UTC' }).format(d);
}

const WARNING: Partial<Record<BrandSettingKey, MessageKey>> = {
  returnAddress: 'settings.warning.returnAddress',
  careAddress: 'settings.warning.careAddress',
};

/**
 * A demo-setting warning as the console's language says it. The hub's own sentence is English and
 * names the demo value; in another language the console says the same from the warning's key.
 */
export function warningText(w: SettingsWarning): string {
  const key = WARNING[w.key];
  if (!key || (i18next.language ?? 'en') === 'en') return w.message;
  return tr(key, { brand: w.brandName, id: w.brandId });
}
