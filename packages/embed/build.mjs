// Builds the script-tag files, each a self-contained IIFE (Vite builds one IIFE entry at a time):
//   artgrad-consent.js                 the banner, SDK and API (the one most sites need)
//   artgrad-consent-gate.js            opt-in: <script type="text/plain" data-consent> gating
//   artgrad-consent-mode.js            opt-in: Google Consent Mode v2 updates
//   artgrad-consent-mode-defaults.js   opt-in: Consent Mode defaults, synchronous, in <head>
import { build } from 'vite';
import { transform } from 'esbuild';

const ENTRIES = {
  'artgrad-consent': 'src/index.ts',
  'artgrad-consent-gate': 'src/gate.ts',
  'artgrad-consent-mode': 'src/consent-mode.ts',
  'artgrad-consent-mode-defaults': 'src/consent-mode-defaults.ts',
};

/**
 * `_`-prefixed members are internal by convention (ours; lit's own start with `_$` and are
 * already short), so the final pass may rename them. `charset: utf8` keeps the Kazakh text as
 * UTF-8 instead of \u escapes, which brotli compresses far better.
 */
const mangleInternals = {
  name: 'artgrad:mangle-internals',
  async renderChunk(code) {
    const out = await transform(code, { minify: true, mangleProps: /^_[a-zA-Z]/, charset: 'utf8', target: 'es2022' });
    return { code: out.code, map: null };
  },
};

let first = true;
for (const [name, entry] of Object.entries(ENTRIES)) {
  await build({
    configFile: false,
    logLevel: 'warn',
    plugins: [mangleInternals],
    build: {
      target: 'es2022',
      outDir: 'dist',
      emptyOutDir: first,
      reportCompressedSize: false,
      lib: { entry, formats: ['iife'], name: name.replace(/-(\w)/g, (_, c) => c.toUpperCase()), fileName: () => `${name}.js` },
    },
  });
  first = false;
}
