// @vitest-environment happy-dom
/** @jsxImportSource preact */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen } from '@testing-library/preact';
import { createApiClient } from '../src/api-client.js';
import type { ChainBody } from '../src/api-types.js';
import { ProofScreen } from '../src/proof-screen.js';
import type { Route } from '../src/routes.js';
import { fakeApi, json } from './fake-api.js';
import { chainOf, controller, device, idOf } from './receipts.js';
import { renderInLocale } from './render-in-locale.js';

afterEach(cleanup);

/** The receiver's chain endpoint and JWKS for one device's chain. */
async function proofOf(chain: ChainBody, jwks: JsonWebKey[], route: Extract<Route, { name: 'proof' }>) {
  const api = fakeApi({
    [`GET /api/admin/principals/${route.kid}/chain`]: () => json(chain),
    'GET /api/.well-known/jwks.json': () => json({ keys: jwks }),
  });
  const client = createApiClient({ base: '/api', token: 't'.repeat(20), onUnauthorized: () => {}, fetch: api.fetch });
  renderInLocale(<ProofScreen client={client} route={route} />, 'en');
  return screen.findByTestId('proof-summary');
}

describe('proof screen', () => {
  it('a receipt made under another policy hash counts in the verdict: not "all verified"', async () => {
    const c = await controller();
    const d = await device();
    const r1 = await d.sign({ policy: { version: '2023-9', sha256: 'A'.repeat(43), language: 'kk' } });
    const summary = await proofOf(chainOf([{ jws: r1, countersignature: await c.sign(r1) }]), c.jwks, { name: 'proof', kid: d.kid, receipt: idOf(r1), list: 'holders', customer: '', back: '#/holders' });
    expect(summary.textContent).not.toContain('All 1 receipts verified');
    expect(summary.textContent).toContain('NOT fully verified: 1 of 1 receipts were made under another policy text than the bundled one');
    expect(summary.className).toContain('summary-bad');
  });
});

describe('proof screen: the customer id', () => {
  it('each card shows the signed subjectId and piiPrincipalId; a row customer id that differs from what the named receipt signed is flagged', async () => {
    const c = await controller();
    const d = await device();
    const r1 = await d.sign({ subjectId: 'customer-1', principalId: 'customer-1' });
    const chain = { ...chainOf([{ jws: r1, countersignature: await c.sign(r1) }]), subjectId: 'customer-2' };
    const route = { name: 'proof', kid: d.kid, receipt: idOf(r1), list: 'holders', customer: 'customer-2', back: '#/holders' } as const;
    await proofOf(chain, c.jwks, route);
    const card = screen.getByRole('article');
    expect(card.textContent).toContain('Customer id (signed)customer-1');
    expect(card.textContent).toContain('Principal id (signed)customer-1');
    const flag = screen.getByTestId('customer-mismatch');
    expect(flag.textContent).toContain('Differs');
    expect(flag.textContent).toContain('customer-1');
    cleanup();

    // The same receipt from a row that says customer-1: nothing to flag.
    await proofOf(chain, c.jwks, { ...route, customer: 'customer-1' });
    expect(screen.queryByTestId('customer-mismatch')).toBeNull();
    expect(screen.getAllByText('customer-1').length).toBeGreaterThan(0);
  });

  it('the keys listed are this device’s, and a shopper on several devices has a chain per device', async () => {
    const c = await controller();
    const d = await device();
    const r1 = await d.sign();
    await proofOf({ ...chainOf([{ jws: r1, countersignature: await c.sign(r1) }]), kids: [d.kid] }, c.jwks, { name: 'proof', kid: d.kid, receipt: idOf(r1), list: 'holders', customer: '', back: '#/holders' });
    expect(screen.getByText('This device’s keys').nextElementSibling!.textContent).toContain(d.kid);
    expect(screen.getByText(/has a chain per device/).textContent).toContain('on another device');
  });
});

describe('proof screen: the shopper’s other devices', () => {
  it('links each other device’s chain; opened from there, with no receipt named, the chain alone decides the verdict', async () => {
    const c = await controller();
    const d = await device();
    const laptop = await device();
    const r1 = await d.sign({ subjectId: 'customer-9' });
    const chain = { ...chainOf([{ jws: r1, countersignature: await c.sign(r1) }]), kids: [d.kid], subjectId: 'customer-9', devices: [laptop.kid] };
    await proofOf(chain, c.jwks, { name: 'proof', kid: d.kid, receipt: idOf(r1), list: 'holders', customer: 'customer-9', back: '#/holders?page=2' });
    const link = screen.getByRole('link', { name: laptop.kid });
    expect(link.getAttribute('href')).toBe(`#/proof/${laptop.kid}?back=${encodeURIComponent('#/holders?page=2')}`);
    expect(screen.getByText('This shopper’s other devices')).toBeTruthy();
    cleanup();

    const r2 = await laptop.sign({ subjectId: 'customer-9' });
    const summary = await proofOf({ ...chainOf([{ jws: r2, countersignature: await c.sign(r2) }]), kids: [laptop.kid], subjectId: 'customer-9', devices: [d.kid] }, c.jwks, { name: 'proof', kid: laptop.kid, receipt: '', list: '', customer: '', back: '#/holders' });
    expect(summary.textContent).toContain('All 1 receipts verified');
    expect(summary.className).toContain('summary-ok');
  });

  it('a device never identified lists no other devices', async () => {
    const c = await controller();
    const d = await device();
    const r1 = await d.sign();
    await proofOf({ ...chainOf([{ jws: r1, countersignature: await c.sign(r1) }]), kids: [d.kid] }, c.jwks, { name: 'proof', kid: d.kid, receipt: idOf(r1), list: 'holders', customer: '', back: '#/holders' });
    expect(screen.queryByText('This shopper’s other devices')).toBeNull();
  });
});

describe('proof screen: announced', () => {
  it('the summary fills a role="status" region that is there from the start, outside what loading replaces (WCAG 4.1.3)', async () => {
    const c = await controller();
    const d = await device();
    const r1 = await d.sign();
    const summary = proofOf(chainOf([{ jws: r1, countersignature: await c.sign(r1) }]), c.jwks, { name: 'proof', kid: d.kid, receipt: idOf(r1), list: 'holders', customer: '', back: '#/holders' });
    const region = screen.getAllByRole('status').find((el) => !el.textContent?.includes('Verifying'));
    expect(region).toBeTruthy();
    expect(region!.textContent).toBe('');
    expect(region!.contains(await summary)).toBe(true);
    expect(region!.isConnected).toBe(true);
    expect(region!.textContent).toContain('All 1 receipts verified.');
  });
});
