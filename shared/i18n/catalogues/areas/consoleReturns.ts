import { defineArea } from '../area';

export const consoleReturns = defineArea({}, { fr: {}, it: {}, de: {}, es: {}, ja: {}, zh: {}, ar: {} });
