import { decodeBase64Url, encodeBase64Url, jwkThumbprint } from '@artgrad/receipt';
import type { ControllerKey } from '../controller/controller-key.js';
import type { OtpChannel } from './otp-adapter.js';
import type { JsonWebKey } from '../webcrypto-types.js';

/** What a verified one-time code proves: this device key (`kid`) confirmed through `channel`. */
export interface OtpTokenClaims {
  challengeId: string;
  kid: string;
  channel: OtpChannel;
  /** Seconds. */
  iat: number;
  /** Seconds: `iat` + 600. */
  exp: number;
  /** Unique per token: one token confirms one receipt. */
  jti: string;
}

export const OTP_TOKEN_TYP = 'artgrad-otp+jwt';
export const OTP_TOKEN_LIFETIME_SECONDS = 600;
const MAX_TOKEN_LENGTH = 2048;

export class OtpTokenError extends Error {
  override readonly name = 'OtpTokenError';
}

const segment = (value: unknown) => encodeBase64Url(new TextEncoder().encode(JSON.stringify(value)));

export async function signOtpToken(claims: OtpTokenClaims, key: ControllerKey): Promise<string> {
  const input = `${segment({ alg: 'ES256', typ: OTP_TOKEN_TYP, kid: key.kid })}.${segment(claims)}`;
  const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key.privateKey, new TextEncoder().encode(input));
  return `${input}.${encodeBase64Url(new Uint8Array(signature))}`;
}

function json(part: string): Record<string, unknown> {
  const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(decodeBase64Url(part)));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new OtpTokenError('not a JSON object');
  return value as Record<string, unknown>;
}

const boundedString = (v: unknown, max: number): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;
const seconds = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * Checks that `token` is a one-time-code token signed by one of the controller's keys (by
 * thumbprint) and well formed; throws OtpTokenError otherwise. Binding it to a receipt (kid,
 * time window, single use) is the caller's job.
 */
export async function verifyOtpToken(token: unknown, controllerJwks: readonly JsonWebKey[]): Promise<OtpTokenClaims> {
  try {
    if (!boundedString(token, MAX_TOKEN_LENGTH)) throw new OtpTokenError('token must be a string');
    const parts = token.split('.');
    if (parts.length !== 3) throw new OtpTokenError('token is not a compact JWS');
    const [h, p, s] = parts as [string, string, string];
    const header = json(h);
    if (header.alg !== 'ES256' || header.typ !== OTP_TOKEN_TYP || typeof header.kid !== 'string') throw new OtpTokenError('bad header');
    let jwk: JsonWebKey | undefined;
    for (const candidate of controllerJwks) if ((await jwkThumbprint(candidate)) === header.kid) jwk = candidate;
    if (!jwk) throw new OtpTokenError('not signed by a controller key');
    const key = await crypto.subtle.importKey(
      'jwk',
      { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y! },
      { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['verify'],
    );
    const signature = decodeBase64Url(s);
    const valid =
      signature.length === 64 &&
      (await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, signature, new TextEncoder().encode(`${h}.${p}`)));
    if (!valid) throw new OtpTokenError('signature does not verify');
    const c = json(p);
    if (
      !boundedString(c.challengeId, 64) ||
      !boundedString(c.kid, 64) ||
      (c.channel !== 'sms' && c.channel !== 'email') ||
      !seconds(c.iat) ||
      !seconds(c.exp) ||
      c.exp < c.iat ||
      !boundedString(c.jti, 64)
    ) {
      throw new OtpTokenError('claims are malformed');
    }
    return { challengeId: c.challengeId, kid: c.kid, channel: c.channel, iat: c.iat, exp: c.exp, jti: c.jti };
  } catch (error) {
    // Every way a token can be wrong is one answer: it is not a token we issued.
    if (error instanceof OtpTokenError) throw error;
    throw new OtpTokenError(`token is malformed: ${(error as Error).message}`);
  }
}
