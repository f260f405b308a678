import { createHmac } from 'node:crypto';
import type { ReceiptErrorCode, ReceiptInput } from '@artgrad/receipt';
import { b64, decode, twinOf, type TestDevice } from './test-device.js';

/** What a forgery is made from: a valid receipt of `device`, a second device, and the verifier's clock. */
export interface ForgeryInput {
  device: TestDevice;
  other: TestDevice;
  base: string;
  nowMs: number;
  /** Signs a receipt with `device` as the caller signs its valid ones. */
  sign(over?: Partial<ReceiptInput>): Promise<string>;
}

/** A receipt every verifier must refuse, with the code it refuses it with. */
export interface Forgery {
  /** The test vector's file name (packages/receipt/vectors/<vector>.json). */
  vector: string;
  /** The kit's check name. */
  check: string;
  description: string;
  error: ReceiptErrorCode;
  make(input: ForgeryInput): Promise<string> | string;
}

/**
 * The forgeries, once: the kit sends each to a live backend, and scripts/make-vectors.mjs writes
 * each as a vector, so the two cannot drift apart.
 */
export const FORGERIES: readonly Forgery[] = [
  {
    vector: 'tampered',
    check: 'tamper',
    description: 'The payload changed after signing (dissemination granted): the signature fails.',
    error: 'RECEIPT_SIGNATURE',
    make: ({ base }) => {
      const [h, p] = decode(base);
      return `${b64(h)}.${b64({ ...p, decisions: { processing: true, dissemination: true } })}.${base.split('.')[2]}`;
    },
  },
  {
    vector: 'high-s-twin',
    check: 'high-S twin',
    description: 'The same receipt with (r, n \u2212 s): a valid ECDSA signature anyone can make without the key. Only low-S is accepted, so a twin cannot take the receipt\u2019s id first.',
    error: 'RECEIPT_SIGNATURE',
    make: ({ base }) => twinOf(base),
  },
  {
    vector: 'wrong-typ',
    check: 'wrong typ',
    description: 'Signed correctly, but typ is not consent-receipt+jws.',
    error: 'RECEIPT_MALFORMED',
    make: ({ device, base }) => device.signRaw({ ...device.header(), typ: 'JWT' }, decode(base)[1]),
  },
  {
    vector: 'alg-none',
    check: 'alg none',
    description: 'alg none, no signature.',
    error: 'RECEIPT_ALG',
    make: ({ device, base }) => `${b64({ ...device.header(), alg: 'none' })}.${b64(decode(base)[1])}.`,
  },
  {
    vector: 'hs256',
    check: 'HS256',
    description: 'alg HS256, keyed with the public key\u2019s x: an HMAC anyone can compute.',
    error: 'RECEIPT_ALG',
    make: ({ device, base }) => {
      const input = `${b64({ ...device.header(), alg: 'HS256' })}.${b64(decode(base)[1])}`;
      return `${input}.${createHmac('sha256', Buffer.from(String(device.jwk.x), 'base64url')).update(input).digest('base64url')}`;
    },
  },
  {
    vector: 'private-d',
    check: 'private d',
    description: 'The header\u2019s jwk carries the private key (d): refused, whatever the signature.',
    error: 'RECEIPT_JWK',
    make: async ({ device, base }) => {
      const d = await device.privateJwk();
      return device.signRaw({ ...device.header(), jwk: { kty: 'EC', crv: 'P-256', x: d.x, y: d.y, d: d.d } }, decode(base)[1]);
    },
  },
  {
    vector: 'kid-mismatch',
    check: 'kid mismatch',
    description: 'kid is not the RFC 7638 thumbprint of the header\u2019s jwk.',
    error: 'RECEIPT_KID',
    make: ({ device, other, base }) => device.signRaw({ ...device.header(), kid: other.kid }, decode(base)[1]),
  },
  {
    vector: 'future-dated',
    check: 'future-dated',
    description: 'consentTimestamp an hour after the verifier\u2019s clock (more than the 300 s skew): refused now, and a backend keeps it for later (the SDK retries).',
    error: 'RECEIPT_FUTURE',
    make: ({ sign, nowMs }) => sign({ timeMs: nowMs + 3_600_000 }),
  },
  {
    vector: 'undeclared-purpose',
    check: 'undeclared purpose',
    description: 'decisions names a purpose the receipt does not list in services.',
    error: 'RECEIPT_SCHEMA',
    make: ({ device, base }) => {
      const p = decode(base)[1];
      return device.signRaw(device.header(), { ...p, decisions: { ...p.decisions, marketing: true } });
    },
  },
  {
    vector: 'missing-member',
    check: 'missing member',
    description: 'A Kantara member (policyUrl) is missing.',
    error: 'RECEIPT_SCHEMA',
    make: ({ device, base }) => device.signRaw(device.header(), (({ policyUrl: _, ...rest }) => rest)(decode(base)[1])),
  },
];
