import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync } from 'node:zlib';
import { build, type Rollup } from 'vite';

const alias = { '@artgrad/receipt': fileURLToPath(new URL('../src/index.ts', import.meta.url)) };

async function bundle(entry: string, minify: boolean): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    resolve: { alias },
    build: {
      write: false,
      minify,
      lib: { entry: fileURLToPath(new URL(`./fixtures/${entry}`, import.meta.url)), formats: ['es'], fileName: 'bundle' },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  return outputs.flatMap((o) => o.output).map((chunk) => (chunk.type === 'chunk' ? chunk.code : '')).join('\n');
}

// Strings that exist only in the verifier's modules.
const VERIFIER_MARKS = ['RECEIPT_SIGNATURE', 'RECEIPT_SCHEMA', 'RECEIPT_FUTURE', 'RECEIPT_COUNTERSIGNATURE', 'is not a known purpose', 'crit'];

describe('tree-shaking (sideEffects: false, one file per operation)', () => {
  it('drops the verifier from a bundle that only builds and signs', async () => {
    const code = await bundle('signing-entry.ts', false);
    expect(code).toContain('consent-receipt+jws');
    for (const mark of VERIFIER_MARKS) expect(code, mark).not.toContain(mark);
  }, 30_000);

  it('keeps it in a bundle that verifies (the control: the marks are real)', async () => {
    const code = await bundle('verifying-entry.ts', false);
    for (const mark of VERIFIER_MARKS) expect(code, mark).toContain(mark);
  }, 30_000);

  it('keeps the signing side small', async () => {
    const bytes = brotliCompressSync(await bundle('signing-entry.ts', true)).length;
    console.log(`signing side: ${bytes} bytes brotli`);
    expect(bytes).toBeLessThan(4096);
  }, 30_000);
});
