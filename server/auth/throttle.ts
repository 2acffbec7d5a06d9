// Slows down password guessing (issue 12). Failures are counted per account *and* address: after
// too many within the window, that account is paused from that address, and each further pause
// is twice as long (up to a ceiling). Someone guessing a named agent's password therefore pauses
// only themselves: the agent at their own desk still gets in. Failures from one address across
// accounts are counted too, and pause that address alone. Behind a reverse proxy the address is
// the client's only when the proxy is listed in settings.trustedProxies.
//
// The counts live in a ThrottleBook: this hub's memory (one hub), or a table every hub of a
// cluster shares (server/store/pg/loginThrottle.ts), so a guesser gains nothing by spreading tries
// over the hubs behind a load balancer.
import { DeskError } from '../../shared/protocol/errors';
import type { Clock } from '../clock';
import type { Rate } from '../config';
import { retryText } from '../limits/limits';

export interface ThrottleSettings {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
  /** The longest a growing back-off reaches. */
  lockMaxMs?: number;
  /** Failures from one address, any account, per window. */
  perAddress?: Rate;
}

export interface ThrottleEntry {
  /** When each failure still inside the window happened (ms). */
  failures: number[];
  pausedUntil: number;
  /** Pauses so far: the next one lasts lockMs × 2^pauses. */
  pauses: number;
  lastAt: number;
}

/** Where failures are counted. */
export interface ThrottleBook {
  /** The latest end of a pause among these keys (0: none). */
  pausedUntil(keys: string[]): Promise<number>;
  /** Replaces one key's entry with what `change` makes of it; no other change of that key runs in between. */
  update(key: string, change: (e: ThrottleEntry | undefined) => ThrottleEntry): Promise<void>;
  remove(key: string): Promise<void>;
  /** Forgets entries quiet for `quietMs` and not paused at `now`. */
  prune(now: number, quietMs: number): Promise<void>;
}

/** Entries a hub keeps in memory at most; the oldest quiet ones go first. */
const MAX_ENTRIES = 50_000;

/** One hub's book, in memory: it starts empty when the hub restarts. */
export function memoryThrottleBook(): ThrottleBook {
  // In order of last activity (an update re-inserts), so prune stops at the first entry worth keeping.
  const entries = new Map<string, ThrottleEntry>();
  return {
    async pausedUntil(keys) {
      return Math.max(0, ...keys.map((k) => entries.get(k)?.pausedUntil ?? 0));
    },
    async update(key, change) {
      const e = change(entries.get(key));
      entries.delete(key);
      entries.set(key, e);
    },
    async remove(key) {
      entries.delete(key);
    },
    async prune(now, quietMs) {
      for (const [key, e] of entries) {
        const stale = now - e.lastAt >= quietMs && e.pausedUntil <= now;
        if (entries.size <= MAX_ENTRIES && !stale) break;
        entries.delete(key);
      }
    },
  };
}

export class LoginThrottle {
  constructor(
    private readonly clock: Clock,
    private readonly settings: ThrottleSettings,
    private readonly book: ThrottleBook = memoryThrottleBook(),
  ) {}

  private keys(account: string, address: string): { pair: string; address: string } {
    return { pair: `${account.toLowerCase()}|${address}`, address: `address|${address}` };
  }

  /** Throws rate_limited (with retryAfterMs) while this account is paused from this address, or the address is. */
  async check(account: string, address: string): Promise<void> {
    const now = this.clock.now().getTime();
    const k = this.keys(account, address);
    const until = await this.book.pausedUntil([k.pair, k.address]);
    if (until > now) {
      throw new DeskError('rate_limited', `Too many failed sign-ins. Try again ${retryText(until - now)}.`, undefined, until - now);
    }
  }

  async failed(account: string, address: string): Promise<void> {
    const now = this.clock.now().getTime();
    const k = this.keys(account, address);
    const s = this.settings;
    await this.book.update(k.pair, (e) => counted(e, now, s.maxFailures, s.windowMs, (pauses) => Math.min(s.lockMs * 2 ** pauses, s.lockMaxMs ?? s.lockMs)));
    const perAddress = s.perAddress;
    if (perAddress) await this.book.update(k.address, (e) => counted(e, now, perAddress.points, perAddress.windowMs, () => perAddress.windowMs));
    await this.book.prune(now, (s.lockMaxMs ?? s.lockMs) + s.windowMs);
  }

  async succeeded(account: string, address: string): Promise<void> {
    await this.book.remove(this.keys(account, address).pair);
  }
}

/** The entry after one more failure at `now`: paused once `max` fall inside the window. */
function counted(e: ThrottleEntry | undefined, now: number, max: number, windowMs: number, pauseFor: (pauses: number) => number): ThrottleEntry {
  const next = { failures: [...(e?.failures ?? []).filter((t) => now - t < windowMs), now], pausedUntil: e?.pausedUntil ?? 0, pauses: e?.pauses ?? 0, lastAt: now };
  if (next.failures.length >= max) {
    next.pausedUntil = now + pauseFor(next.pauses);
    next.pauses += 1;
    next.failures = [];
  }
  return next;
}
