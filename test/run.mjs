// `npm test`: typecheck, lint, then every vitest project (unit, integration against a real hub
// and SQLite file, e2e in real Chromium). Ends with one plain summary line for CI.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed = r.numPassedTests;
  failed = r.numFailedTests;
  skipped = r.numPendingTests + r.numTodoTests;
}
if (failedSteps) console.log(`\n${failedSteps} check step(s) failed (typecheck or lint): see above.`);
if (code !== 0 && failed === 0) failed = 1; // a suite that crashed before its tests ran still fails
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(code || failedSteps ? 1 : 0);
