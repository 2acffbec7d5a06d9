// Slow salted hashes (scrypt at OWASP's parameters; Node 20 has no argon2id): a stolen database
// does not give away passwords cheaply. The parameters are stored with each hash, so raising them
// (settings.passwordScrypt) takes effect for each account at its next sign-in.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
}

/** OWASP Password Storage Cheat Sheet: scrypt N=2^17, r=8, p=1 (128 MiB per hash). */
export const OWASP_SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };

const KEYLEN = 32;
/** A hash naming a larger cost than this is refused unread: a tampered row must not exhaust memory. */
const MAX_N = 2 ** 20;

function derive(password: string, salt: Buffer, { N, r, p }: ScryptParams): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; Node's default cap (32 MiB) is below OWASP's parameters.
  const maxmem = 256 * N * r * p + 1024 * 1024;
  return new Promise((resolve, reject) => scrypt(password, salt, KEYLEN, { N, r, p, maxmem }, (err, key) => (err ? reject(err) : resolve(key))));
}

export async function hashPassword(password: string, params: ScryptParams = OWASP_SCRYPT): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** The parameters a stored hash was made with, or null when it is not one of ours. */
export function hashParams(stored: string): ScryptParams | null {
  const [scheme, n, r, p] = stored.split('$');
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (scheme !== 'scrypt' || ![params.N, params.r, params.p].every((v) => Number.isInteger(v) && v > 0) || params.N > MAX_N) return null;
  return params;
}

/** True when the hash was made with weaker parameters than `current`: rehash it at the next sign-in. */
export function isStale(stored: string, current: ScryptParams): boolean {
  const p = hashParams(stored);
  return !p || p.N < current.N || p.r < current.r || p.p < current.p;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const params = hashParams(stored);
  const [, , , , salt, key] = stored.split('$');
  if (!params || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), params);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash to compare against when the email is unknown, at the current cost, so timing does not reveal which emails exist. */
export const dummyHash = (params: ScryptParams): string => `scrypt$${params.N}$${params.r}$${params.p}$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=`;
