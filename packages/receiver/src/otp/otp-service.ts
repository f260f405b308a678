import { createHmac, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { ControllerKey } from '../controller/controller-key.js';
import { HttpError } from '../http/http-error.js';
import type { OtpAdapter, OtpChannel } from './otp-adapter.js';
import { OTP_TOKEN_LIFETIME_SECONDS, signOtpToken } from './otp-token.js';
import type { Store } from '../store/store.js';

export const OTP_CODE_LIFETIME_MS = 5 * 60_000;
export const OTP_MAX_ATTEMPTS = 5;
export const OTP_MAX_SENDS_PER_HOUR = 5;
export const MAX_ADDRESS_LENGTH = 254;
const HOUR_MS = 3_600_000;
/** Challenges older than this serve no limit; they are deleted as new ones come in. */
const KEEP_CHALLENGES_MS = 24 * HOUR_MS;

const EMAIL = /^[^\s@]{1,64}@[^\s@.]+(?:\.[^\s@.]+)+$/;
const PHONE = /^\+[1-9]\d{6,14}$/;
/** A device key thumbprint: SHA-256 in unpadded base64url. */
export const KID = /^[A-Za-z0-9_-]{43}$/;

/**
 * One spelling per address, so `+7 (701) 123-45-67`, `87011234567` and `+77011234567` share a
 * send limit. Kazakh numbers written with the domestic prefix 8 become +7.
 */
export function normalizeAddress(channel: OtpChannel, to: string): string | undefined {
  if (channel === 'email') {
    const email = to.trim().toLowerCase();
    return email.length <= MAX_ADDRESS_LENGTH && EMAIL.test(email) ? email : undefined;
  }
  let phone = to.replace(/[\s().-]/g, '');
  if (/^8\d{10}$/.test(phone)) phone = `+7${phone.slice(1)}`;
  return PHONE.test(phone) ? phone : undefined;
}

function keyedHash(key: ControllerKey, label: string, value: string): string {
  return createHmac('sha256', key.hashSecret).update(`${label}\0${value}`).digest('base64url');
}

export interface OtpServiceOptions {
  store: Store;
  controllerKey: ControllerKey;
  adapter: OtpAdapter | undefined;
  now: () => number;
  /** Codes this instance sends per minute, all addresses together. Default 20. */
  maxSendsPerMinute?: number;
}

/** One-time codes: send a code to an address, then exchange the right code for a signed token. */
export function createOtpService({ store, controllerKey, adapter, now, maxSendsPerMinute = 20 }: OtpServiceOptions) {
  // The per-address limit stops guessing at one number; this one stops a bot spreading sends over
  // many numbers (SMS toll fraud). Per instance, in memory: a cap on cost, not an exact count.
  const recentSends: number[] = [];
  const available = (): OtpAdapter => {
    if (!adapter) throw new HttpError(503, 'OTP_UNAVAILABLE', 'one-time codes are not configured on this receiver (OTP_ADAPTER)');
    return adapter;
  };

  return {
    async send(channel: OtpChannel, to: string): Promise<{ challengeId: string }> {
      const delivery = available();
      const address = normalizeAddress(channel, to);
      if (!address) {
        throw new HttpError(400, 'OTP_ADDRESS_INVALID', channel === 'sms' ? 'to is not a phone number' : 'to is not an e-mail address');
      }
      const t = now();
      while (recentSends.length && recentSends[0]! <= t - 60_000) recentSends.shift();
      if (recentSends.length >= maxSendsPerMinute) {
        throw new HttpError(429, 'OTP_RATE_LIMITED', `at most ${maxSendsPerMinute} codes per minute on this receiver; try again shortly`, { 'Retry-After': '60' });
      }
      // Reserved now, so concurrent sends cannot all pass the check; given back below when the
      // address's own limit refuses the send, which costs no message: refused sends to one
      // address must not use up the budget every other shopper's codes depend on.
      recentSends.push(t);
      const id = randomUUID();
      // crypto.randomInt: uniform over 000000–999999, no modulo bias.
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const outcome = await store.createOtpChallenge(
        {
          id,
          channel,
          addressHash: keyedHash(controllerKey, `address:${channel}`, address),
          codeHash: keyedHash(controllerKey, `code:${id}`, code),
          createdAtMs: t,
          expiresAtMs: t + OTP_CODE_LIFETIME_MS,
          attempts: 0,
          usedAtMs: null,
        },
        { windowStartMs: t - HOUR_MS, maxPerWindow: OTP_MAX_SENDS_PER_HOUR, purgeBeforeMs: t - KEEP_CHALLENGES_MS },
      );
      if (outcome === 'rate-limited') {
        recentSends.splice(recentSends.lastIndexOf(t), 1);
        throw new HttpError(429, 'OTP_RATE_LIMITED', `at most ${OTP_MAX_SENDS_PER_HOUR} codes per address per hour`, { 'Retry-After': '3600' });
      }
      try {
        await delivery.send(channel, address, code);
      } catch {
        // The challenge stays and counts toward the limit: a failing gateway is no way around it.
        throw new HttpError(502, 'OTP_DELIVERY_FAILED', `the code could not be sent by ${channel}`);
      }
      return { challengeId: id };
    },

    async verify(challengeId: string, code: string, kid: string): Promise<{ token: string }> {
      available();
      const challenge = await store.getOtpChallenge(challengeId);
      if (!challenge) throw new HttpError(404, 'OTP_CHALLENGE_UNKNOWN', 'no such challenge');
      if (challenge.usedAtMs !== null) throw new HttpError(409, 'OTP_CHALLENGE_USED', 'this code was already used');
      const t = now();
      if (t > challenge.expiresAtMs) throw new HttpError(410, 'OTP_CODE_EXPIRED', 'the code has expired; ask for a new one');
      // Counted before comparing, atomically, so parallel guesses cannot exceed the limit.
      const attempts = await store.countOtpAttempt(challengeId, OTP_MAX_ATTEMPTS);
      if (attempts === undefined) {
        throw new HttpError(429, 'OTP_TOO_MANY_ATTEMPTS', `at most ${OTP_MAX_ATTEMPTS} attempts per code; ask for a new one`);
      }
      const expected = Buffer.from(challenge.codeHash);
      const given = Buffer.from(keyedHash(controllerKey, `code:${challengeId}`, code));
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
        const left = OTP_MAX_ATTEMPTS - attempts;
        throw new HttpError(400, 'OTP_CODE_WRONG', `the code is wrong; ${left} attempt${left === 1 ? '' : 's'} left`);
      }
      if (!(await store.useOtpChallenge(challengeId, t))) throw new HttpError(409, 'OTP_CHALLENGE_USED', 'this code was already used');
      const iat = Math.floor(t / 1000);
      const token = await signOtpToken(
        { challengeId, kid, channel: challenge.channel, iat, exp: iat + OTP_TOKEN_LIFETIME_SECONDS, jti: randomUUID() },
        controllerKey,
      );
      return { token };
    },
  };
}

export type OtpService = ReturnType<typeof createOtpService>;
