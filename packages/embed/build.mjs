// Builds the script-tag files. Each file a page names is a self-contained classic script (an
// IIFE; Vite builds one IIFE entry at a time); the main one fetches its other parts, ES modules
// with content-hashed names, from its own URL (`src/chunk-loader.ts`):
//   artgrad-consent.js                 the first-paint core: banner, configuration, decision hint, API
//     artgrad-engine-<hash>.js         its SDK engine: IndexedDB, signing, outbox, sync
//     artgrad-document-<hash>.js       its full policy text (hash-checked before use)
//     artgrad-later-<hash>.js          its confirmation step, preferences and full-text screens
//     artgrad-languages-<hash>.js      the interface in Russian and English (Kazakh is in the core)
//     artgrad-otp-<hash>.js            one-time-code confirmation, fetched only for data-confirm="otp"
//     artgrad-embeds-<hash>.js         <artgrad-embed> click-to-load embeds, fetched only by pages that have one
//   artgrad-consent-otp.js             the same file as artgrad-consent.js, under the name pages
//                                      used when one-time codes were a variant of their own
//   artgrad-consent-gate.js            opt-in: <script type="text/plain" data-consent> gating
//   artgrad-consent-mode.js            opt-in: Google Consent Mode v2 updates
//   artgrad-consent-mode-defaults.js   opt-in: Consent Mode defaults, synchronous, in <head>
// The part list is written to dist/chunks.json for the size test and the bench.
import { transform } from 'esbuild';
import { build } from 'vite';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { partsFromChunks, plugins } from './build-config.mjs';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const CORES = {
  'artgrad-consent': 'src/index.ts',
  'artgrad-consent-gate': 'src/gate.ts',
  'artgrad-consent-mode': 'src/consent-mode.ts',
  'artgrad-consent-mode-defaults': 'src/consent-mode-defaults.ts',
};
const CHUNKS = {
  engine: 'src/chunks/engine.ts',
  document: 'src/chunks/document.ts',
  later: 'src/chunks/later.ts',
  languages: 'src/chunks/languages.ts',
  otp: 'src/chunks/otp.ts',
  embeds: 'src/chunks/embeds.ts',
};

/** The later chunk's templates are rendered by the core's lit: it carries only `html` and `nothing`. */
const litShim = {
  name: 'artgrad:lit-shim',
  enforce: 'pre',
  resolveId: (id) => (id === 'lit' ? here('src/chunks/lit-shim.ts') : null),
};
rmSync(here('dist'), { recursive: true, force: true });
mkdirSync(here('dist'));
const names = {};
for (const [name, entry] of Object.entries(CHUNKS)) {
  const [out] = await build({
    configFile: false,
    logLevel: 'warn',
    plugins: [litShim, ...plugins],
    build: { target: 'es2022', write: false, reportCompressedSize: false, lib: { entry, formats: ['es'], fileName: () => `${name}.js` } },
  });
  // Vite's ES library output keeps rolldown's formatting whatever the plugins did: minified
  // once more here, or every part would ship its indentation (≈ 8 % of its brotli bytes).
  const { code } = await transform(out.output[0].code, { minify: true, format: 'esm', charset: 'utf8', target: 'es2022' });
  const file = `artgrad-${name}-${createHash('sha256').update(code).digest('hex').slice(0, 10)}.js`;
  writeFileSync(here(`dist/${file}`), code);
  names[name] = file;
}
writeFileSync(here('dist/chunks.json'), `${JSON.stringify(names, null, 2)}\n`);

for (const [name, entry] of Object.entries(CORES)) {
  await build({
    configFile: false,
    logLevel: 'warn',
    plugins: [partsFromChunks, ...plugins],
    define: { __ARTGRAD_CHUNKS__: JSON.stringify(names) },
    build: {
      target: 'es2022',
      outDir: 'dist',
      emptyOutDir: false,
      reportCompressedSize: false,
      lib: { entry, formats: ['iife'], name: name.replace(/-(\w)/g, (_, c) => c.toUpperCase()), fileName: () => `${name}.js` },
    },
  });
}
copyFileSync(here('dist/artgrad-consent.js'), here('dist/artgrad-consent-otp.js'));
