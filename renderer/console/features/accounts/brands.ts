// How an account's brands read in the Accounts view. The desk's brands come with the console's
// configuration (GET /api/console/config); an id the desk no longer configures is shown as is.
export interface DeskBrand {
  id: string;
  name: string;
}

/** "Luxe Care (luxe)": two brands may share a desk name, their ids tell them apart. */
export const brandLabel = (b: DeskBrand) => `${b.name} (${b.id})`;

export function brandsText(brands: string[] | null, desk: DeskBrand[]): string {
  if (!brands) return 'All brands';
  return brands.map((id) => desk.find((b) => b.id === id)?.name ?? id).join(', ');
}
