// Electronegativity (Doyensec's static checker for Electron apps) over the shell's sources in
// electron/ and over the main and preload bundles as build/build-electron.mjs makes them. A finding
// above LOW fails the test unless build/electronegativity-accepted.json explains it; an entry there
// that matches nothing any more fails too, so the list never outlives the code it excuses.
import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(join(root, 'package.json'));
const cli = join(require.resolve('@doyensec/electronegativity/package.json'), '..', 'dist', 'index.js');
const electronVersion: string = require('electron/package.json').version;

interface Finding {
  check: string;
  severity: string;
  confidence: string;
  file: string;
  line: string;
  sample: string;
  description: string;
}

interface Accepted {
  check: string;
  files: string[];
  sample: string;
  why: string;
}

/** RFC 4180 CSV, as Electronegativity writes it (quoted fields may hold commas, quotes and newlines). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (ch !== '\r') field += ch;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

async function scan(input: string, out: string): Promise<Finding[]> {
  // AvailableSecurityFixes asks GitHub for Electron's releases: no network here, and the Electron
  // version is pinned in package.json anyway.
  await promisify(execFile)(process.execPath, ['--import', pathToFileURL(join(root, 'test/helpers/electronegativityWrites.mjs')).href, cli, '-i', input, '-o', out, '-r', '-e', electronVersion, '-x', 'AvailableSecurityFixesGlobalCheck'], { cwd: root, timeout: 180_000 });
  const [header, ...rows] = parseCsv(readFileSync(out, 'utf8'));
  expect(header?.[0]).toBe('issue');
  return rows
    .filter((r) => r.length >= 7)
    .map(([check, severity, confidence, file, line, sample, description]) => ({ check: check!, severity: severity!, confidence: confidence!, file: file!, line: line!, sample: sample!, description: description! }));
}

const accepted: Accepted[] = JSON.parse(readFileSync(join(root, 'build', 'electronegativity-accepted.json'), 'utf8')).accepted;
const isAccepted = (f: Finding) => accepted.some((a) => a.check === f.check && a.files.includes(f.file) && f.sample.includes(a.sample));
const aboveLow = (f: Finding) => f.severity !== 'LOW' && f.severity !== 'INFORMATIONAL';
const show = (f: Finding) => `${f.check} (${f.severity}, ${f.confidence}) ${f.file}:${f.line} ${f.description} — ${f.sample.slice(0, 120)}`;

describe('Electronegativity over electron/ and the built main and preload bundles', { timeout: 240_000 }, () => {
  let tmp: string;
  let findings: { sources: Finding[]; bundle: Finding[] };

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'caredesk-electronegativity-'));
    const built = join(tmp, 'built');
    execFileSync(process.execPath, [join(root, 'build', 'build-electron.mjs'), '--out', built], { cwd: root, stdio: 'pipe' });
    // Electronegativity reads .js, not .cjs: the same bundles under names it scans.
    const bundle = join(tmp, 'bundle');
    execFileSync('mkdir', ['-p', bundle]);
    copyFileSync(join(built, 'main.cjs'), join(bundle, 'main.js'));
    copyFileSync(join(built, 'preload.cjs'), join(bundle, 'preload.js'));
    const [sources, bundleFindings] = await Promise.all([scan(join(root, 'electron'), join(tmp, 'sources.csv')), scan(bundle, join(tmp, 'bundle.csv'))]);
    findings = { sources, bundle: bundleFindings };
  }, 240_000);
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('it really analysed the code: the navigation limits, permission handler and sandbox it looks for are found in both', () => {
    // A scan that parsed nothing reports these as missing; their absence shows the code was read.
    for (const list of [findings.sources, findings.bundle]) {
      const checks = list.map((f) => f.check);
      expect(checks).not.toContain('LIMIT_NAVIGATION_GLOBAL_CHECK');
      expect(checks).not.toContain('PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK');
    }
  });

  it('no finding above LOW that build/electronegativity-accepted.json does not explain', () => {
    const unexplained = [...findings.sources, ...findings.bundle].filter(aboveLow).filter((f) => !isAccepted(f));
    expect(unexplained.map(show)).toEqual([]);
  });

  it('every accepted finding still exists, in the sources and in the bundle, and says why', () => {
    for (const a of accepted) {
      expect(a.why.length, a.check).toBeGreaterThan(80);
      const hits = [...findings.sources, ...findings.bundle].filter((f) => f.check === a.check && a.files.includes(f.file) && f.sample.includes(a.sample));
      expect(new Set(hits.map((f) => f.file)), `${a.check} no longer found in ${a.files.join(', ')}`).toEqual(new Set(a.files));
    }
  });
});
