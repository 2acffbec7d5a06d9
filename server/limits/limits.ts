// Limits on everything a stranger can make the hub do (issue 12): widget sessions, chats, offline
// messages, copies, uploads, one-time codes and their tries, identity tokens. Each endpoint is
// limited per client address, per email address and per brand (settings.limits), and a refusal
// is `rate_limited` with the time until it would succeed (`retryAfterMs`; HTTP 429 + Retry-After).
//
// rate-limiter-flexible, memory store: fixed windows whose keys are dropped when their window
// ends, and the brand's limit is taken first, so a flood of new addresses stops creating keys
// once the brand is refused: memory is bounded by the brands' limits per window. Its database
// stores (PostgreSQL among them) take the same calls when several hubs share the limits.
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { DeskError } from '../../shared/protocol/errors';
import type { EndpointLimit, LimitedEndpoint, LimitSettings, Rate } from '../config';

export interface LimitKeys {
  address?: string | null;
  email?: string | null;
  brand?: string | null;
}

const WHAT: Record<LimitedEndpoint, string> = {
  widgetSession: 'Too many chat sessions were started',
  chatStart: 'Too many chats were started',
  offlineMessage: 'Too many messages were left',
  copy: 'Too many copies were requested',
  upload: 'Too many photos were uploaded',
  codeRequest: 'Too many codes were requested',
  codeTry: 'Too many codes were tried',
  identityToken: 'Too many sign-ins from the shop were tried',
};

const DIMENSIONS = [
  ['perBrand', 'brand'],
  ['perAddress', 'address'],
  ['perEmail', 'email'],
] as const satisfies readonly (readonly [keyof EndpointLimit, keyof LimitKeys])[];

/** "in 40 seconds", "in 3 minutes": when the same request would be accepted again. */
export function retryText(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  if (s < 90) return `in ${s} second${s === 1 ? '' : 's'}`;
  const m = Math.ceil(s / 60);
  return `in ${m} minute${m === 1 ? '' : 's'}`;
}

export function rateLimited(what: string, retryAfterMs: number): DeskError {
  const ms = Math.max(1, Math.ceil(retryAfterMs));
  return new DeskError('rate_limited', `${what}. Try again ${retryText(ms)}.`, undefined, ms);
}

/** A limiter over a store several hubs share (PostgreSQL: server/store/pg/rateLimits.ts). */
export type SharedLimiter = (o: { keyPrefix: string; points: number; duration: number }) => RateLimiterAbstract;

/** `shared`: count in a store every hub of a cluster sees; default: this hub's memory. */
export function createLimits(settings: () => LimitSettings, shared?: SharedLimiter) {
  // One limiter per endpoint, dimension and rate: a changed setting gets a fresh limiter.
  const limiters = new Map<string, RateLimiterAbstract>();
  const limiter = (name: string, rate: Rate): RateLimiterAbstract => {
    const key = `${name}:${rate.points}:${rate.windowMs}`;
    let l = limiters.get(key);
    if (!l) {
      const o = { keyPrefix: name, points: rate.points, duration: rate.windowMs / 1000 };
      l = shared ? shared(o) : new RateLimiterMemory(o);
      limiters.set(key, l);
    }
    return l;
  };

  return {
    /** Counts one request against each of the endpoint's limits; throws rate_limited when one is spent. */
    async consume(endpoint: LimitedEndpoint, keys: LimitKeys): Promise<void> {
      const limits = settings()[endpoint];
      for (const [dimension, keyName] of DIMENSIONS) {
        const rate = limits[dimension];
        const key = keys[keyName];
        if (!rate || !key) continue;
        try {
          await limiter(`${endpoint}.${dimension}`, rate).consume(key.toLowerCase());
        } catch (e) {
          if (e instanceof RateLimiterRes) throw rateLimited(WHAT[endpoint], e.msBeforeNext);
          throw e;
        }
      }
    },
  };
}
export type Limits = ReturnType<typeof createLimits>;
