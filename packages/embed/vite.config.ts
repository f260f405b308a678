// The one-file script-tag build: a self-contained IIFE, minified, no code splitting, so that it
// fetches nothing further at run time and works when served from any origin.
import { defineConfig, type Plugin } from 'vite';
import { transform } from 'esbuild';

/**
 * `_`-prefixed members are internal by convention (ours; lit's own start with `_$` and are
 * already short), so the final pass may rename them. Measured: see `pnpm bench`.
 */
function mangleInternals(): Plugin {
  return {
    name: 'artgrad:mangle-internals',
    async renderChunk(code) {
      const out = await transform(code, { minify: true, mangleProps: /^_[a-zA-Z]/, charset: 'utf8', target: 'es2022', sourcemap: false });
      return { code: out.code, map: null };
    },
  };
}

export default defineConfig({
  plugins: [mangleInternals()],
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    reportCompressedSize: false,
    lib: {
      entry: 'src/index.ts',
      formats: ['iife'],
      name: 'artgradConsentEmbed',
      fileName: () => 'artgrad-consent.js',
    },
  },
});
