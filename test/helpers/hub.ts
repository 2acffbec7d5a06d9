import { ALWAYS_OPEN } from '../../shared/domain/hours';
// Real hubs for tests: a real socket.io server on a loopback port and a real SQLite file in a
// fresh temp folder, in this process or (for crash tests) in a child process.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadConfig } from '../../server/config';
import { keySources } from '../../server/keys';
import { isPlainDatabase, openDbFile, type Db } from '../../server/store/db';
import type { Role } from '../../shared/protocol/schemas';
import { staffAuth } from '../../server/auth/staff';
import { systemClock } from '../../server/clock';
import { startHub, type Hub, type HubOptions } from '../../server/hub';
import { LIMITED_ENDPOINTS, type BrandSettings, type LimitSettings } from '../../server/config';
import { identityToken as signIdentityToken, secretFile, STORE_SECRET } from './identityToken';

export const ROOT = join(import.meta.dirname, '..', '..');

export function tempDataDir(label = 'hub'): string {
  return mkdtempSync(join(tmpdir(), `caredesk-${label}-`));
}

/**
 * A data folder whose database stays plain SQLite (settings.databaseEncryption false in its
 * config.json, so the hub and every `caredesk` command agree), for the tests that scan the files
 * for leftovers: on an encrypted file such a scan would pass whatever was left in it.
 * test/integration/hardening-at-rest.test.ts shows the encrypted file once.
 */
export function plainDataDir(label = 'hub', config: { settings?: Record<string, unknown>; policy?: Record<string, unknown> } = {}): string {
  const dir = tempDataDir(label);
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...config, settings: { ...config.settings, databaseEncryption: false } }));
  return dir;
}

/** Opens a hub's database file directly, as a tool with the file and its key would (with the key when it is encrypted). */
export function openDbDirect(file: string, opts: { readonly?: boolean } = {}): Db {
  const dataDir = dirname(file);
  const plain = isPlainDatabase(file);
  const key = plain === false ? keySources(dataDir, loadConfig(dataDir).settings).database.key : null;
  return openDbFile(file, { key, readonly: opts.readonly });
}

export const quietLog: HubOptions['log'] = (level, msg, extra) => {
  if (level === 'error') console.error('[hub]', msg, extra ?? '');
};

/**
 * Open around the clock: tests that are not about hours must not fail when run at night or at the
 * weekend (chat:start is refused outside hours). Tests about hours pass policy.hours of their own.
 */

export { ALWAYS_OPEN };

/**
 * Staff password hashes in tests cost 2^14 instead of OWASP's 2^17 (about 1 s each on a shared
 * test machine, and every test signs people in); test/integration/hardening-credentials.test.ts
 * runs the hub's real default and shows the upgrade at sign-in.
 */
export const TEST_SCRYPT = { N: 2 ** 14, r: 8, p: 1 };

/**
 * Limits far above what any test does: a test that is not about limits must not be refused for
 * opening many sessions from 127.0.0.1. Tests about limits set their own (merged over these).
 */
export const TEST_LIMITS: LimitSettings = {
  ...Object.fromEntries(
    LIMITED_ENDPOINTS.map((e) => [e, { perAddress: { points: 1e9, windowMs: 60_000 }, perEmail: { points: 1e9, windowMs: 60_000 }, perBrand: { points: 1e9, windowMs: 60_000 } }]),
  ),
  loginPerAddress: { points: 1e9, windowMs: 60_000 },
} as LimitSettings;

/**
 * Test hubs also trust the test store's identity secret (STORE_SECRET, from a file as operators
 * keep it) for 'default' and every brand the test names without secret files of its own, so a
 * test can sign in a verified customer (verifiedCustomerToken).
 */
