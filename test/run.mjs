// `npm test`: typecheck, lint, then every vitest project (unit, integration against a real hub
// and SQLite file, e2e in real Chromium). Ends with one plain summary line for CI.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const step = (name, cmd, args) => {
  console.log(`\n== ${name}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  return r.status ?? 1;
};

const extra = process.argv.slice(2);
let failedSteps = 0;
if (!extra.length) {
  failedSteps += step('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json']) ? 1 : 0;
  failedSteps += step('lint', 'npx', ['eslint', '.']) ? 1 : 0;
}
const report = join(mkdtempSync(join(tmpdir(), 'caredesk-test-')), 'vitest.json');
const code = step('tests', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra]);

let passed = 0, failed = 0, skipped = 0;
/** Every test that did not run, by file and name: a skipped test is a screen or rule nobody checked. */
const notRun = [];
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed = r.numPassedTests;
  failed = r.numFailedTests;
  skipped = r.numPendingTests + r.numTodoTests;
  for (const file of r.testResults ?? []) {
    for (const t of file.assertionResults ?? []) {
      if (['pending', 'skipped', 'todo', 'disabled'].includes(t.status)) notRun.push(`${relative(process.cwd(), file.name)}: ${t.fullName} (${t.status})`);
    }
  }
}
if (failedSteps) console.log(`\n${failedSteps} check step(s) failed (typecheck or lint): see above.`);
if (code !== 0 && failed === 0) failed = 1; // a suite that crashed before its tests ran still fails
// Nothing in this project may skip itself (a missing browser must fail, not vanish from the run).
// A run narrowed by arguments (`npm test -- -t name`) skips on purpose: then it is only reported.
const skipsFail = !extra.length && (skipped > 0 || notRun.length > 0);
if (skipped || notRun.length) {
  console.log(`\n${Math.max(skipped, notRun.length)} test(s) did not run${skipsFail ? ', which fails the run' : ''}:`);
  for (const line of notRun) console.log(`  - ${line}`);
}
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(code || failedSteps || skipsFail ? 1 : 0);
