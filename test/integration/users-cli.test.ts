// `caredesk users disable|enable|set-role|passwd` on a real data folder (issue 3), with the same
// rules as the admin routes: the last active admin stays, a disabled account's sessions end.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, TEST_SCRYPT, postJson, startTestHub, tempDataDir } from '../helpers/hub';
import { call, connectAgent } from '../helpers/sockets';
import { caredeskInProcess } from '../helpers/transcripts';

// Most checks run the command in this process (each spawned CLI pays ~3 s of TypeScript loading);
// the last test goes through the real bin with a real stdin pipe.
const caredesk = (args: string[], input = '') => caredeskInProcess(args, input);

/** The real `caredesk` bin in a child process (async: a hub in this process keeps serving meanwhile). */
function caredeskBin(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'bin/caredesk.mjs'), ...args], { cwd: ROOT, timeout: 60_000 }, (e, stdout, stderr) =>
      resolve({ status: e ? ((e as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const PW = 'a very good password';

function desk() {
  const dir = tempDataDir('users-cli');
  // Hashes at the tests' cost (settings.passwordScrypt): these checks are about the commands' rules.
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ settings: { passwordScrypt: TEST_SCRYPT } }));
  const run = (args: string[], input = '') => caredesk([...args, '--data', dir], input);
  const add = async (email: string, role: string) => {
    const r = await run(['users', 'add', '--email', email, '--name', email.split('@')[0]!, '--role', role], `${PW}\n`);
    if (r.status !== 0) throw new Error(r.stderr);
  };
  const list = async () => JSON.parse((await run(['users', 'list', '--json'])).stdout) as { email: string; role: string; disabled: boolean }[];
  const of = async (email: string) => (await list()).find((u) => u.email === email)!;
  return { dir, add, list, of, run };
}

describe('caredesk users (CLI): disable, enable, set-role, passwd', () => {
  it('disables and enables an account; list shows the state', async () => {
    const d = desk();
    // An empty desk says so, rather than printing nothing.
    expect(await d.run(['users', 'list'])).toMatchObject({ status: 0, stdout: 'No staff accounts. Add the first with: caredesk users add --email E --name N --role admin\n' });
    expect(await d.run(['transcripts', 'list'])).toMatchObject({ status: 0, stdout: 'No transcripts.\n' });
    await d.add('boss@desk.test', 'admin');
    await d.add('ann@desk.test', 'agent');
    const off = await d.run(['users', 'disable', '--email', 'Ann@Desk.test']);
    expect(off.stderr).toBe('');
    expect(off.status).toBe(0);
    expect(off.stdout).toMatch(/Disabled agent ann <ann@desk.test>/);
    expect((await d.of('ann@desk.test')).disabled).toBe(true);
    expect((await d.run(['users', 'list'])).stdout).toMatch(/ann@desk.test\s+ann\s+\(disabled\)/);
    const on = await d.run(['users', 'enable', '--email', 'ann@desk.test', '--json']);
    expect(JSON.parse(on.stdout)).toMatchObject({ email: 'ann@desk.test', disabled: false });
  });

  it('changes a role, and refuses an unknown one', async () => {
    const d = desk();
    await d.add('boss@desk.test', 'admin');
    await d.add('ann@desk.test', 'agent');
    const r = await d.run(['users', 'set-role', '--email', 'ann@desk.test', '--role', 'supervisor']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/is now supervisor/);
    expect((await d.of('ann@desk.test')).role).toBe('supervisor');
    const bad = await d.run(['users', 'set-role', '--email', 'ann@desk.test', '--role', 'king']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/caredesk: .*(agent|supervisor|admin)/);
    const missing = await d.run(['users', 'set-role', '--email', 'ann@desk.test']);
    expect(missing.stderr).toMatch(/--role is required/);
    expect((await d.of('ann@desk.test')).role).toBe('supervisor');
  });

  it('never disables or demotes the last active admin', async () => {
    const d = desk();
    await d.add('boss@desk.test', 'admin');
    for (const args of [['users', 'disable', '--email', 'boss@desk.test'], ['users', 'set-role', '--email', 'boss@desk.test', '--role', 'agent']]) {
      const r = await d.run(args);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(/last active admin/);
    }
    expect(await d.of('boss@desk.test')).toMatchObject({ role: 'admin', disabled: false });
    await d.add('deputy@desk.test', 'admin');
    expect((await d.run(['users', 'set-role', '--email', 'boss@desk.test', '--role', 'agent'])).status).toBe(0);
  });

  it('refuses an unknown email, a missing --email and an unknown subcommand, with a non-zero exit', async () => {
    const d = desk();
    await d.add('boss@desk.test', 'admin');
    const unknown = await d.run(['users', 'disable', '--email', 'nobody@desk.test']);
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toMatch(/No account with email nobody@desk.test/);
    expect((await d.run(['users', 'enable'])).stderr).toMatch(/--email is required/);
    expect((await d.run(['users', 'disable', '--email', 'not an email'])).status).not.toBe(0);
    const sub = await d.run(['users', 'frobnicate']);
    expect(sub.status).not.toBe(0);
    expect(sub.stderr).toMatch(/unknown users command/);
  });

  it('passwd reads the new password from stdin, refuses a weak one, and the old one stops working', async () => {
    const d = desk();
    await d.add('boss@desk.test', 'admin');
    await d.add('ann@desk.test', 'agent');
    const weak = await d.run(['users', 'passwd', '--email', 'ann@desk.test'], 'short\n');
    expect(weak.status).not.toBe(0);
    expect(weak.stderr).toMatch(/at least 10 characters/);
    // Nothing piped in: said so, rather than "too short".
    expect(await d.run(['users', 'passwd', '--email', 'ann@desk.test'], '')).toMatchObject({ status: 1, stderr: expect.stringMatching(/^caredesk: no password on stdin/) });
    const r = await d.run(['users', 'passwd', '--email', 'ann@desk.test'], 'a fresher passphrase\n');
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/Changed the password of agent ann/);
    const hub = await startTestHub({ dataDir: d.dir });
    try {
      expect((await postJson(`${hub.url}/api/auth/login`, { email: 'ann@desk.test', password: PW })).status).toBe(401);
      expect((await postJson(`${hub.url}/api/auth/login`, { email: 'ann@desk.test', password: 'a fresher passphrase' })).status).toBe(200);
    } finally {
      await hub.close();
    }
  });

  it('disabling from the CLI while a hub runs on the folder ends the sessions: the socket is refused at its next event', async () => {
    const d = desk();
    await d.add('boss@desk.test', 'admin');
    await d.add('ann@desk.test', 'agent');
    const hub = await startTestHub({ dataDir: d.dir });
    try {
      const login = await postJson(`${hub.url}/api/auth/login`, { email: 'ann@desk.test', password: PW });
      const socket = await connectAgent(hub.url, login.json.data.token);
      const r = await caredeskBin(['users', 'disable', '--email', 'ann@desk.test', '--data', d.dir]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/Ended 1 session/);
      const revoked = new Promise<{ reason: string }>((res) => socket.once('session:revoked', res));
      expect(await call(socket, 'queue:list', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
      await revoked;
      expect((await postJson(`${hub.url}/api/auth/login`, { email: 'ann@desk.test', password: PW })).status).toBe(401);
    } finally {
      await hub.close();
    }
  }, 90_000);
});
