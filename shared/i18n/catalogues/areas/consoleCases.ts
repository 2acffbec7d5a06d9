import { defineArea } from '../area';

export const consoleCases = defineArea({}, { fr: {}, it: {}, de: {}, es: {}, ja: {}, zh: {}, ar: {} });
