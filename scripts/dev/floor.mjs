// The floor of the script-tag file: what it carries before any of our logic — lit, the verbatim
// Kazakh policy (parsed), the kk/ru/en strings and purposes, and idb — minified and compressed
// the same way as the real file. `node scripts/dev/floor.mjs`
import { build } from 'vite';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';
import { plugins } from '../../packages/embed/build-config.mjs';

const at = (path) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'artgrad-floor-'));
writeFileSync(
  join(dir, 'entry.js'),
  `import { html, LitElement, css } from 'lit';
import { kazakhPolicy, STRINGS, PURPOSES } from '@artgrad/policy';
import { openDB } from 'idb';
class Floor extends LitElement {
  static styles = css\`:host{display:block}\`;
  render() { return html\`<p>\${JSON.stringify([kazakhPolicy(), STRINGS, PURPOSES])}</p>\`; }
}
customElements.define('artgrad-floor', Floor);
window.openDB = openDB;`,
);
try {
  const [out] = await build({
    configFile: false,
    logLevel: 'silent',
    root: dir,
    plugins,
    resolve: {
      alias: {
        lit: at('packages/widget/node_modules/lit/index.js'),
        idb: at('packages/sdk/node_modules/idb/build/index.js'),
        '@artgrad/policy': at('packages/policy/dist/index.js'),
      },
    },
    build: { write: false, target: 'es2022', lib: { entry: join(dir, 'entry.js'), formats: ['iife'], name: 'floor', fileName: () => 'floor.js' } },
  });
  const code = out.output[0].code;
  const br = brotliCompressSync(Buffer.from(code), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  console.log(`floor (lit + Kazakh policy + kk/ru/en strings and purposes + idb): ${Buffer.byteLength(code)} B raw, ${br} B brotli`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
