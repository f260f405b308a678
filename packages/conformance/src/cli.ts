#!/usr/bin/env node
// `artgrad-conformance <endpoint> [--origin <origin>] [--rate-limit]`: prints one line per check,
// exits 1 if any failed, 2 on bad arguments.
import { runConformance } from './run-conformance.js';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : (args.splice(i, 2)[1] ?? '');
};
const origin = flag('--origin');
const rateLimit = args.includes('--rate-limit');
const [endpoint] = args.filter((a) => a !== '--rate-limit');
if (!endpoint || !/^https?:\/\//.test(endpoint) || args.includes('--help')) {
  console.error('usage: artgrad-conformance <endpoint, e.g. https://shop.kz/api> [--origin https://shop.kz] [--rate-limit]');
  process.exit(2);
}
const results = await runConformance({ endpoint, ...(origin ? { origin } : {}), rateLimit });
const mark = { pass: '✓', fail: '✗', skip: '-' } as const;
for (const r of results) console.log(`${mark[r.outcome]} ${r.name.padEnd(32)} ${r.detail}`);
const failed = results.filter((r) => r.outcome === 'fail').length;
console.log(`${results.length - failed} of ${results.length} checks held${failed ? `, ${failed} failed` : ''} (${results.filter((r) => r.outcome === 'skip').length} skipped)`);
process.exitCode = failed ? 1 : 0;
