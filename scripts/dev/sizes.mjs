// Per-module brotli sizes of the script-tag bundle (each module minified alone: the numbers add
// up to more than the whole file, but rank the modules right). `node scripts/dev/sizes.mjs`
import { build } from 'vite';
import { transform } from 'esbuild';
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';
process.chdir(new URL('../../packages/embed/', import.meta.url).pathname);
await build({ configFile: false, logLevel: 'silent', build: { outDir: '/tmp/unmin', minify: false, emptyOutDir: true, lib: { entry: 'src/index.ts', formats: ['es'], fileName: () => 'x.js' } } });
const code = readFileSync('/tmp/unmin/x.js', 'utf8');
const br = (b) => brotliCompressSync(Buffer.from(b), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const rows = [];
for (const part of code.split(/^\/\/ (?=\S+\.js$)/m).slice(1)) {
  const name = part.split('\n')[0];
  const min = (await transform(part.slice(name.length), { minify: true, charset: 'utf8', mangleProps: /^_[a-zA-Z]/ }).catch(() => ({ code: part }))).code;
  rows.push([br(min), name.replace(/.*node_modules\/.pnpm\//, '')]);
}
for (const [size, name] of rows.sort((a, b) => b[0] - a[0])) console.log(String(size).padStart(6), name);
