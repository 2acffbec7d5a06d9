// Slows down password guessing: after too many failures for one account (or from one address)
// within a window, sign-in is refused for a while, whatever the password.
import { DeskError } from '../../shared/protocol/errors';
import type { Clock } from '../clock';

export interface ThrottleSettings {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

interface Entry {
  failures: number[];
  lockedUntil: number;
}

export class LoginThrottle {
  private entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly settings: ThrottleSettings,
  ) {}

  /** Throws rate_limited while any of the keys is locked. */
  check(keys: string[]): void {
    const now = this.clock.now().getTime();
    for (const key of keys) {
      const e = this.entries.get(key);
      if (e && e.lockedUntil > now) {
        const minutes = Math.ceil((e.lockedUntil - now) / 60_000);
        throw new DeskError('rate_limited', `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`);
      }
    }
  }

  failed(keys: string[]): void {
    const now = this.clock.now().getTime();
    for (const key of keys) {
      const e = this.entries.get(key) ?? { failures: [], lockedUntil: 0 };
      e.failures = e.failures.filter((t) => now - t < this.settings.windowMs);
      e.failures.push(now);
      if (e.failures.length >= this.settings.maxFailures) {
        e.lockedUntil = now + this.settings.lockMs;
        e.failures = [];
      }
      this.entries.set(key, e);
    }
  }

  succeeded(keys: string[]): void {
    for (const key of keys) this.entries.delete(key);
  }
}
