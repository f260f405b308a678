// The size check: fails when a part of the script-tag build crosses its committed brotli budget,
// or when the parts together cross the total. `pnpm bench` prints the same figures.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';

interface Budget {
  core: { file: string; brotliMax: number };
  parts: Record<string, { brotliMax: number }>;
  optional: Record<string, { brotliMax: number }>;
  totalMax: number;
}
const budget = JSON.parse(readFileSync(new URL('../size-budget.json', import.meta.url), 'utf8')) as Budget;
const dist = (name: string) => new URL(`../dist/${name}`, import.meta.url);
const brotli = (bytes: Buffer) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const built = existsSync(dist('chunks.json'));
const parts: Record<string, string> = built ? JSON.parse(readFileSync(dist('chunks.json'), 'utf8')) : {};
const eval_ = /\bnew Function\(|\beval\(|importScripts|\brequire\(/;

describe('the script-tag build', () => {
  it('is built (run `pnpm build`), with every budgeted part and no other', () => {
    expect(built, 'dist/chunks.json is missing: run pnpm build').toBe(true);
    expect(Object.keys(parts).sort()).toEqual([...Object.keys(budget.parts), ...Object.keys(budget.optional)].sort());
    for (const file of [budget.core.file, ...Object.values(parts)]) expect(existsSync(dist(file)), file).toBe(true);
  });

  it('keeps each part within its committed brotli budget, and all of them within the total', () => {
    const sizes = { core: brotli(readFileSync(dist(budget.core.file))), ...Object.fromEntries(Object.entries(parts).map(([name, file]) => [name, brotli(readFileSync(dist(file)))])) };
    expect(sizes.core, `core ${sizes.core} B > ${budget.core.brotliMax} B`).toBeLessThanOrEqual(budget.core.brotliMax);
    for (const [name, { brotliMax }] of Object.entries({ ...budget.parts, ...budget.optional })) expect(sizes[name], `${name} ${sizes[name]} B > ${brotliMax} B`).toBeLessThanOrEqual(brotliMax);
    // What a shopper can reach with the main confirmation method; an optional method is not.
    const total = ['core', ...Object.keys(budget.parts)].reduce((sum, name) => sum + sizes[name]!, 0);
    expect(total, `total ${total} B > ${budget.totalMax} B`).toBeLessThanOrEqual(budget.totalMax);
  });

  it('names each part by a hash of its content, so that a part can be cached for good', () => {
    for (const [name, file] of Object.entries(parts)) {
      const hash = createHash('sha256').update(readFileSync(dist(file))).digest('hex').slice(0, 10);
      expect(file).toBe(`artgrad-${name}-${hash}.js`);
    }
  });

  it('the one-time-code name serves the same file as the main one (the method is a part now)', () => {
    expect(readFileSync(dist('artgrad-consent-otp.js')).equals(readFileSync(dist(budget.core.file)))).toBe(true);
  });

  it('the core is a classic script that fetches only its own parts, by the names built into it; no eval', () => {
    const code = readFileSync(dist(budget.core.file), 'utf8');
    expect(code).not.toMatch(/^import\s|^export\s/m);
    expect(code).not.toMatch(eval_);
    expect(code.match(/\bimport\(/g)).toHaveLength(1);
    for (const file of Object.values(parts)) expect(code.includes(`"${file}"`) || code.includes(`\`${file}\``), file).toBe(true);
    expect(code).not.toContain('sourceMappingURL');
  });

  it('each part is a self-contained ES module: it imports nothing, and holds no eval', () => {
    for (const file of Object.values(parts)) {
      const code = readFileSync(dist(file), 'utf8');
      expect(code, file).toMatch(/\bexport\s*\{/);
      expect(code, file).not.toMatch(/^import\s|\bimport\(/m);
      expect(code, file).not.toMatch(eval_);
    }
  });

  it('the policy text travels in its part, not in the core', () => {
    const line = 'Осы саясаттың мақсаты Сатып алушының дербес деректерін жинау';
    expect(readFileSync(dist(budget.core.file), 'utf8')).not.toContain(line);
    expect(readFileSync(dist(parts.document!), 'utf8')).toContain(line);
  });
});
