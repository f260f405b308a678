// The size check: fails when the built script-tag file crosses the committed brotli budget.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';

const budget = JSON.parse(readFileSync(new URL('../size-budget.json', import.meta.url), 'utf8')) as { file: string; brotliMax: number };
const file = new URL(`../${budget.file}`, import.meta.url);

describe('artgrad-consent.js', () => {
  it('is built (run `pnpm build`)', () => {
    expect(existsSync(file), `${file.pathname} is missing: run pnpm build`).toBe(true);
  });

  it(`stays within the committed brotli budget`, () => {
    const bytes = readFileSync(file);
    const brotli = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    expect(brotli, `${brotli} B brotli > budget ${budget.brotliMax} B`).toBeLessThanOrEqual(budget.brotliMax);
  });

  it('is one self-contained file: no imports, no dynamic loading, no eval', () => {
    const code = readFileSync(file, 'utf8');
    expect(code).not.toMatch(/\bimport\s*\(|^import\s|\brequire\(|importScripts|new Function\(|\beval\(/m);
    expect(code).not.toContain('sourceMappingURL');
  });
});
