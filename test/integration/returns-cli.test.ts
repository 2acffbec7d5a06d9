import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDataDir } from '../helpers/hub';

const CASES = join(ROOT, '..', 'shared', 'cases', 'returns');
const caredesk = (args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin/caredesk.mjs'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
const sortReasons = (o: any) => o && { ...o, reasons: [...o.reasons].sort(), settlement: o.settlement && { ...o.settlement, reasons: [...o.settlement.reasons].sort() } };

describe('caredesk returns quote reproduces every worked case', () => {
  const files = readdirSync(CASES).filter((f) => f.endsWith('.json'));
  it('finds the cases beside the project', () => expect(files.length).toBeGreaterThanOrEqual(10));

  it.each(files)('%s', (file) => {
    const { input, expected } = JSON.parse(readFileSync(join(CASES, file), 'utf8'));
    const dir = tempDataDir('quote');
    const inputFile = join(dir, 'input.json');
    writeFileSync(inputFile, JSON.stringify(input));
    const r = caredesk(['returns', 'quote', inputFile]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(sortReasons(JSON.parse(r.stdout))).toEqual(sortReasons(expected));
  });

  it('a broken file is reported clearly with a non-zero exit', () => {
    const dir = tempDataDir('quote');
    writeFileSync(join(dir, 'bad.json'), '{"order": ');
    const r = caredesk(['returns', 'quote', join(dir, 'bad.json')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/cannot read .*bad\.json/);
  });
});
