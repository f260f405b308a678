#!/usr/bin/env node
// `npm start`, `npm test` and `npm run bench` on a machine with only Node 20 and npm: brings
// pnpm (pinned, via npx, nothing global), installs the workspace from the lockfile, and for the
// tests and the bench makes sure Debian's Chromium is there. Then hands over to the pnpm scripts.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const PNPM = ['npx', '--yes', 'pnpm@12.4.2'];
const SCRIPTS = { demo: 'demo', test: 'test:all', bench: 'bench:run' };
const job = process.argv[2];
if (!Object.hasOwn(SCRIPTS, job)) {
  console.error('usage: node scripts/bootstrap.mjs demo|test|bench');
  process.exit(2);
}

// better-sqlite3 compiles here (no prebuilt binary is reachable); node-gyp must use the
// headers installed with Node instead of downloading them.
const env = { ...process.env };
if (!env.npm_config_nodedir && existsSync('/usr/include/node/node.h')) env.npm_config_nodedir = '/usr';

function run(command, args, options = {}) {
  console.log(`> ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env, ...options });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run(PNPM[0], [...PNPM.slice(1), 'install', '--frozen-lockfile']);

if (job !== 'demo' && !env.CHROMIUM_PATH && !existsSync('/usr/bin/chromium')) {
  const root = process.getuid?.() === 0;
  if (root && existsSync('/usr/bin/apt-get')) {
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', 'chromium']);
  } else {
    console.error('The browser tests and the bench need Chromium: `sudo apt-get install chromium` (Debian), or set CHROMIUM_PATH.');
    process.exit(1);
  }
}

run(PNPM[0], [...PNPM.slice(1), 'run', SCRIPTS[job]]);
