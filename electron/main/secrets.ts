// Small secrets (the staff session token) encrypted with the OS key store through safeStorage,
// kept in one JSON file under userData. Nothing is ever written in the clear: when the OS cannot
// protect it, storing is refused and the agent simply signs in again next time.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SafeStorage } from 'electron';
import type { z } from 'zod';
import type { SecretKey } from '../../shared/protocol/ipc';
import type { Log } from './log';

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

  async function save(data: SecretsFile): Promise<void> {
    await mkdir(dirname(file), { recursive: true });
    // Write-then-rename so a crash mid-write never leaves a truncated file behind.
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(data), { mode: 0o600 });
    await rename(tmp, file);
  }

  // Read-modify-write of one file: serialise so two quick calls cannot lose each other's change.
  let queue: Promise<unknown> = Promise.resolve();
  function serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  }

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
