import type { Hono } from 'hono';
import { HttpError } from '../http/http-error.js';
import { KID, MAX_ADDRESS_LENGTH } from './otp-service.js';
import { readJsonBody } from '../http/read-json-body.js';
import type { ReceiverContext } from '../http/receiver-context.js';
import { requireObject, requireString, UUID } from '../http/request-input.js';

export const SMALL_BODY_BYTES = 4 * 1024;

export function registerOtpRoutes(app: Hono, ctx: ReceiverContext): void {
  app.post('/otp/send', async (c) => {
    const body = requireObject(await readJsonBody(c.req.raw, SMALL_BODY_BYTES));
    const channel = body.channel;
    if (channel !== 'sms' && channel !== 'email') throw new HttpError(400, 'INVALID_REQUEST', 'channel must be "sms" or "email"');
    const to = requireString(body, 'to', MAX_ADDRESS_LENGTH);
    return c.json(await ctx.otp.send(channel, to));
  });

  app.post('/otp/verify', async (c) => {
    const body = requireObject(await readJsonBody(c.req.raw, SMALL_BODY_BYTES));
    const challengeId = requireString(body, 'challengeId', 36, UUID);
    const code = requireString(body, 'code', 6, /^\d{6}$/);
    const kid = requireString(body, 'kid', 43, KID);
    return c.json(await ctx.otp.verify(challengeId, code, kid));
  });
}
