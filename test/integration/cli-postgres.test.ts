// `caredesk`'s data-folder commands on a desk whose hubs run on PostgreSQL (issue 11): they work on
// the hubs' database, never on a SQLite file of their own. An operator who disables an account or
// runs the purge from the command line changes what every hub sees.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newKeyText } from '../../server/keys';
import { DB_FILE } from '../../server/store/db';
import { postJson, startTestHub, tempDataDir, TEST_SCRYPT } from '../helpers/hub';
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import { caredeskInProcess } from '../helpers/transcripts';

const caredesk = (args: string[], input = '') => caredeskInProcess(args, input);

const PW = 'a very good password';

describe('caredesk commands on a desk on PostgreSQL', () => {
  let pg: TestPostgres;
  beforeAll(async () => {
    pg = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await pg?.stop();
  });

  it('users, audit, privacy, transcripts, tickets and retention work on the hubs’ database: what they change, a hub sees at once', async () => {
    const url = await pg.freshDatabase('cli');
    const auditKeyFile = join(mkdtempSync(join(tmpdir(), 'caredesk-cli-pg-key-')), 'audit.key');
    writeFileSync(auditKeyFile, newKeyText(), { mode: 0o600 });
    const hub = await startTestHub({ dataDir: tempDataDir('cli-pg-hub'), database: url, settings: { auditKeyFile } });
    const dir = tempDataDir('cli-pg');
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ settings: { passwordScrypt: TEST_SCRYPT, auditKeyFile } }));
    const run = (args: string[], input = '') => caredesk([...args, '--data', dir, '--database', url], input);
    try {
      for (const [email, role] of [['boss@desk.test', 'admin'], ['ann@desk.test', 'agent']]) {
        const added = await run(['users', 'add', '--email', email!, '--name', email!.split('@')[0]!, '--role', role!], `${PW}\n`);
        expect(added).toMatchObject({ status: 0, stderr: '' });
      }
      // Added on the command line, signed in on the hub.
      const signIn = await postJson(`${hub.url}/api/auth/login`, { email: 'ann@desk.test', password: PW });
      expect(signIn.status).toBe(200);
      const token = signIn.json.data.token as string;
      const me = () => fetch(`${hub.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
      expect((await me()).status).toBe(200);

      const disabled = await run(['users', 'disable', '--email', 'ann@desk.test']);
      expect(disabled.stdout).toMatch(/Disabled agent ann <ann@desk.test>\. Ended 1 session/);
      expect((await me()).status).toBe(401);
      expect(JSON.parse((await run(['users', 'list', '--json'])).stdout)).toEqual(
        expect.arrayContaining([expect.objectContaining({ email: 'ann@desk.test', disabled: true }), expect.objectContaining({ email: 'boss@desk.test', role: 'admin' })]),
      );

      const logged = await run(['privacy', 'request', '--kind', 'access', '--email', 'carla@shop.test', '--json']);
      expect(logged.status).toBe(0);
      const reference = JSON.parse(logged.stdout).reference as string;
      expect(JSON.parse((await run(['privacy', 'list', '--json'])).stdout).map((r: { reference: string }) => r.reference)).toContain(reference);

      expect(await run(['transcripts', 'list', '--json'])).toMatchObject({ status: 0, stdout: '[]\n' });
      expect(await run(['tickets', 'list'])).toMatchObject({ status: 0, stdout: 'No tickets.\n' });
      const kinds = JSON.parse((await run(['retention', 'list', '--json'])).stdout) as { kind: string }[];
      expect(kinds.map((k) => k.kind)).toContain('transcripts');
      expect(JSON.parse((await run(['retention', 'run', '--json'])).stdout)).toMatchObject({ conversations: [], failed: [] });

      // One chain for the hub's rows and the commands' rows, verified on PostgreSQL.
      const actions = (JSON.parse((await run(['audit', 'list', '--limit', '100', '--json'])).stdout) as { action: string }[]).map((r) => r.action);
      expect(actions).toEqual(expect.arrayContaining(['staff.create', 'staff.update', 'privacy.list', 'transcripts.list', 'tickets.list']));
      expect(await run(['audit', 'verify'])).toMatchObject({ status: 0, stdout: expect.stringMatching(/^audit log intact/) });
      // Nothing went to a SQLite file of the data folder.
      expect(existsSync(join(dir, DB_FILE))).toBe(false);
    } finally {
      await hub.close();
    }
  });

  it('without the hubs’ audit key a command refuses, saying where to give it, and changes nothing', async () => {
    const url = await pg.freshDatabase('cli-no-key');
    const dir = tempDataDir('cli-pg-no-key');
    const r = await caredesk(['users', 'add', '--email', 'x@desk.test', '--name', 'X', '--role', 'admin', '--data', dir, '--database', url], `${PW}\n`);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/needs its audit key.*--audit-key-file/);
    expect(existsSync(join(dir, DB_FILE))).toBe(false);
  });
});
