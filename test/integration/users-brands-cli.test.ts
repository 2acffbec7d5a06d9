// `caredesk users brands` (issue 3: agents can be limited to some brands, managed in the console
// and the CLI) on a real data folder with a second brand in config.json; what it sets is what the
// admin routes report and what a hub running on the folder routes by.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALWAYS_OPEN } from '../../shared/domain/hours';
import { ROOT, TEST_SCRYPT, login, startTestHub, tempDataDir } from '../helpers/hub';
import { connectAgent, ok } from '../helpers/sockets';
import { caredeskInProcess } from '../helpers/transcripts';

const caredesk = (args: string[], input = '') => caredeskInProcess(args, input);

function caredeskBin(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'bin/caredesk.mjs'), ...args], { cwd: ROOT, timeout: 60_000 }, (e, stdout, stderr) =>
      resolve({ status: e ? ((e as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const PW = 'a very good password';

async function desk() {
  const dir = tempDataDir('users-brands');
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({ policy: { hours: ALWAYS_OPEN }, settings: { passwordScrypt: TEST_SCRYPT, brands: { luxe: { deskName: 'Luxe Care' }, outlet: { deskName: 'Outlet Help' } } } }),
  );
  const run = (args: string[], input = '') => caredesk([...args, '--data', dir], input);
  for (const [email, role] of [
    ['boss@desk.test', 'admin'],
    ['ann@desk.test', 'agent'],
  ]) {
    const r = await run(['users', 'add', '--email', email!, '--name', email!.split('@')[0]!, '--role', role!], `${PW}\n`);
    if (r.status !== 0) throw new Error(r.stderr);
  }
  const brandsOf = async (email: string) => (JSON.parse((await run(['users', 'brands', '--email', email, '--json'])).stdout) as { brands: string[] | null }).brands;
  return { dir, run, brandsOf };
}

describe('caredesk users brands (CLI)', () => {
  it('shows every brand by default, limits to some with --set, and --all lifts the limit', async () => {
    const d = await desk();
    const shown = await d.run(['users', 'brands', '--email', 'ann@desk.test']);
    expect(shown.stderr).toBe('');
    expect(shown.status).toBe(0);
    expect(shown.stdout).toBe('ann <ann@desk.test> serves every brand.\n');

    const set = await d.run(['users', 'brands', '--email', 'ann@desk.test', '--set', 'outlet, luxe']);
    expect(set.status).toBe(0);
    expect(set.stdout).toBe('ann <ann@desk.test> now serves luxe, outlet.\n');
    expect(await d.brandsOf('ann@desk.test')).toEqual(['luxe', 'outlet']);
    const list = JSON.parse((await d.run(['users', 'list', '--json'])).stdout) as { email: string; brands: string[] | null }[];
    expect(list.map((u) => [u.email, u.brands])).toEqual([
      ['ann@desk.test', ['luxe', 'outlet']],
      ['boss@desk.test', null],
    ]);

    const all = await d.run(['users', 'brands', '--email', 'ann@desk.test', '--all']);
    expect(all.status).toBe(0);
    expect(all.stdout).toMatch(/now serves every brand/);
    expect(await d.brandsOf('ann@desk.test')).toBeNull();
  });

  it('refuses an unknown brand with the desk\'s brands named, exit 1, and changes nothing', async () => {
    const d = await desk();
    await d.run(['users', 'brands', '--email', 'ann@desk.test', '--set', 'luxe']);
    const bad = await d.run(['users', 'brands', '--email', 'ann@desk.test', '--set', 'default,acme']);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/caredesk: unknown brand acme; this desk's brands are default, luxe, outlet/);
    expect(await d.brandsOf('ann@desk.test')).toEqual(['luxe']);

    const both = await d.run(['users', 'brands', '--email', 'ann@desk.test', '--set', 'luxe', '--all']);
    expect(both.status).toBe(1);
    expect(both.stderr).toMatch(/either --set or --all/);
    const empty = await d.run(['users', 'brands', '--email', 'ann@desk.test', '--set', ' , ']);
    expect(empty.status).toBe(1);
    expect(empty.stderr).toMatch(/--set needs brand ids/);
    expect((await d.run(['users', 'brands', '--email', 'nobody@desk.test', '--all'])).stderr).toMatch(/No account with email nobody@desk.test/);
    expect((await d.run(['users', 'brands'])).stderr).toMatch(/--email is required/);
    expect(await d.brandsOf('ann@desk.test')).toEqual(['luxe']);
  });

  it('through the real bin while a hub runs: the hub reports and routes by the new brands', async () => {
    const d = await desk();
    const hub = await startTestHub({ dataDir: d.dir });
    try {
      const r = await caredeskBin(['users', 'brands', '--email', 'ann@desk.test', '--set', 'luxe', '--data', d.dir]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/ann <ann@desk.test> now serves luxe\./);
      const unknown = await caredeskBin(['users', 'brands', '--email', 'ann@desk.test', '--set', 'nope', '--data', d.dir]);
      expect(unknown.status).toBe(1);
      expect(unknown.stderr).toMatch(/unknown brand nope/);

      const admin = await login(hub.url, 'boss@desk.test', PW);
      const users = (await (await fetch(`${hub.url}/api/users`, { headers: { authorization: `Bearer ${admin}` } })).json()) as {
        data: { users: { email: string; brands: string[] | null }[] };
      };
      expect(users.data.users.find((u) => u.email === 'ann@desk.test')?.brands).toEqual(['luxe']);
      const config = (await (await fetch(`${hub.url}/api/console/config`, { headers: { authorization: `Bearer ${admin}` } })).json()) as {
        data: { brands: { id: string; name: string }[] };
      };
      expect(config.data.brands).toEqual([
        { id: 'default', name: 'Customer Care' },
        { id: 'luxe', name: 'Luxe Care' },
        { id: 'outlet', name: 'Outlet Help' },
      ]);

      const ann = await connectAgent(hub.url, await login(hub.url, 'ann@desk.test', PW));
      try {
        expect((await ok<{ brands: string[] | null }>(ann, 'agent:status', {})).brands).toEqual(['luxe']);
      } finally {
        ann.close();
      }
    } finally {
      await hub.close();
    }
  }, 90_000);
});
