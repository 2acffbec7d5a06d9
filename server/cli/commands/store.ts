// Turning the database's encryption on or off, and changing its key (docs/SECURITY.md). Run
// with the hub stopped (SQLite refuses while another process has the file open) and a backup made.
// And copying the desk into an empty PostgreSQL database (docs/OPERATIONS.md, "PostgreSQL (first steps)").
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, readSecret } from '../../config';
import { DEFAULT_DB_KEY_FILE, defaultKeyDir, keySources, newKeyText, parseKeys, writeKeyFile } from '../../keys';
import { secureDataFolder } from '../../dataDir';
import { DB_FILE, isPlainDatabase, openDbFile, rekeyDatabase } from '../../store/db';
import { copySqliteToPg, type CopyReport } from '../../store/pg/copy';
import { parsePgUrl, PgStoreError } from '../../store/pg/db';
import { dataDirOf, required, type Command } from '../command';
import { withKeyFiles } from '../desk';
import { CliError, type CliIo } from '../io';

export const storeCommand: Command = {
  name: 'store',
  usage: [
    'store encrypt                         encrypt a plain database in place (key: as for the hub,',
    '                                      or a new one in DIR-keys/db.key)',
    'store decrypt                         make the database plain again (an encrypted volume only)',
    'store rekey --new-key-file FILE       re-encrypt the database under the key in FILE',
    'store copy --to URL [--json]          copy the database into an empty PostgreSQL database',
    '                                      (URL: postgres://USER:PASSWORD@HOST:PORT/DATABASE), all',
    '                                      or nothing, and check every table\'s row count',
  ],
  options: { 'new-key-file': { type: 'string' }, to: { type: 'string' } },
  async run([sub], o, io) {
    const dir = dataDirOf(o);
    const file = join(dir, DB_FILE);
    const plain = isPlainDatabase(file);
    if (plain === null) throw new CliError(`no database in ${dir}`);
    secureDataFolder(dir);
    const settings = withKeyFiles(loadConfig(dir), o).settings;
    const current = keySources(dir, { ...settings, databaseEncryption: true }).database.key;
    /** Where the key goes when nothing names one (keys.ts: the folder beside the data folder). */
    const defaultKeyFile = join(defaultKeyDir(dir), DEFAULT_DB_KEY_FILE);
    if (sub === 'encrypt') {
      if (!plain) throw new CliError(`${file} is already encrypted`);
      let key = current;
      let where = 'the configured key';
      if (!key) {
        if (existsSync(defaultKeyFile)) throw new CliError(`${defaultKeyFile} exists but could not be read`);
        const text = newKeyText();
        writeKeyFile(defaultKeyFile, text);
        key = Buffer.from(text, 'hex');
        where = defaultKeyFile;
      }
      rekeyDatabase(dir, null, key);
      io.out(`Encrypted ${file} with ${where}.${settings.databaseEncryption ? '' : ' Set settings.databaseEncryption to true in config.json so the hub opens it.'}`);
      return 0;
    }
    if (sub === 'decrypt') {
      if (plain) throw new CliError(`${file} is not encrypted`);
      if (!current) throw new CliError(`no database key found (CAREDESK_DB_KEY, --db-key-file, settings.databaseKeyFile or ${defaultKeyFile})`);
      rekeyDatabase(dir, current, null);
      io.out(`Decrypted ${file}. Set settings.databaseEncryption to false in config.json before starting the hub.`);
      return 0;
    }
    if (sub === 'copy') return copy(file, plain, current, o, io);
    if (sub === 'rekey') {
      if (plain) throw new CliError(`${file} is not encrypted: use store encrypt`);
      if (!current) throw new CliError(`no current database key found (CAREDESK_DB_KEY, --db-key-file, settings.databaseKeyFile or ${defaultKeyFile})`);
      const next = parseKeys(readSecret({ file: required(o, 'new-key-file'), label: 'the new database key', named: 'given with --new-key-file' }, {})!, 'the new database key')[0]!;
      rekeyDatabase(dir, current, next);
      io.out(`Re-encrypted ${file} under the new key. Point CAREDESK_DB_KEY or settings.databaseKeyFile at it (or copy it over ${defaultKeyFile}) before starting the hub or running another command.`);
      return 0;
    }
    throw new CliError(`unknown store command: ${sub ?? '(none)'}; use encrypt, decrypt, rekey or copy`);
  },
};

async function copy(file: string, plain: boolean, key: Buffer | null, o: Parameters<Command['run']>[1], io: CliIo): Promise<number> {
  const url = required(o, 'to');
  try {
    parsePgUrl(url);
  } catch (e) {
    throw new CliError((e as Error).message);
  }
  if (!plain && !key) throw new CliError('the database is encrypted and no database key was found (CAREDESK_DB_KEY, --db-key-file, settings.databaseKeyFile or DIR-keys/db.key)');
  let db: ReturnType<typeof openDbFile>;
  try {
    db = openDbFile(file, { key: plain ? null : key, readonly: true });
  } catch (e) {
    throw new CliError((e as Error).message);
  }
  let report: CopyReport;
  try {
    report = await copySqliteToPg(db, url, (t) => {
      if (!o.json) io.err(`copied ${t.table}: ${t.rows}`);
    });
  } catch (e) {
    if (e instanceof PgStoreError) throw new CliError(e.message);
    throw e;
  } finally {
    db.close();
  }
  if (o.json) {
    io.out(JSON.stringify(report));
    return 0;
  }
  const width = Math.max(...report.tables.map((t) => t.table.length));
  io.out(`Copied ${file} to ${report.target} (PostgreSQL schema ${report.schemaVersion}). Rows per table, the same in both:`);
  for (const t of report.tables) io.out(`  ${t.table.padEnd(width)}  ${t.rows}`);
  io.out(`${report.totalRows} rows in ${report.tables.length} tables. Start the hubs on it with caredesk hub --database <that URL> (docs/OPERATIONS.md, "Running a cluster").`);
  return 0;
}

