// Real receipts for the proof tests: signed with device keys, countersigned with a controller key.
import { kazakhPolicy } from '@artgrad/policy';
import { countersign, jwkThumbprint, publicJwk, verifyReceipt, type ReceiptInput } from '@artgrad/receipt';
import { createDevice } from '../../../packages/receiver/test/fixtures/device.js';
export { twinOf } from '../../../packages/receiver/test/fixtures/device.js';
import type { ChainBody } from '../src/api-types.js';

const policy = kazakhPolicy();
export const BUNDLED = { version: policy.version, sha256: policy.sha256 };
export const T = Date.now() - 3_600_000;

export async function controller() {
  const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const jwk = await publicJwk(keys.publicKey);
  const kid = await jwkThumbprint(jwk);
  return {
    jwks: [{ ...jwk, kid, alg: 'ES256', use: 'sig' } as JsonWebKey],
    // requireLowS false: a test may countersign a receipt in the high-S form stored before signers normalised.
    sign: async (jws: string) => countersign(await verifyReceipt(jws, { requireLowS: false }), keys.privateKey, jwk, Date.now()),
  };
}

/** A device signing linked receipts (the receiver's test device), granting both purposes an hour ago unless told otherwise. */
export async function device() {
  const d = await createDevice();
  return { kid: d.kid, sign: (overrides: Partial<ReceiptInput> = {}) => d.sign({ timeMs: T, decisions: { processing: true, dissemination: true }, ...overrides }) };
}

export const idOf = (jws: string) => JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString('utf8')).consentReceiptID as string;
export const chainOf = (rows: { jws: string; countersignature: string }[]): ChainBody => ({
  kids: [],
  principal: 'p',
  subjectId: null,
  piiPrincipalId: 'p',
  devices: [],
  state: {},
  receipts: rows.map((r) => ({ id: idOf(r.jws), kid: '', jws: r.jws, countersignature: r.countersignature, receivedAt: new Date().toISOString() })),
});
