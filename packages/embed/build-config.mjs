// The script-tag files' build settings, shared by build.mjs and the size tools in scripts/dev.
import { transform } from 'esbuild';
import { fileURLToPath } from 'node:url';

/**
 * Comments and whitespace inside lit's css`` are data to a JS minifier, so they would ship as
 * written: the widget's stylesheets (`${…}`-free) go through esbuild's CSS minifier instead.
 * (html`` templates gain under 30 B brotli from the same treatment: not worth a JS-aware pass.)
 */
export const minifyCss = {
  name: 'artgrad:minify-css',
  async transform(code, id) {
    if (!/\/packages\/widget\/(src|dist)\/.*\.[jt]s$/.test(id)) return null;
    let out = code;
    // Only plain sheets: no `${…}` and no escapes, so the source text is the CSS itself.
    const sheets = [...out.matchAll(/\bcss\s*`([^`$\\]*)`/g)];
    for (const [whole, body] of sheets) {
      const min = (await transform(body, { loader: 'css', minify: true, charset: 'utf8' })).code.trim();
      // A CSS escape (`\2713`) would be a JS escape inside the template: keep such a sheet as written.
      if (!/[`\\]|\$\{/.test(min)) out = out.replace(whole, () => `css\`${min}\``);
    }
    return out === code ? null : { code: out, map: null };
  },
};

/**
 * `_`-prefixed members are internal by convention (ours; lit's own start with `_$` and are
 * already short), so the final pass may rename them. `charset: utf8` keeps the Kazakh text as
 * UTF-8 instead of \u escapes, which brotli compresses far better.
 */
export const mangleInternals = {
  name: 'artgrad:mangle-internals',
  async renderChunk(code) {
    // One cache for every file of the build: a chunk reads the objects the core made (the
    // screens' `ScreenHost`), so `_core` must become the same short name in both.
    const out = await transform(code, { minify: true, mangleProps: /^_[a-zA-Z]/, mangleCache, charset: 'utf8', target: 'es2022' });
    mangleCache = out.mangleCache;
    return { code: out.code, map: null };
  },
};
let mangleCache = {};

export const plugins = [minifyCss, mangleInternals];

/**
 * In the core, the widget's dynamic imports (the later screens, the other languages) become
 * fetches of the parts beside the script: their loader modules are swapped for ours.
 */
export const partsFromChunks = {
  name: 'artgrad:parts-from-chunks',
  enforce: 'pre',
  resolveId(id, importer) {
    const loader = /(load-later|load-languages)\.js$/.exec(id)?.[1];
    if (!loader || !importer?.includes('/widget/')) return null;
    return fileURLToPath(new URL(`src/chunks/${loader}.ts`, import.meta.url));
  },
};
