// t('key') in the renderer is checked against the catalogues: a misspelt or missing key is a type
// error, not a raw key on a customer's screen.
import 'i18next';
import type { Catalogue } from '../../shared/i18n/catalogues/index';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Catalogue };
    keySeparator: false;
    nsSeparator: false;
  }
}
