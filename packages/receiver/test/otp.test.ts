import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compactVerify, importJWK } from 'jose';
import { generateControllerKey, verifyOtpToken } from '../src/index.js';
import { signOtpToken } from '../src/otp/otp-token.js';
import { createDevice, payloadOf } from './fixtures/device.js';
import { codeOf, createHarness, results, type Harness } from './fixtures/harness.js';
import { STORE_KINDS } from './fixtures/stores.js';

const PHONE = '+77011234567';
const T0 = Date.parse('2026-11-20T09:00:00.000Z');

describe.each(STORE_KINDS)('one-time codes ($name)', (kind) => {
  let h: Harness;
  const logged: string[] = [];
  beforeEach(async () => {
    logged.length = 0;
    h = await createHarness(kind, { logger: { info: (m) => logged.push(m), error: (m, e) => logged.push(`${m} ${String(e)}`) } });
    h.clock.now = T0;
  });
  afterEach(async () => {
    await h.dispose();
  });

  const send = (to = PHONE, channel = 'sms') => h.postJson('/otp/send', { channel, to });
  const verify = (challengeId: string, code: string, kid: string) => h.postJson('/otp/verify', { challengeId, code, kid });
  const errorCode = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;
  const challenge = async (to = PHONE, channel = 'sms') => {
    const response = await send(to, channel);
    expect(response.status).toBe(200);
    return ((await response.json()) as { challengeId: string }).challengeId;
  };
  const tokenFor = async (kid: string, to = PHONE) => {
    const id = await challenge(to);
    const response = await verify(id, h.otp.lastCode(to)!, kid);
    expect(response.status).toBe(200);
    return ((await response.json()) as { token: string }).token;
  };

  it('happy path: code → token → a receipt confirmed with it is stored; re-sent it is a duplicate', async () => {
    const device = await createDevice();
    const id = await challenge();
    const code = h.otp.lastCode(PHONE)!;
    expect(code).toMatch(/^\d{6}$/);
    const response = await verify(id, code, device.kid);
    const { token } = (await response.json()) as { token: string };

    // The token: ES256 by the controller key, with the documented claims.
    const { payload, protectedHeader } = await compactVerify(token, await importJWK(h.key.publicJwk, 'ES256'));
    expect(protectedHeader).toEqual({ alg: 'ES256', typ: 'artgrad-otp+jwt', kid: h.key.kid });
    const claims = JSON.parse(new TextDecoder().decode(payload));
    expect(claims).toEqual({ challengeId: id, kid: device.kid, channel: 'sms', iat: T0 / 1000, exp: T0 / 1000 + 600, jti: expect.stringMatching(/^[0-9a-f-]{36}$/) });

    const jws = await device.sign({ timeMs: T0 + 20_000, confirmation: { method: 'otp', token } });
    expect((await results(await h.post([jws])))[0]!.status).toBe('stored');
    expect((await results(await h.post([jws])))[0]!.status).toBe('duplicate');
    expect((await h.store.getReceipt(payloadOf(jws).consentReceiptID))!.otpJti).toBe(claims.jti);

    // Only a keyed hash of the address is kept, and the code never reached the logs.
    const stored = await h.store.getOtpChallenge(id);
    expect(JSON.stringify(stored)).not.toContain('7011234567');
    expect(stored!.addressHash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(logged.join('\n')).not.toContain(code);
  });

  it('works by e-mail too, one address in any case', async () => {
    const device = await createDevice();
    const id = await challenge('Aigerim@Example.KZ', 'email');
    expect(h.otp.lastCode('aigerim@example.kz')).toMatch(/^\d{6}$/);
    expect((await verify(id, h.otp.lastCode('aigerim@example.kz')!, device.kid)).status).toBe(200);
  });

  it('an expired code: 410 OTP_CODE_EXPIRED', async () => {
    const id = await challenge();
    h.clock.now = T0 + 5 * 60_000 + 1;
    const response = await verify(id, h.otp.lastCode(PHONE)!, (await createDevice()).kid);
    expect(response.status).toBe(410);
    expect(await errorCode(response)).toBe('OTP_CODE_EXPIRED');
  });

  it('a wrong code: 400 OTP_CODE_WRONG, then the right one still works', async () => {
    const kid = (await createDevice()).kid;
    const id = await challenge();
    const right = h.otp.lastCode(PHONE)!;
    const wrong = right === '000000' ? '000001' : '000000';
    const response = await verify(id, wrong, kid);
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe('OTP_CODE_WRONG');
    expect((await verify(id, right, kid)).status).toBe(200);
    // Used: a second exchange is refused.
    const again = await verify(id, right, kid);
    expect(again.status).toBe(409);
    expect(await errorCode(again)).toBe('OTP_CHALLENGE_USED');
  });

  it('too many attempts: after 5, even the right code is refused with 429 OTP_TOO_MANY_ATTEMPTS', async () => {
    const kid = (await createDevice()).kid;
    const id = await challenge();
    const right = h.otp.lastCode(PHONE)!;
    const wrong = right === '999999' ? '999998' : '999999';
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await verify(id, wrong, kid)).status);
    expect(statuses).toEqual([400, 400, 400, 400, 400]);
    const response = await verify(id, right, kid);
    expect(response.status).toBe(429);
    expect(await errorCode(response)).toBe('OTP_TOO_MANY_ATTEMPTS');
  });

  it('rate limit: at most 5 sends per address per hour, however it is written', async () => {
    for (const spelling of [PHONE, '+7 701 123 45 67', '87011234567', '+7 (701) 123-45-67', PHONE]) expect((await send(spelling)).status).toBe(200);
    const limited = await send('8 701 123 4567');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3600');
    expect(await errorCode(limited)).toBe('OTP_RATE_LIMITED');
    // Another address is not affected; an hour later the first may try again.
    expect((await send('+77017654321')).status).toBe(200);
    h.clock.now = T0 + 3_600_001;
    expect((await send(PHONE)).status).toBe(200);
  });

  it('rate limit across addresses: at most N sends a minute per instance (SMS toll fraud)', async () => {
    const limitedHarness = await createHarness(kind, { otpMaxSendsPerMinute: 3 });
    limitedHarness.clock.now = T0;
    try {
      const sendTo = (to: string) => limitedHarness.postJson('/otp/send', { channel: 'sms', to });
      const statuses = [];
      for (const to of ['+77010000011', '+77010000012', '+77010000013', '+77010000014']) statuses.push((await sendTo(to)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const limited = await sendTo('+77010000015');
      expect(limited.headers.get('retry-after')).toBe('60');
      expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('OTP_RATE_LIMITED');
      limitedHarness.clock.now = T0 + 61_000;
      expect((await sendTo('+77010000016')).status).toBe(200);
    } finally {
      await limitedHarness.dispose();
    }
  });

  it("sends refused by one address's own limit cost nothing and leave the per-instance budget to everyone else", async () => {
    const limitedHarness = await createHarness(kind, { otpMaxSendsPerMinute: 6 });
    limitedHarness.clock.now = T0;
    try {
      const sendTo = (to: string) => limitedHarness.postJson('/otp/send', { channel: 'sms', to });
      const statuses = [];
      for (let i = 0; i < 20; i++) statuses.push((await sendTo(PHONE)).status);
      expect(statuses).toEqual([...Array(5).fill(200), ...Array(15).fill(429)]);
      // 5 codes went out; the 6th of the minute is still there for another shopper, the 7th is not.
      expect((await sendTo('+77017654321')).status).toBe(200);
      expect((await sendTo('+77017654322')).status).toBe(429);
    } finally {
      await limitedHarness.dispose();
    }
  });

  it('refuses bad input with 400 and an unknown challenge with 404', async () => {
    const kid = (await createDevice()).kid;
    const cases: [string, unknown, number, string][] = [
      ['/otp/send', { channel: 'pigeon', to: PHONE }, 400, 'INVALID_REQUEST'],
      ['/otp/send', { channel: 'sms' }, 400, 'INVALID_REQUEST'],
      ['/otp/send', { channel: 'sms', to: '1'.repeat(255) }, 400, 'INVALID_REQUEST'],
      ['/otp/send', { channel: 'sms', to: 'call me' }, 400, 'OTP_ADDRESS_INVALID'],
      ['/otp/send', { channel: 'email', to: 'not-an-address' }, 400, 'OTP_ADDRESS_INVALID'],
      ['/otp/send', [PHONE], 400, 'INVALID_REQUEST'],
      ['/otp/verify', { challengeId: 'x', code: '123456', kid }, 400, 'INVALID_REQUEST'],
      ['/otp/verify', { challengeId: crypto.randomUUID(), code: '12345', kid }, 400, 'INVALID_REQUEST'],
      ['/otp/verify', { challengeId: crypto.randomUUID(), code: '123456', kid: 'short' }, 400, 'INVALID_REQUEST'],
      ['/otp/verify', { challengeId: crypto.randomUUID(), code: '123456', kid }, 404, 'OTP_CHALLENGE_UNKNOWN'],
    ];
    for (const [path, body, status, code] of cases) {
      const response = await h.postJson(path, body);
      expect([response.status, await errorCode(response)], JSON.stringify(body)).toEqual([status, code]);
    }
    const tooBig = await h.postJson('/otp/send', { channel: 'sms', to: PHONE, pad: 'x'.repeat(5000) });
    expect(tooBig.status).toBe(413);
    const formEncoded = await h.app.request('/otp/send', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'channel=sms' });
    expect(formEncoded.status).toBe(415);
  });

  it('answers 503 OTP_UNAVAILABLE without a delivery adapter', async () => {
    const bare = await createHarness(kind, { otpAdapter: undefined });
    try {
      const response = await bare.postJson('/otp/send', { channel: 'sms', to: PHONE });
      expect(response.status).toBe(503);
      expect(await errorCode(response)).toBe('OTP_UNAVAILABLE');
    } finally {
      await bare.dispose();
    }
  });

  describe('a receipt confirmed by a token', () => {
    it('is rejected with OTP_TOKEN_FORGED when another key signed it, or it was altered, or is no token', async () => {
      const device = await createDevice();
      const impostor = (await generateControllerKey()).key;
      const forged = await signOtpToken({ challengeId: crypto.randomUUID(), kid: device.kid, channel: 'sms', iat: T0 / 1000, exp: T0 / 1000 + 600, jti: crypto.randomUUID() }, impostor);
      const real = await tokenFor(device.kid);
      const [h64, , s64] = real.split('.');
      const altered = `${h64}.${Buffer.from(JSON.stringify({ ...payloadOf(real), exp: T0 / 1000 + 999_999 })).toString('base64url')}.${s64}`;
      const out = await results(
        await h.post([
          await device.signDetached({ timeMs: T0 + 1000, confirmation: { method: 'otp', token: forged } }),
          await device.signDetached({ timeMs: T0 + 1000, confirmation: { method: 'otp', token: altered } }),
          await device.signDetached({ timeMs: T0 + 1000, confirmation: { method: 'otp', token: 42 } }),
          await device.signDetached({ timeMs: T0 + 1000, confirmation: { method: 'otp' } }),
        ]),
      );
      expect(out.map(codeOf)).toEqual(['OTP_TOKEN_FORGED', 'OTP_TOKEN_FORGED', 'OTP_TOKEN_FORGED', 'OTP_TOKEN_FORGED']);
      for (const r of out) expect(await h.store.getReceipt(r.id!)).toBeUndefined();
    });

    it('is rejected with OTP_TOKEN_MISMATCH when the token was issued to another device key', async () => {
      const token = await tokenFor((await createDevice()).kid);
      const other = await createDevice();
      const [result] = await results(await h.post([await other.sign({ timeMs: T0 + 1000, confirmation: { method: 'otp', token } })]));
      expect(codeOf(result)).toBe('OTP_TOKEN_MISMATCH');
    });

    it('is rejected with OTP_TOKEN_EXPIRED when signed outside [iat, exp] (give or take the clock skew); one signed inside may arrive days later', async () => {
      const device = await createDevice();
      const token = await tokenFor(device.kid);
      // The default skew is 300 s: a device clock a little behind or ahead still fits the window.
      const before = await device.signDetached({ timeMs: T0 - 301_000, confirmation: { method: 'otp', token } });
      const after = await device.signDetached({ timeMs: T0 + 901_000, confirmation: { method: 'otp', token } });
      const inside = await device.signDetached({ timeMs: T0 + 599_000, confirmation: { method: 'otp', token } });
      h.clock.now = T0 + 2 * 86_400_000;
      const out = await results(await h.post([before, after, inside]));
      expect(out.map((r) => codeOf(r) ?? r.status)).toEqual(['OTP_TOKEN_EXPIRED', 'OTP_TOKEN_EXPIRED', 'stored']);
    });

    it('accepts a receipt from a device whose clock is a few seconds behind the token', async () => {
      const device = await createDevice();
      const token = await tokenFor(device.kid);
      const slow = await device.signDetached({ timeMs: T0 - 5000, confirmation: { method: 'otp', token } });
      expect((await results(await h.post([slow])))[0]!.status).toBe('stored');
    });

    it('is rejected with OTP_TOKEN_REUSED when a second receipt carries a spent token', async () => {
      const device = await createDevice();
      const token = await tokenFor(device.kid);
      const first = await device.sign({ timeMs: T0 + 1000, confirmation: { method: 'otp', token } });
      const second = await device.sign({ timeMs: T0 + 2000, event: 'updated', confirmation: { method: 'otp', token } });
      expect((await results(await h.post([first])))[0]!.status).toBe('stored');
      const [reused] = await results(await h.post([second]));
      expect(codeOf(reused)).toBe('OTP_TOKEN_REUSED');
      // Within one batch as well.
      const token2 = await tokenFor(device.kid, '+77019999999');
      const a = await device.signDetached({ timeMs: T0 + 3000, confirmation: { method: 'otp', token: token2 } });
      const b = await device.signDetached({ timeMs: T0 + 4000, confirmation: { method: 'otp', token: token2 } });
      expect((await results(await h.post([a, b]))).map((r) => codeOf(r) ?? r.status)).toEqual(['stored', 'OTP_TOKEN_REUSED']);
    });

    it("a receipt skipped for a spent token never takes the place of another key's receipt stored under the same id in the batch", async () => {
      const device = await createDevice();
      const victim = await createDevice();
      const token = await tokenFor(device.kid);
      const sharedId = crypto.randomUUID();
      const r0 = await device.signDetached({ timeMs: T0 + 1000, confirmation: { method: 'otp', token } });
      const r1 = await device.signDetached({ id: sharedId, timeMs: T0 + 2000, decisions: { processing: true, dissemination: true }, confirmation: { method: 'otp', token } });
      const r2 = await victim.sign({ id: sharedId, timeMs: T0 + 3000, decisions: { processing: true, dissemination: false } });
      const answers = await results(await h.post([r0, r1, r2]));
      expect(answers.map((r) => codeOf(r) ?? r.status)).toEqual(['stored', 'OTP_TOKEN_REUSED', 'stored']);
      // The victim's receipt is stored with its own decisions, and counted as its device's.
      const [row] = await h.store.receiptsOfKids([victim.kid]);
      expect(row!.jws).toBe(r2);
      expect(row!.decisions).toEqual({ processing: true, dissemination: false });
      expect(await h.store.receiptsOfKids([device.kid])).toHaveLength(1);
    });
  });
});

describe('verifyOtpToken', () => {
  it('refuses tokens signed by keys outside the JWKS, and garbage', async () => {
    const key = (await generateControllerKey()).key;
    const token = await signOtpToken({ challengeId: 'c', kid: 'k', channel: 'email', iat: 1, exp: 601, jti: 'j' }, key);
    await expect(verifyOtpToken(token, [key.publicJwk as JsonWebKey])).resolves.toMatchObject({ channel: 'email', jti: 'j' });
    const other = (await generateControllerKey()).key;
    for (const bad of [token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), 'a.b.c', '', 'x'.repeat(5000), null]) {
      await expect(verifyOtpToken(bad, [key.publicJwk as JsonWebKey])).rejects.toThrow();
    }
    await expect(verifyOtpToken(token, [other.publicJwk as JsonWebKey])).rejects.toThrow(/controller key/);
  });
});
