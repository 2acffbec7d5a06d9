// The store's signed identity for a shopper who is signed in to the shop (issue 12; DESIGN "Who
// is who"): a JWT, HS256, signed with a secret the brand's store and the hub share. Claims:
// `sub` (the store's customer id), `email`, `name`, `iat`, `exp`; exp - iat at most
// settings.identityToken.maxLifetimeMs (10 minutes). Each token is taken once: its `jti`, or
// its hash when it has none, is kept until it expires, so a copied token is refused (replay).
// Secrets come from brandIdentitySecrets() (server/config.ts): two at once during a rotation.
import { createHash } from 'node:crypto';
import { errors, jwtVerify } from 'jose';
import { maskCardNumbers } from '../../shared/domain/cardMask';
import { DeskError } from '../../shared/protocol/errors';
import { Email } from '../../shared/protocol/schemas';
import type { Clock } from '../clock';
import { brandIdentitySecrets, type HubSettings } from '../config';
import type { StoreApi } from '../store/api';

export interface ShopIdentity {
  /** The store's customer id. */
  sub: string;
  email: string;
  name: string | null;
}

const refused = (why: string) => new DeskError('unauthenticated', `The shop's sign-in could not be accepted: ${why}. Reload the page to try again.`);

export function identityTokens(deps: { store: StoreApi; clock: Clock; settings: () => HubSettings }) {
  const { store, clock, settings } = deps;

  return {
    /** Checks the token against the brand's secrets and takes it (once); throws unauthenticated otherwise. */
    async accept(token: string, brandId: string): Promise<ShopIdentity> {
      const s = settings();
      const secrets = brandIdentitySecrets(s, brandId);
      if (!secrets.length) throw refused('this brand does not take identity tokens');
      const now = clock.now();
      let payload: Record<string, unknown> | null = null;
      for (const secret of secrets) {
        try {
          ({ payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
            algorithms: ['HS256'],
            currentDate: now,
            clockTolerance: Math.round(s.identityToken.clockToleranceMs / 1000),
            requiredClaims: ['sub', 'email', 'iat', 'exp'],
          }));
          break;
        } catch (e) {
          // Another secret may have signed it (a rotation); any other failure is final.
          if (e instanceof errors.JWSSignatureVerificationFailed) continue;
          if (e instanceof errors.JWTExpired) throw refused('it has expired');
          if (e instanceof errors.JOSEError) throw refused('it is not a valid identity token');
          throw e;
        }
      }
      if (!payload) throw refused('it was not signed with this brand’s secret');
      const iat = payload.iat as number;
      const exp = payload.exp as number;
      if ((exp - iat) * 1000 > s.identityToken.maxLifetimeMs) throw refused('it is valid for too long');
      if ((iat * 1000) - now.getTime() > s.identityToken.clockToleranceMs) throw refused('it was issued in the future');
      const email = Email.safeParse(payload.email);
      if (!email.success || typeof payload.sub !== 'string' || !payload.sub || payload.sub.length > 200) throw refused('its sub or email is not valid');
      const name = typeof payload.name === 'string' && payload.name.trim() ? maskCardNumbers(payload.name.trim().slice(0, 120)) : null;
      const key = typeof payload.jti === 'string' && payload.jti ? `jti:${brandId}:${payload.jti}` : `sha256:${createHash('sha256').update(token).digest('hex')}`;
      const fresh = await store.write(async (tx) => {
        await tx.identity.prune(now.toISOString());
        return await tx.identity.useToken(key, brandId, new Date((exp * 1000) + s.identityToken.clockToleranceMs).toISOString());
      });
      if (!fresh) throw refused('it was already used');
      return { sub: payload.sub, email: email.data, name };
    },
  };
}
export type IdentityTokens = ReturnType<typeof identityTokens>;
