// `npm test`: every suite, in order — backend (unit + integration on PGlite, and on the PostgreSQL server when
// TEST_DATABASE_URL is set), frontend, then end-to-end in Chromium against a freshly built console.
// Stops at the first failing suite and ends with one closing line counting every test.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const reports = mkdtempSync(path.join(tmpdir(), 'stratum-tests-'));
const totals = { passed: 0, failed: 0 };

function run(title, command, args, { report } = {}) {
  console.log(`\n=== ${title} ===`);
  const extra = report ? ['--reporter=default', '--reporter=json', `--outputFile.json=${report}`] : [];
  const result = spawnSync(command, [...args, ...extra], { stdio: 'inherit', env: process.env });
  if (report && existsSync(report)) {
    const summary = JSON.parse(readFileSync(report, 'utf8'));
    totals.passed += summary.numPassedTests;
    totals.failed += summary.numFailedTests;
  }
  if (result.status !== 0) {
    console.log(`\n${title} failed.`);
    finish(result.status ?? 1);
  }
}

function finish(code) {
  rmSync(reports, { recursive: true, force: true });
  console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed`);
  process.exit(code);
}

// The browser first: missing, it is better said at once than after the other suites' quarter of an hour.
run('chromium', 'bash', ['scripts/ensure-chromium.sh']);
run('backend', 'npm', ['run', 'test', '-w', 'backend', '--'], { report: path.join(reports, 'backend.json') });
run('frontend', 'npm', ['run', 'test', '-w', 'frontend', '--'], { report: path.join(reports, 'frontend.json') });
run('browser sdk', 'npm', ['run', 'test', '-w', 'packages/sdk', '--'], { report: path.join(reports, 'sdk.json') });
run('console build', 'npm', ['run', 'build', '-w', 'frontend']);
run('sdk build', 'npm', ['run', 'build', '-w', 'packages/sdk']);
run('end-to-end', 'npm', ['run', 'e2e', '-w', 'frontend', '--'], { report: path.join(reports, 'e2e.json') });
finish(0);
