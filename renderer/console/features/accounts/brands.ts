// How an account's brands read in the Accounts view. The desk's brands come with the console's
// configuration (GET /api/console/config); an id the desk no longer configures is shown as is.
import { intlLocale, tr } from '../../../common/i18n';

export interface DeskBrand {
  id: string;
  name: string;
}

/** "Luxe Care (luxe)": two brands may share a desk name, their ids tell them apart. */
export const brandLabel = (b: DeskBrand) => `${b.name} (${b.id})`;

export function brandsText(brands: string[] | null, desk: DeskBrand[]): string {
  if (!brands) return tr('accounts.allBrands');
  // "Luxe Care, Maison" / "Luxe Care、Maison": the language's own list separator.
  return new Intl.ListFormat(intlLocale(), { type: 'unit', style: 'short' }).format(brands.map((id) => desk.find((b) => b.id === id)?.name ?? id));
}
