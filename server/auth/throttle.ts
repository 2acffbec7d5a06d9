// Slows down password guessing (issue 12). Failures are counted per account *and* address: after
// too many within the window, that account is paused from that address, and each further pause
// is twice as long (up to a ceiling). Someone guessing a named agent's password therefore pauses
// only themselves: the agent at their own desk still gets in. Failures from one address across
// accounts are counted too, and pause that address alone. Behind a reverse proxy the address is
// the client's only when the proxy is listed in settings.trustedProxies.
import { DeskError } from '../../shared/protocol/errors';
import type { Clock } from '../clock';
import type { Rate } from '../config';
import { retryText } from '../limits/limits';

export interface ThrottleSettings {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
  /** The longest pause a growing back-off reaches. */
  lockMaxMs?: number;
  /** Failures from one address, any account, per window. */
  perAddress?: Rate;
}

interface Entry {
  failures: number[];
  pausedUntil: number;
  /** Pauses so far: the next one lasts lockMs × 2^pauses. */
  pauses: number;
  lastAt: number;
}

/** Entries kept at most; the oldest quiet ones go first. */
const MAX_ENTRIES = 50_000;

export class LoginThrottle {
  private entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly settings: ThrottleSettings,
  ) {}

  private keys(account: string, address: string): { pair: string; address: string } {
    return { pair: `${account.toLowerCase()}|${address}`, address: `address|${address}` };
  }

  /** Throws rate_limited (with retryAfterMs) while this account is paused from this address, or the address is. */
  check(account: string, address: string): void {
    const now = this.clock.now().getTime();
    const k = this.keys(account, address);
    const until = Math.max(this.entries.get(k.pair)?.pausedUntil ?? 0, this.entries.get(k.address)?.pausedUntil ?? 0);
    if (until > now) {
      throw new DeskError('rate_limited', `Too many failed sign-ins. Try again ${retryText(until - now)}.`, undefined, until - now);
    }
  }

  failed(account: string, address: string): void {
    const now = this.clock.now().getTime();
    const k = this.keys(account, address);
    const s = this.settings;
    this.count(k.pair, now, s.maxFailures, s.windowMs, (pauses) => Math.min(s.lockMs * 2 ** pauses, s.lockMaxMs ?? s.lockMs));
    if (s.perAddress) this.count(k.address, now, s.perAddress.points, s.perAddress.windowMs, () => s.perAddress!.windowMs);
    this.prune(now);
  }

  succeeded(account: string, address: string): void {
    this.entries.delete(this.keys(account, address).pair);
  }

  private count(key: string, now: number, max: number, windowMs: number, pauseFor: (pauses: number) => number): void {
    const e = this.entries.get(key) ?? { failures: [], pausedUntil: 0, pauses: 0, lastAt: now };
    e.failures = e.failures.filter((t) => now - t < windowMs);
    e.failures.push(now);
    e.lastAt = now;
    if (e.failures.length >= max) {
      e.pausedUntil = now + pauseFor(e.pauses);
      e.pauses += 1;
      e.failures = [];
    }
    // Re-inserted: the map's order is then oldest activity first, for prune().
    this.entries.delete(key);
    this.entries.set(key, e);
  }

  private prune(now: number): void {
    const ceiling = (this.settings.lockMaxMs ?? this.settings.lockMs) + this.settings.windowMs;
    // Oldest activity first: stop at the first entry still worth keeping.
    for (const [key, e] of this.entries) {
      const stale = now - e.lastAt >= ceiling && e.pausedUntil <= now;
      if (this.entries.size <= MAX_ENTRIES && !stale) break;
      this.entries.delete(key);
    }
  }
}
