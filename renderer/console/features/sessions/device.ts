// A person recognises "Chrome on Windows", not a user-agent string.
import { tr } from '../../../common/i18n';

const BROWSERS: [RegExp, string][] = [
  [/Edg\//, 'Edge'],
  [/OPR\//, 'Opera'],
  [/Firefox\//, 'Firefox'],
  [/Chrom(e|ium)\//, 'Chrome'],
  [/Safari\//, 'Safari'],
];

const SYSTEMS: [RegExp, string][] = [
  [/Windows/, 'Windows'],
  [/iPhone|iPad/, 'iOS'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/Android/, 'Android'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
];

const first = (ua: string, table: [RegExp, string][]) => table.find(([re]) => re.test(ua))?.[1];

export function describeDevice(userAgent: string | null): string {
  if (!userAgent) return tr('sessions.unknownDevice');
  // The desktop app is named in the screen's language; browsers and systems are names.
  const browser = /Electron\//.test(userAgent) ? tr('sessions.app') : first(userAgent, BROWSERS);
  const system = first(userAgent, SYSTEMS);
  if (browser && system) return tr('sessions.browserOn', { browser, system });
  return browser ?? system ?? tr('sessions.unknownDevice');
}
