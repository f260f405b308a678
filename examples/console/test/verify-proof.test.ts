// The browser's own verdict on a chain, from real receipts: signed with device keys, countersigned
// with a controller key, then broken one way at a time.
import { describe, expect, it } from 'vitest';
import { chainHash } from '@artgrad/receipt';
import { verifyProof } from '../src/verify-proof.js';
import { BUNDLED, chainOf, controller, device, idOf, T, twinOf } from './receipts.js';

/** For checks that are about the chain, not about a list row. */
const NO_ROW = { receiptId: '', kid: '' };
/** What a holders row claims about a receipt: this id, this key, dissemination granted. */
const holder = (jws: string, kid: string) => ({ receiptId: idOf(jws), kid, decision: { purpose: 'dissemination', granted: true } });

describe('verifyProof (in the browser, not on the server’s word)', () => {
  it('a genuine chain: every receipt verified, linked, countersigned, policy as bundled', async () => {
    const c = await controller();
    const d = await device();
    const r1 = await d.sign();
    const r2 = await d.sign({ timeMs: T + 1000, event: 'withdrawn', decisions: { dissemination: false } });
    const report = await verifyProof(chainOf([{ jws: r1, countersignature: await c.sign(r1) }, { jws: r2, countersignature: await c.sign(r2) }]), c.jwks, BUNDLED, NO_ROW);
    expect(report.verified).toBe(2);
    expect(report.receipts.map((r) => [r.chain, r.signature.ok, r.countersignature.ok, r.policyMatches, r.verified])).toEqual([
      ['genesis', true, true, true, true],
      ['linked', true, true, true, true],
    ]);
    expect(report.receipts[1]!.payload!.event).toBe('withdrawn');
    expect(typeof report.receipts[0]!.countersignature.serverTimeMs).toBe('number');
  });

  it('a receipt stored in high-S form (signed before signers normalised) still verifies: that form is refused only at ingest', async () => {
    const c = await controller();
    const d = await device();
    const r1 = await d.sign();
    const stored = twinOf(r1);
    const report = await verifyProof(chainOf([{ jws: stored, countersignature: await c.sign(stored) }]), c.jwks, BUNDLED, NO_ROW);
    expect(report.receipts[0]).toMatchObject({ verified: true, signature: { ok: true }, countersignature: { ok: true } });
  });

  it('one byte of the payload changed: signature and countersignature fail, and the next receipt has no verified chain behind it', async () => {
    const c = await controller();
    const d = await device();
    const r1 = await d.sign({ subjectId: 'customer-1' });
    const r2 = await d.sign({ timeMs: T + 1000, event: 'updated', subjectId: 'customer-1' });
    const [h, p, s] = r1.split('.');
    const tampered = `${h}.${Buffer.from(Buffer.from(p!, 'base64url').toString('utf8').replace('customer-1', 'customer-2')).toString('base64url')}.${s}`;
    const report = await verifyProof(chainOf([{ jws: tampered, countersignature: await c.sign(r1) }, { jws: r2, countersignature: await c.sign(r2) }]), c.jwks, BUNDLED, NO_ROW);
    const [bad, next] = report.receipts;
    expect(bad!.signature).toMatchObject({ ok: false, code: 'RECEIPT_SIGNATURE' });
    expect(bad!.countersignature).toMatchObject({ ok: false, code: 'RECEIPT_COUNTERSIGNATURE' });
    expect(bad!.chain).toBe('unchecked');
    // Still shown, as stored, marked unverified.
    expect(bad!.payload!.subjectId).toBe('customer-2');
    expect(next!.signature.ok).toBe(true);
    expect(next!.chain).toBe('gap');
    expect(report.verified).toBe(0);
  });

  it('a fresh key the controller never countersigned, claiming to replace a key: no countersignature, so NOT verified', async () => {
    const c = await controller();
    const d = await device();
    const forged = await d.sign({ newKey: true });
    const report = await verifyProof(chainOf([{ jws: forged, countersignature: '' }]), c.jwks, BUNDLED, NO_ROW);
    expect(report.receipts[0]).toMatchObject({ verified: false, chain: 'restart', signature: { ok: true }, countersignature: { ok: false, code: 'MISSING' } });
  });

  it('newKey with prev null, as the SDK writes it when the key is gone but the records survive, starts that key’s chain: verified', async () => {
    const c = await controller();
    const d = await device();
    const r1 = await d.sign({ newKey: true });
    const r2 = await d.sign({ timeMs: T + 1000, event: 'updated' });
    const report = await verifyProof(chainOf([{ jws: r1, countersignature: await c.sign(r1) }, { jws: r2, countersignature: await c.sign(r2) }]), c.jwks, BUNDLED, NO_ROW);
    expect(report.receipts.map((r) => [r.chain, r.verified])).toEqual([
      ['restart', true],
      ['linked', true],
    ]);
    expect(report.verified).toBe(2);
  });

  it("another receipt's countersignature, or one by a key not in the JWKS, does not vouch for this one", async () => {
    const c = await controller();
    const other = await controller();
    const d = await device();
    const r1 = await d.sign();
    const r2 = await (await device()).sign();
    const report = await verifyProof(chainOf([{ jws: r1, countersignature: await c.sign(r2) }]), c.jwks, BUNDLED, NO_ROW);
    expect(report.receipts[0]!.countersignature).toMatchObject({ ok: false, code: 'RECEIPT_COUNTERSIGNATURE' });
    const foreign = await verifyProof(chainOf([{ jws: r1, countersignature: await other.sign(r1) }]), c.jwks, BUNDLED, NO_ROW);
    expect(foreign.receipts[0]!.countersignature).toMatchObject({ ok: false, code: 'RECEIPT_KID' });
  });

  it('a key rotation continues the chain; a stale embed (another policy hash) is flagged but not a forgery', async () => {
    const c = await controller();
    const d = await device();
    const r1 = await d.sign();
    const next = await device();
    const r2 = await next.sign({ timeMs: T + 1000, newKey: true, prev: await chainHash(r1), policy: { version: '2023-9', sha256: 'A'.repeat(43), language: 'kk' } });
    const report = await verifyProof(chainOf([{ jws: r1, countersignature: await c.sign(r1) }, { jws: r2, countersignature: await c.sign(r2) }]), c.jwks, BUNDLED, NO_ROW);
    expect(report.receipts[1]).toMatchObject({ chain: 'continues', verified: true, policyMatches: false });
    expect(report.stale).toBe(1);
  });

  it('an unreadable JWS is reported, not thrown', async () => {
    const c = await controller();
    const chain = { ...chainOf([]), receipts: [{ id: 'x', kid: '', jws: 'not.a.jws', countersignature: 'x', receivedAt: '' }] };
    const report = await verifyProof(chain, c.jwks, BUNDLED, NO_ROW);
    expect(report.receipts[0]).toMatchObject({ payload: null, verified: false, signature: { ok: false } });
  });
});

