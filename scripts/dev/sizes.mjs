// What each module costs a part of the script-tag build (the core by default): brotli of the
// whole minus brotli of the whole without that module (each module minified on its own, so the
// whole here is a little larger than the real file). Ranks the candidates for the next cut.
// `node scripts/dev/sizes.mjs [entry]`, e.g. src/chunks/engine.ts
import { build } from 'vite';
import { transform } from 'esbuild';
import { brotliCompressSync, constants } from 'node:zlib';
import { minifyCss, partsFromChunks } from '../../packages/embed/build-config.mjs';

process.chdir(new URL('../../packages/embed/', import.meta.url).pathname);
const [out] = await build({
  configFile: false,
  logLevel: 'silent',
  plugins: [partsFromChunks, minifyCss],
  define: { __ARTGRAD_CHUNKS__: '{}' },
  build: { write: false, minify: false, lib: { entry: process.argv[2] ?? 'src/index.ts', formats: ['es'], fileName: () => 'x.js' } },
});
const code = out.output[0].code;
const br = (text) => brotliCompressSync(Buffer.from(text), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const parts = [];
for (const part of code.split(/^\/\/ (?=\S+\.js$)/m).slice(1)) {
  const name = part.split('\n')[0];
  const { code: min } = await transform(part.slice(name.length), { minify: true, charset: 'utf8', mangleProps: /^_[a-zA-Z]/ }).catch(() => ({ code: part }));
  parts.push({ name: name.replace(/.*node_modules\/.pnpm\//, ''), min });
}
const whole = br(parts.map((p) => p.min).join('\n'));
console.log(`${whole} B brotli, modules minified one by one; what each one adds:`);
const rows = parts.map((p) => [whole - br(parts.filter((q) => q !== p).map((q) => q.min).join('\n')), p.name]);
for (const [size, name] of rows.sort((a, b) => b[0] - a[0])) console.log(String(size).padStart(6), name);