export async function startTestHub(opts: Partial<HubOptions> = {}): Promise<Hub> {
  const file = secretFile(STORE_SECRET);
  const dataDir = opts.dataDir ?? tempDataDir();
  // The brands a test's config.json names stay the desk's brands (the settings given here replace them).
  const configFile = join(dataDir, 'config.json');
  const fromFile = existsSync(configFile) ? ((JSON.parse(readFileSync(configFile, 'utf8')) as { settings?: { brands?: Record<string, BrandSettings> } }).settings?.brands ?? {}) : {};
  const brands = Object.fromEntries(
    Object.entries<BrandSettings>({ default: {}, ...fromFile, ...opts.settings?.brands }).map(([id, b]) => [id, { ...b, identitySecretFiles: b.identitySecretFiles ?? [file] }]),
  );
  return startHub({
    dataDir,
    port: 0,
    log: quietLog,
    ...opts,
    settings: { passwordScrypt: TEST_SCRYPT, ...opts.settings, brands, limits: { ...TEST_LIMITS, ...opts.settings?.limits } },
    policy: { ...opts.policy, hours: opts.policy?.hours ?? ALWAYS_OPEN },
  });
}

export const PASSWORD = 'correct horse battery';

let n = 0;
export async function addStaff(hub: Hub, role: Role = 'agent', name?: string): Promise<{ email: string; name: string; id: string }> {
  n += 1;
  const u = await staffAuth(hub.api, systemClock, { sessionIdleMs: 1, password: hub.config.settings.passwordScrypt }).createUser({
    email: `${role}${n}-${Date.now()}@desk.test`,
    name: name ?? `${role[0]!.toUpperCase()}${role.slice(1)} ${n}`,
    role,
    password: PASSWORD,
  });
  return { email: u.email, name: u.name, id: u.id };
}

export async function postJson(url: string, body: unknown, token?: string): Promise<{ status: number; json: any }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

export async function login(baseUrl: string, email: string, password = PASSWORD): Promise<string> {
  const r = await postJson(`${baseUrl}/api/auth/login`, { email, password });
  if (!r.json.ok) throw new Error(`login failed: ${JSON.stringify(r.json)}`);
  return r.json.data.token as string;
}

/** A widget session for a shopper the store vouches for (a fresh identity token signed with STORE_SECRET). */
export async function verifiedCustomerToken(
  baseUrl: string,
  name = 'Ada Customer',
  email = `ada${++n}@shop.test`,
  opts: { brandId?: string; /** The hub's time, when its clock is not the real one. */ now?: Date } = {},
): Promise<string> {
  const brandId = opts.brandId;
  const iat = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  const identityToken = await signIdentityToken({ sub: `shop-${email}`, email, name, jti: `jti-${++n}-${Date.now()}` }, { iat, exp: iat + 300 });
  const r = await postJson(`${baseUrl}/api/widget/session`, { identityToken, ...(brandId ? { brandId } : {}) });
  if (!r.json.ok) throw new Error(`verified widget session failed: ${JSON.stringify(r.json)}`);
  return r.json.data.token as string;
}

export async function customerToken(baseUrl: string, name = 'Ada Customer', email = `ada${++n}@shop.test`): Promise<string> {
  const r = await postJson(`${baseUrl}/api/widget/session`, { name, email });
  if (!r.json.ok) throw new Error(`widget session failed: ${JSON.stringify(r.json)}`);
  return r.json.data.token as string;
}

/** A hub in a child process (`caredesk hub`), so a test can SIGKILL it mid-stream. */
export interface HubProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** `args`: more `caredesk hub` options (e.g. `--database postgres://…`). */
export function spawnHub(dataDir: string, port = 0, args: string[] = []): Promise<HubProcess> {
  // As startTestHub: open around the clock unless the test wrote a config of its own.
  const config = join(dataDir, 'config.json');
  if (!existsSync(config)) writeFileSync(config, JSON.stringify({ policy: { hours: ALWAYS_OPEN }, settings: { limits: TEST_LIMITS } }));
  const child = spawn(process.execPath, [join(ROOT, 'bin/caredesk.mjs'), 'hub', '--data', dataDir, '--port', String(port), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start:\n${out}`)), 20_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /Console \(agents, supervisors\): (http:\/\/[^/]+)\/console\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[1]!,
          child,
          output: () => out,
          kill: (signal = 'SIGKILL') =>
            new Promise((res) => {
              if (child.exitCode !== null || child.signalCode) return res();
              child.once('exit', () => res());
              child.kill(signal);
            }),
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => reject(new Error(`hub exited (${code}) before starting:\n${out}`)));
  });
}
