import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { HttpError } from '../http/http-error.js';

/** A marketer's credential: the name is what the history records as "who". */
export interface AdminToken {
  name: string;
  token: string;
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Whose bearer token an `Authorization` header carries, or undefined. Both sides are hashed to
 * fixed-length SHA-256 digests first, so `timingSafeEqual` compares equal lengths and the time
 * taken says nothing about the token, not even its length; every configured token is compared,
 * with no early exit.
 */
export function adminTokenNames(tokens: readonly AdminToken[]): (authorization: string | undefined) => string | undefined {
  const known = tokens.map((t) => ({ name: t.name, digest: digest(t.token) }));
  return (authorization) => {
    const match = /^Bearer ([\x21-\x7e]{1,512})$/i.exec((authorization ?? '').trim());
    if (!match) return undefined;
    const presented = digest(match[1]!);
    let name: string | undefined;
    for (const candidate of known) {
      if (timingSafeEqual(candidate.digest, presented) && name === undefined) name = candidate.name;
    }
    return name;
  };
}

export const adminUnauthorized = (): HttpError =>
  new HttpError(401, 'UNAUTHORIZED', 'a valid admin bearer token is required', { 'WWW-Authenticate': 'Bearer realm="artgrad-admin"' });

/** Bearer-token check for the admin API (`nameOf` from `adminTokenNames`); the token's name is what histories record. */
export function adminAuth(nameOf: (authorization: string | undefined) => string | undefined): MiddlewareHandler<{ Variables: { adminName: string } }> {
  return async (c, next) => {
    const name = nameOf(c.req.header('authorization'));
    if (name === undefined) throw adminUnauthorized();
    c.set('adminName', name);
    await next();
  };
}
