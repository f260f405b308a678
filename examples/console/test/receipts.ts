// Real receipts for the proof tests: signed with device keys, countersigned with a controller key.
import { kazakhPolicy } from '@artgrad/policy';
import { buildReceipt, chainHash, countersign, generateDeviceKey, jwkThumbprint, publicJwk, signReceipt, verifyReceipt, type ReceiptInput } from '@artgrad/receipt';
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
    sign: async (jws: string) => countersign(await verifyReceipt(jws), keys.privateKey, jwk, Date.now()),
  };
}

export async function device() {
  const keys = await generateDeviceKey();
  const jwk = await publicJwk(keys.publicKey);
  const kid = await jwkThumbprint(jwk);
  let prev: string | null = null;
  return {
    kid,
    async sign(overrides: Partial<ReceiptInput> = {}) {
      const input: ReceiptInput = {
        id: crypto.randomUUID(),
        timeMs: T,
        principalId: `device:${kid}`,
        controller: { name: '«АртГрад» ЖШС', bin: '123456789012', address: 'Алматы', email: 'privacy@artgrad.kz', phone: '+7 727 000 00 00', url: 'https://artgrad.kz' },
        policyUrl: 'https://artgrad.kz/policy',
        language: 'kk',
        purposes: [
          { id: 'processing', label: 'Өңдеу' },
          { id: 'dissemination', label: 'Тарату' },
        ],
        decisions: { processing: true, dissemination: true },
        event: 'given',
        policy: { version: policy.version, sha256: policy.sha256, language: 'kk' },
        confirmation: { method: 'checkbox' },
        prev,
        terms: { term: 'until withdrawn', thirdParties: false, crossBorder: false, publicSources: false },
        ...overrides,
      };
      const jws = await signReceipt(buildReceipt(input), keys.privateKey, jwk);
      prev = await chainHash(jws);
      return jws;
    },
  };
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
