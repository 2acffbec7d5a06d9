// Identity tokens as a store's server signs them (issue 12), and the secret test hubs trust.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';

/** A secret in a file of its own, as an operator would keep it (settings.brands[b].identitySecretFiles). */
export function secretFile(secret: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'caredesk-secret-'));
  const file = join(dir, 'identity.secret');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return file;
}

export const STORE_SECRET = 'store-secret-for-tests-0123456789abcdef';

/** An identity token as the store's server signs it (HS256). */
export async function identityToken(
  claims: { sub?: string; email?: string; name?: string; jti?: string },
  opts: { secret?: string; iat?: number; exp?: number; alg?: string } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ email: claims.email, name: claims.name, ...(claims.jti ? { jti: claims.jti } : {}) })
    .setProtectedHeader({ alg: opts.alg ?? 'HS256' })
    .setIssuedAt(opts.iat ?? now)
    .setExpirationTime(opts.exp ?? now + 300);
  if (claims.sub) jwt.setSubject(claims.sub);
  return jwt.sign(new TextEncoder().encode(opts.secret ?? STORE_SECRET));
}
