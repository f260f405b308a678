import { buildReceipt, jwkThumbprint, publicJwk, signReceipt, type PublicJwk, type ReceiptInput } from '@artgrad/receipt';

/** A shopper's device as the kit plays it: a fresh key, receipts signed now, and forgeries. */
export interface TestDevice {
  kid: string;
  jwk: PublicJwk;
  /** A receipt as the SDK would sign it, now (or at `timeMs`), with a fresh id unless given. */
  sign(over?: Partial<ReceiptInput>): Promise<string>;
  /** ES256 over any header and payload with this device's key (low-S), for receipts the SDK would never make. */
  signRaw(header: object, payload: object): Promise<string>;
  /** This device's header, for forgeries to change one member of. */
  header(): Record<string, unknown>;
  /** The private key as a JWK: for the one case that puts it in a header, to see it refused. */
  privateJwk(): Promise<JsonWebKey>;
  /** The private key itself: to sign other documents (a rights request, a countersignature) with it. */
  privateKey: CryptoKey;
}

const P256_N = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');
export const b64 = (value: unknown): string => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
export const decode = (jws: string): [Record<string, any>, Record<string, any>] =>
  jws.split('.').slice(0, 2).map((s) => JSON.parse(Buffer.from(s, 'base64url').toString())) as [Record<string, any>, Record<string, any>];

/** (r, s) → (r, n − s): the twin anyone can make of a valid ECDSA signature. */
export function twinOf(jws: string): string {
  const [h, p, sig] = jws.split('.') as [string, string, string];
  const bytes = Buffer.from(sig, 'base64url');
  const s = P256_N - BigInt(`0x${bytes.subarray(32).toString('hex')}`);
  return `${h}.${p}.${Buffer.concat([bytes.subarray(0, 32), Buffer.from(s.toString(16).padStart(64, '0'), 'hex')]).toString('base64url')}`;
}

function receiptInput(over: Partial<ReceiptInput>): ReceiptInput {
  return {
    id: crypto.randomUUID(),
    timeMs: Date.now(),
    principalId: 'device:conformance',
    controller: {
      name: 'Conformance LLP',
      bin: '123456789012',
      address: 'Almaty',
      email: 'privacy@example.kz',
      phone: '+7 727 000 00 00',
      url: 'https://example.kz',
    },
    policyUrl: 'https://example.kz/policy',
    language: 'kk',
    purposes: [
      { id: 'processing', label: 'Дербес деректерді жинау және өңдеу' },
      { id: 'dissemination', label: 'Дербес деректерді жалпыға қолжетімді көздерде тарату' },
    ],
    decisions: { processing: true, dissemination: false },
    event: 'given',
    policy: { version: '2024-1', sha256: 'ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0', language: 'kk' },
    confirmation: { method: 'checkbox', msOnStep: 1500 },
    prev: null,
    terms: { term: 'until withdrawn', thirdParties: false, crossBorder: false, publicSources: false },
    ...over,
  };
}

export async function testDevice(): Promise<TestDevice> {
  // Extractable: the kit puts the private half in a header once, to see it refused. Never a shopper's key.
  const pair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const jwk = await publicJwk(pair.publicKey);
  const kid = await jwkThumbprint(jwk);
  const header = () => ({ alg: 'ES256', typ: 'consent-receipt+jws', kid, jwk });
  return {
    kid,
    jwk,
    header,
    sign: (over = {}) => signReceipt(buildReceipt(receiptInput({ principalId: `device:${kid}`, ...over })), pair.privateKey, jwk),
    async signRaw(h, p) {
      const input = `${b64(h)}.${b64(p)}`;
      const sig = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, pair.privateKey, new TextEncoder().encode(input)));
      let s = BigInt(`0x${Buffer.from(sig.subarray(32)).toString('hex')}`);
      if (s > P256_N / 2n) s = P256_N - s;
      return `${input}.${Buffer.concat([Buffer.from(sig.subarray(0, 32)), Buffer.from(s.toString(16).padStart(64, '0'), 'hex')]).toString('base64url')}`;
    },
    privateJwk: () => crypto.subtle.exportKey('jwk', pair.privateKey),
    privateKey: pair.privateKey,
  };
}
