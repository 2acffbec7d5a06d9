import { defineArea } from '../area';

export const consoleAdmin = defineArea({}, { fr: {}, it: {}, de: {}, es: {}, ja: {}, zh: {}, ar: {} });
