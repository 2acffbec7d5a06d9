// The desktop app's database and audit keys (issue 12), with Electron's safeStorage faked (no
// Electron runtime on this machine: the fake stands in for the OS key store; the hub, the store
// and SQLCipher are real).
import { cpSync, existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deskKeyStore } from '../../electron/main/secrets';
import { defaultKeyDir } from '../../server/keys';
import { DB_FILE, isPlainDatabase } from '../../server/store/db';
import { customerToken, plainDataDir, startTestHub, tempDataDir } from '../helpers/hub';

/** An OS key store stand-in: reversible, and nothing it stores is the plain text. */
function fakeSafeStorage(available = true) {
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => 'gnome_libsecret' as const,
    encryptString: (s: string) => Buffer.from(`enc:${Buffer.from(s).toString('base64')}`),
    decryptString: (b: Buffer) => Buffer.from(b.toString().slice(4), 'base64').toString(),
  };
}

const quiet = () => {};

describe('desktop keys in the OS key store (safeStorage faked: no Electron runtime here)', () => {
  it('a new desk gets both keys from the key store; none is on disk in the clear; the hub opens with them', async () => {
    const userData = tempDataDir('userdata');
    const dataDir = join(userData, 'hub');
    const keys = deskKeyStore(join(userData, 'desk-keys.json'), fakeSafeStorage(), quiet, 'linux');
    const first = await keys.forHub(dataDir);
    expect(first.database).toMatch(/^[0-9a-f]{64}$/);
    expect(first.audit).toMatch(/^[0-9a-f]{64}$/);
    const file = readFileSync(join(userData, 'desk-keys.json'), 'utf8');
    expect(file).not.toContain(first.database);
    expect(file).not.toContain(first.audit);

    const hub = await startTestHub({ dataDir, keys: first });
    await hub.close();
    expect(isPlainDatabase(join(dataDir, DB_FILE))).toBe(false);
    // No key folder was needed.
    expect(existsSync(defaultKeyDir(dataDir)) ? readdirSync(defaultKeyDir(dataDir)) : []).toEqual([]);
    // Next start: the same keys.
    expect(await keys.forHub(dataDir)).toEqual(first);
  }, 60_000);

  it('a desk from before encryption is encrypted at the app’s start, and keeps its data', async () => {
    const userData = tempDataDir('userdata');
    const dataDir = join(userData, 'hub');
    // An old desk: a plain database with a customer in it, and no config (encryption is the default now).
    const seed = await startTestHub({ dataDir: plainDataDir('old-desk') });
    await customerToken(seed.url, 'Olga Oldtimer');
    const customers = seed.store.db.prepare('SELECT COUNT(*) AS n FROM customers').get();
    expect(customers).toEqual({ n: 1 });
    await seed.close();
    cpSync(seed.store.dataDir, dataDir, { recursive: true });
    rmSync(join(dataDir, 'config.json'));
    cpSync(defaultKeyDir(seed.store.dataDir), defaultKeyDir(dataDir), { recursive: true });
    expect(isPlainDatabase(join(dataDir, DB_FILE))).toBe(true);

    const keys = await deskKeyStore(join(userData, 'desk-keys.json'), fakeSafeStorage(), quiet, 'linux').forHub(dataDir);
    expect(keys.database).toMatch(/^[0-9a-f]{64}$/);
    expect(isPlainDatabase(join(dataDir, DB_FILE))).toBe(false);
    const hub = await startTestHub({ dataDir, keys });
    try {
      expect(hub.store.db.prepare('SELECT COUNT(*) AS n FROM customers').get()).toEqual(customers);
    } finally {
      await hub.close();
    }
  }, 60_000);

  it('without an OS key store the keys go to the key folder beside the data folder (0600), never into the data folder', async () => {
    const userData = tempDataDir('userdata');
    const dataDir = join(userData, 'hub');
    const keys = await deskKeyStore(join(userData, 'desk-keys.json'), fakeSafeStorage(false), quiet, 'linux').forHub(dataDir);
    expect(keys).toEqual({});
    const hub = await startTestHub({ dataDir, keys });
    await hub.close();
    expect(readdirSync(defaultKeyDir(dataDir)).sort()).toEqual(['audit.key', 'db.key']);
    expect(readdirSync(dataDir).some((f) => f.endsWith('.key'))).toBe(false);
  }, 60_000);
});
