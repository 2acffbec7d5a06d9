import { defineArea } from '../area';

export const consolePrivacy = defineArea({}, { fr: {}, it: {}, de: {}, es: {}, ja: {}, zh: {}, ar: {} });
