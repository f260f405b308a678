// Builds the script-tag files, each a self-contained IIFE (Vite builds one IIFE entry at a time):
//   artgrad-consent.js                 the banner, SDK and API (the one most sites need)
//   artgrad-consent-otp.js             the same plus one-time-code confirmation (data-confirm="otp")
//   artgrad-consent-gate.js            opt-in: <script type="text/plain" data-consent> gating
//   artgrad-consent-mode.js            opt-in: Google Consent Mode v2 updates
//   artgrad-consent-mode-defaults.js   opt-in: Consent Mode defaults, synchronous, in <head>
import { build } from 'vite';
import { plugins } from './build-config.mjs';

const ENTRIES = {
  'artgrad-consent': 'src/index.ts',
  'artgrad-consent-otp': 'src/index-otp.ts',
  'artgrad-consent-gate': 'src/gate.ts',
  'artgrad-consent-mode': 'src/consent-mode.ts',
  'artgrad-consent-mode-defaults': 'src/consent-mode-defaults.ts',
};

let first = true;
for (const [name, entry] of Object.entries(ENTRIES)) {
  await build({
    configFile: false,
    logLevel: 'warn',
    plugins,
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
