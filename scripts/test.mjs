#!/usr/bin/env node
// Every test, in order: build (the e2e tests and the size check use the built script tag),
// type-check, then one Vitest run over the unit, browser and e2e projects. Prints a closing
// `N passed, N failed` line of its own, which CI reads.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';

const report = '.vitest-reports/results.json';
mkdirSync('.vitest-reports', { recursive: true });
// Inside `pnpm run`, npm_execpath is pnpm itself, wherever npx put it (pnpm 12 is a native binary).
const execpath = process.env.npm_execpath ?? '';
const pnpm = !execpath.includes('pnpm') ? ['pnpm'] : /\.[cm]?js$/.test(execpath) ? [process.execPath, execpath] : [execpath];
const step = (command, args) => {
  console.log(`> ${[command, ...args].join(' ')}`);
  return spawnSync(command, args, { stdio: 'inherit' }).status ?? 1;
};

if (step(pnpm[0], [...pnpm.slice(1), 'build']) !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const vitest = step(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);

let passed = 0;
let failed = 0;
try {
  const results = JSON.parse(readFileSync(report, 'utf8'));
  passed = results.numPassedTests;
  // A run that failed outside any test (an unhandled error, a broken file) counts as one failure.
  failed = results.numFailedTests || (results.success ? 0 : 1);
} catch {
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(vitest !== 0 || failed > 0 ? 1 : 0);
