import { defineArea } from '../area';

export const widgetMore = defineArea({}, { fr: {}, it: {}, de: {}, es: {}, ja: {}, zh: {}, ar: {} });
