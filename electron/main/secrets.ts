// Small secrets (the staff session token) encrypted with the OS key store through safeStorage,
// kept in one JSON file under userData. Nothing is ever written in the clear: when the OS cannot
// protect it, storing is refused and the agent simply signs in again next time.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SafeStorage } from 'electron';
import type { z } from 'zod';
import type { SecretKey } from '../../shared/protocol/ipc';
import { loadConfig } from '../../server/config';
import { DEFAULT_AUDIT_KEY_FILE, DEFAULT_DB_KEY_FILE, defaultKeyDir, newKeyText, writeKeyFile } from '../../server/keys';
import { DB_FILE, isPlainDatabase, rekeyDatabase } from '../../server/store/db';
import type { Log } from './log';
import { serialQueue, writePrivateJson } from './privateFile';

export type SecretName = z.infer<typeof SecretKey>;

export interface SecretStore {
  get(key: SecretName): Promise<string | null>;
  set(key: SecretName, value: string): Promise<void>;
  delete(key: SecretName): Promise<void>;
}

type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> &
  Partial<Pick<SafeStorage, 'getSelectedStorageBackend'>>;

interface SecretsFile {
  version: 1;
  secrets: Partial<Record<SecretName, string>>;
}

export function secretStore(file: string, safeStorage: SafeStorageLike, log: Log, platform = process.platform): SecretStore {
  /** Why secrets cannot be protected here, or null when they can. */
  function unavailable(): string | null {
    if (!safeStorage.isEncryptionAvailable()) return 'the operating system key store is not available';
    // On Linux without a keyring Electron falls back to a key hard-coded in Chromium, which
    // protects nothing; treat that as unavailable.
    if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') {
      return 'no OS keyring (e.g. GNOME Keyring or KWallet) was found';
    }
    return null;
  }

  async function load(): Promise<SecretsFile> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, secrets: {} };
      throw e;
    }
    try {
      const parsed = JSON.parse(text) as Partial<SecretsFile>;
      if (parsed && typeof parsed.secrets === 'object' && parsed.secrets !== null) return { version: 1, secrets: parsed.secrets };
    } catch {
      // fall through: a damaged file only costs a fresh sign-in
    }
    log('warn', 'secrets file unreadable; starting empty', { file });
    return { version: 1, secrets: {} };
  }

  // Read-modify-write of one file: serialise so two quick calls cannot lose each other's change.
  const serial = serialQueue();
  const save = (data: SecretsFile) => writePrivateJson(file, data);

  return {
    get: (key) =>
      serial(async () => {
        const stored = (await load()).secrets[key];
        if (stored === undefined || unavailable()) return null;
        try {
          return safeStorage.decryptString(Buffer.from(stored, 'base64'));
        } catch (e) {
          // The OS key changed (new keyring, restored profile): the secret is gone for good.
          log('warn', 'stored secret could not be decrypted', { key, error: String(e) });
          return null;
        }
      }),
    set: (key, value) =>
      serial(async () => {
        const reason = unavailable();
        if (reason) throw new Error(`Not stored: ${reason}, so it cannot be kept safely on this computer.`);
        const data = await load();
        data.secrets[key] = safeStorage.encryptString(value).toString('base64');
        await save(data);
      }),
    delete: (key) =>
      serial(async () => {
        const data = await load();
        if (!(key in data.secrets)) return;
        delete data.secrets[key];
        await save(data);
      }),
  };
}

// ---- the desk's keys (issue 12): database key and audit key, main process only ----
// Like Signal Desktop's database key: generated once, kept encrypted by the OS key store
// (safeStorage) in a file under userData, never handed to a renderer (these names are not in the
// IPC contract). Where the OS cannot protect them, or where a key folder beside the data folder
// already holds them (a desk started by `caredesk hub`, or before this version), the hub's own
// sources are used instead (server/keys.ts): the key folder, 0700/0600, outside the data folder.

export type DeskKeyName = 'database-key' | 'audit-key';

export interface DeskKeys {
  /** The keys to hand to startHub; an absent one falls back to the hub's own sources. */
  forHub(dataDir: string): Promise<{ database?: string; audit?: string }>;
}

export function deskKeyStore(file: string, safeStorage: SafeStorageLike, log: Log, platform = process.platform): DeskKeys {
  const available = () => safeStorage.isEncryptionAvailable() && !(platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text');

  async function load(): Promise<Partial<Record<DeskKeyName, string>>> {
    try {
      const parsed = JSON.parse(await readFile(file, 'utf8')) as { keys?: Partial<Record<DeskKeyName, string>> };
      return parsed.keys ?? {};
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
      // A damaged file must not silently become a new key: the database could no longer be opened.
      throw new Error(`${file} is damaged; restore it from a backup (it holds the keys of the desk's database and audit log).`);
    }
  }

  const save = (keys: Partial<Record<DeskKeyName, string>>) => writePrivateJson(file, { version: 1, keys });

  return {
    async forHub(dataDir) {
      const stored = await load();
      const keyDir = defaultKeyDir(dataDir);
      const fileFor: Record<DeskKeyName, string> = { 'database-key': DEFAULT_DB_KEY_FILE, 'audit-key': DEFAULT_AUDIT_KEY_FILE };
      const dbFile = join(dataDir, DB_FILE);
      const isNewDesk = !existsSync(dbFile);
      // A desk from before encryption at rest: encrypt it in place now (the user has no terminal
      // to run `caredesk store encrypt`), with a new key kept like a new desk's.
      const encryptNow = isPlainDatabase(dbFile) === true && loadConfig(dataDir).settings.databaseEncryption && !existsSync(join(keyDir, DEFAULT_DB_KEY_FILE));
      const out: { database?: string; audit?: string } = {};
      let changed = false;
      for (const name of ['database-key', 'audit-key'] as const) {
        const slot = name === 'database-key' ? 'database' : 'audit';
        const sealed = stored[name];
        if (sealed !== undefined) {
          if (!available()) throw new Error('The operating system key store is not available, and it holds the keys of this desk. Sign in to your desktop session (keyring) and start Care Desk again.');
          out[slot] = safeStorage.decryptString(Buffer.from(sealed, 'base64'));
          continue;
        }
        // Keys already in the key folder (an older desk, or `caredesk hub` on this folder) stay there.
        const creating = isNewDesk || (name === 'database-key' && encryptNow);
        if (existsSync(join(keyDir, fileFor[name])) || !creating) continue;
        if (!available()) {
          log('warn', `no OS key store: the ${name} is kept in ${keyDir} (readable by this account only)`);
          continue;
        }
        const text = newKeyText();
        stored[name] = safeStorage.encryptString(text).toString('base64');
        out[slot] = text;
        changed = true;
      }
      if (changed) await save(stored);
      if (encryptNow) {
        let key = out.database;
        if (key === undefined) {
          // No OS key store: the key goes in the key folder, as for `caredesk store encrypt`.
          key = newKeyText();
          writeKeyFile(join(keyDir, DEFAULT_DB_KEY_FILE), key);
        }
        rekeyDatabase(dataDir, null, Buffer.from(key, 'hex'));
        log('info', 'the database was encrypted at rest (it was plain SQLite)', { dataDir });
      }
      return out;
    },
  };
}
