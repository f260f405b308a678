// The console's build: one HTML page, one script and one stylesheet under /console/, nothing
// inline (the shop serves it with `script-src 'self'; style-src 'self'`).
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/console/',
  // Vite 8 transforms JSX with oxc: Preact's automatic runtime, no plugin needed.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The polyfill would be inline-free anyway, but no browser the console supports needs it.
    modulePreload: { polyfill: false },
    // Never inline assets as data: URLs in CSS or JS; everything is a file from 'self'.
    assetsInlineLimit: 0,
  },
});
