// The desk's two keys, kept outside the database: the database key (SQLCipher) and the audit key
// (HMAC of the audit chain). Where they come from, first match wins:
//   1. the desktop app's OS key store (safeStorage), handed to startHub;
//   2. an environment variable (CAREDESK_DB_KEY, CAREDESK_AUDIT_KEY);
//   3. a file named in the settings (settings.databaseKeyFile, settings.auditKeyFile) or on the
//      command line (--db-key-file, --audit-key-file);
//   4. the default key folder beside the data folder, `<data folder>-keys/` (0700, files 0600),
//      created for a new desk — so a copy or backup of the data folder alone holds no key.
// A key is 32 random bytes written as 64 hex digits. An audit key file may hold several keys, one
// per line, newest first (rotation: docs/SECURITY.md); so may CAREDESK_AUDIT_KEY, comma-separated.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readSecret, type HubSettings } from './config';
import { auditKey, type AuditKey } from './store/audit';
import { DB_FILE, isPlainDatabase } from './store/db';

export const DB_KEY_ENV = 'CAREDESK_DB_KEY';
export const AUDIT_KEY_ENV = 'CAREDESK_AUDIT_KEY';

/** The default key folder: a sibling of the data folder, never inside it. */
export const defaultKeyDir = (dataDir: string): string => `${resolve(dataDir)}-keys`;
export const DEFAULT_DB_KEY_FILE = 'db.key';
export const DEFAULT_AUDIT_KEY_FILE = 'audit.key';

/** A fresh key as its file holds it. */
export const newKeyText = (): string => randomBytes(32).toString('hex');

/** Keys from text: 64 hex digits each (or base64 of at least 32 bytes), one per line or comma. */
export function parseKeys(text: string, label: string): Buffer[] {
  const parts = text
    .split(/[\r\n,]+/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  if (!parts.length) throw new Error(`${label} holds no key.`);
  return parts.map((p) => {
    if (/^[0-9a-fA-F]{64}$/.test(p)) return Buffer.from(p, 'hex');
    const b = Buffer.from(p, 'base64');
    if (b.length >= 32 && /^[A-Za-z0-9+/=_-]+$/.test(p)) return b;
    throw new Error(`${label}: a key must be 64 hex digits (e.g. \`openssl rand -hex 32\`), got ${p.length} characters.`);
  });
}

/** Writes a new key file (0600) in a 0700 folder; refuses to overwrite one. */
export function writeKeyFile(file: string, text: string): void {
  const dir = resolve(file, '..');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  writeFileSync(file, `${text}\n`, { mode: 0o600, flag: 'wx' });
}

export interface GivenKeys {
  /** From the desktop app's OS key store. */
  database?: string;
  audit?: string;
}

export interface KeyFiles {
  databaseKeyFile?: string | null;
  auditKeyFile?: string | null;
}

/** Where each key comes from for this data folder (nothing is created here). */
export interface KeySources {
  /** The database key, or null when encryption is off. */
  database: { key: Buffer | null; defaultFile: string | null };
  /** The audit keys (current first), or null when none is configured and the default file is absent. */
  audit: { keys: Buffer[] | null; defaultFile: string };
}

export function keySources(
  dataDir: string,
  settings: Pick<HubSettings, 'databaseEncryption' | 'databaseKeyFile' | 'auditKeyFile'>,
  given: GivenKeys = {},
  env: NodeJS.ProcessEnv = process.env,
): KeySources {
  const dir = defaultKeyDir(dataDir);
  const fromFileOrEnv = (envName: string, file: string | null | undefined, label: string, fallback: string): { text: string | null; usedDefault: boolean } => {
    const named = readSecret({ env: envName, file, label, baseDir: dataDir, named: 'named in the settings or on the command line' }, env);
    if (named !== null) return { text: named, usedDefault: false };
    if (existsSync(fallback)) return { text: readSecret({ file: fallback, label }, {}), usedDefault: true };
    return { text: null, usedDefault: true };
  };

  let database: KeySources['database'] = { key: null, defaultFile: null };
  if (settings.databaseEncryption) {
    const fallback = join(dir, DEFAULT_DB_KEY_FILE);
    const text = given.database ?? fromFileOrEnv(DB_KEY_ENV, settings.databaseKeyFile, 'the database key', fallback).text;
    const key = text === null ? null : parseKeys(text, 'the database key')[0]!;
    database = { key, defaultFile: fallback };
  }
  const auditFallback = join(dir, DEFAULT_AUDIT_KEY_FILE);
  const auditText = given.audit ?? fromFileOrEnv(AUDIT_KEY_ENV, settings.auditKeyFile, 'the audit key', auditFallback).text;
  return { database, audit: { keys: auditText === null ? null : parseKeys(auditText, 'the audit key'), defaultFile: auditFallback } };
}

export const toAuditKeys = (keys: Buffer[]): AuditKey[] => keys.map(auditKey);

/** The keys a store opens with; `auditKeys` null: none configured yet (the store creates the default). */
export interface StoreKeys {
  /** null: a plain file (encryption off). */
  databaseKey: Buffer | null;
  auditKeys: Buffer[] | null;
  /** Where a missing default key is created. */
  defaultAuditKeyFile: string;
}

/**
 * The keys for a data folder, creating the default database key file for a new desk. Throws when
 * encryption is on but the existing database is plain (`caredesk store encrypt`).
 */
export function storeKeys(dataDir: string, settings: Pick<HubSettings, 'databaseEncryption' | 'databaseKeyFile' | 'auditKeyFile'>, given: GivenKeys = {}): StoreKeys {
  const src = keySources(dataDir, settings, given);
  let databaseKey = src.database.key;
  if (settings.databaseEncryption && !databaseKey) {
    const file = join(dataDir, DB_FILE);
    const plain = isPlainDatabase(file);
    if (plain === true) {
      throw new Error(
        `The database ${file} is not encrypted, but settings.databaseEncryption is on. Back it up, then run \`caredesk store encrypt --data ${dataDir}\`; ` +
          'or, if the data folder sits on an encrypted volume, set settings.databaseEncryption to false (docs/SECURITY.md).',
      );
    }
    if (plain === null) {
      // A new desk: its key goes in the key folder beside the data folder.
      const text = newKeyText();
      writeKeyFile(src.database.defaultFile!, text);
      databaseKey = Buffer.from(text, 'hex');
    }
    // An encrypted file without a key: openDb explains what is missing.
  }
  return { databaseKey, auditKeys: src.audit.keys, defaultAuditKeyFile: src.audit.defaultFile };
}
