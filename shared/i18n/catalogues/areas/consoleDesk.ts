import { defineArea } from '../area';

export const consoleDesk = defineArea({}, { fr: {}, it: {}, de: {}, es: {}, ja: {}, zh: {}, ar: {} });