describe('verifyProof: the receipt the list row named', () => {
  it('present, signed by the route’s key, countersigned, deciding as the list says: the claim holds and names that receipt', async () => {
    const c = await controller();
    const d = await device();
    const r1 = await d.sign();
    const r2 = await d.sign({ timeMs: T + 1000, event: 'withdrawn', decisions: { dissemination: false } });
    const chain = chainOf([{ jws: r1, countersignature: await c.sign(r1) }, { jws: r2, countersignature: await c.sign(r2) }]);
    expect((await verifyProof(chain, c.jwks, BUNDLED, holder(r1, d.kid))).claim).toEqual({ ok: true, index: 0 });
    const withdrawal = { receiptId: idOf(r2), kid: d.kid, decision: { purpose: 'dissemination', granted: false } };
    expect((await verifyProof(chain, c.jwks, BUNDLED, withdrawal)).claim).toEqual({ ok: true, index: 1 });
  });

  it('a receipt id that is not in the chain: NOT verified, though every receipt there verifies', async () => {
    const c = await controller();
    const d = await device();
    const r1 = await d.sign();
    const report = await verifyProof(chainOf([{ jws: r1, countersignature: await c.sign(r1) }]), c.jwks, BUNDLED, { receiptId: crypto.randomUUID(), kid: d.kid });
    expect(report.verified).toBe(1);
    expect(report.claim).toEqual({ ok: false, problem: 'absent', index: null });
    expect((await verifyProof(chainOf([{ jws: r1, countersignature: await c.sign(r1) }]), c.jwks, BUNDLED, { receiptId: '', kid: d.kid })).claim).toMatchObject({ ok: false, problem: 'absent' });
  });

  it('the server’s derived id `<consentReceiptID>#<kid>` matches on the signed id, and its kid must be the route’s', async () => {
    const c = await controller();
    const d = await device();
    const r1 = await d.sign();
    const chain = chainOf([{ jws: r1, countersignature: await c.sign(r1) }]);
    chain.receipts[0]!.id = `${idOf(r1)}#${d.kid}`;
    expect((await verifyProof(chain, c.jwks, BUNDLED, { ...holder(r1, d.kid), receiptId: `${idOf(r1)}#${d.kid}` })).claim).toEqual({ ok: true, index: 0 });
    expect((await verifyProof(chain, c.jwks, BUNDLED, { ...holder(r1, d.kid), receiptId: `${idOf(r1)}#${'A'.repeat(43)}` })).claim).toMatchObject({ ok: false, problem: 'kid' });
  });

  it('signed by another key than the route’s, never countersigned, tampered, or deciding otherwise than the list: each NOT verified, with its reason', async () => {
    const c = await controller();
    const d = await device();
    const r1 = await d.sign();
    const good = chainOf([{ jws: r1, countersignature: await c.sign(r1) }]);
    expect((await verifyProof(good, c.jwks, BUNDLED, holder(r1, 'B'.repeat(43)))).claim).toEqual({ ok: false, problem: 'kid', index: 0 });
    expect((await verifyProof(chainOf([{ jws: r1, countersignature: '' }]), c.jwks, BUNDLED, holder(r1, d.kid))).claim).toEqual({ ok: false, problem: 'countersignature', index: 0 });
    const [h, p, sig] = r1.split('.');
    const tampered = `${h}.${Buffer.from(Buffer.from(p!, 'base64url').toString('utf8').replace('"checkbox"', '"checkboX"')).toString('base64url')}.${sig}`;
    expect((await verifyProof(chainOf([{ jws: tampered, countersignature: await c.sign(r1) }]), c.jwks, BUNDLED, holder(r1, d.kid))).claim).toEqual({ ok: false, problem: 'signature', index: 0 });
    // A holder's grant opened from the withdrawals list: the signed decision is not what the row says.
    expect((await verifyProof(good, c.jwks, BUNDLED, { ...holder(r1, d.kid), decision: { purpose: 'dissemination', granted: false } })).claim).toEqual({ ok: false, problem: 'decision', index: 0 });
  });
});
