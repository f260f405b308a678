import { describe, expect, it, vi } from 'vitest';
import { Hono } from 'hono';

// Records every comparison the admin check makes, to show it compares fixed-length digests with
// crypto.timingSafeEqual, against every configured token, without stopping at the first match.
const compared: [number, number][] = [];
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return {
    ...actual,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      compared.push([a.byteLength, b.byteLength]);
      return actual.timingSafeEqual(a, b);
    },
  };
});

const { adminAuth, adminTokenNames } = await import('../src/admin/admin-auth.js');

function app() {
  const tokens = [
    { name: 'a', token: 'first-token-0123456789' },
    { name: 'b', token: 'second-token-which-is-much-longer-0123456789' },
    { name: 'c', token: 'third-token-0123456789' },
  ];
  const hono = new Hono<{ Variables: { adminName: string } }>();
  hono.onError((error, c) => c.json({ status: (error as { status?: number }).status }, ((error as { status?: number }).status ?? 500) as 401));
  hono.use('*', adminAuth(adminTokenNames(tokens)));
  hono.get('/', (c) => c.text(c.get('adminName')));
  return hono;
}

describe('admin token check', () => {
  it.each([
    ['the first token', 'first-token-0123456789', 200, 'a'],
    ['the last token', 'third-token-0123456789', 200, 'c'],
    ['a wrong short token', 'x', 401, undefined],
    ['a wrong long token', 'y'.repeat(400), 401, undefined],
    ['a prefix of a token', 'first-token-012345678', 401, undefined],
  ])('%s: SHA-256 digests compared with timingSafeEqual, against all tokens', async (_label, token, status, name) => {
    compared.length = 0;
    const response = await app().request('/', { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(status);
    if (name) expect(await response.text()).toBe(name);
    expect(compared).toEqual([
      [32, 32],
      [32, 32],
      [32, 32],
    ]);
  });
});
