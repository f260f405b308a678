import { createHash, randomUUID } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeBase64Url, jwkThumbprint, publicJwk, type PublicJwk } from '@artgrad/receipt';
import type { CryptoKey, JsonWebKey } from '../webcrypto-types.js';

/** The controller's signing key: countersignatures and one-time-code tokens. */
export interface ControllerKey {
  /** Non-extractable: nothing in the process can print it by accident. */
  privateKey: CryptoKey;
  publicJwk: PublicJwk;
  /** RFC 7638 thumbprint of the public key: the `kid` in every JWS this key signs. */
  kid: string;
  /**
   * 32 bytes derived from the private key, for keyed hashes (one-time-code addresses and codes):
   * a phone number's hash is worthless to whoever copies the database without the key.
   */
  hashSecret: Uint8Array;
}

export class ControllerKeyError extends Error {
  override readonly name = 'ControllerKeyError';
}

const P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;

function member(jwk: Record<string, unknown>, name: string): string {
  const value = jwk[name];
  let length = -1;
  if (typeof value === 'string') {
    try {
      length = decodeBase64Url(value).length;
    } catch {
      // reported below
    }
  }
  if (length !== 32) throw new ControllerKeyError(`member ${name} must be 32 bytes of base64url`);
  return value as string;
}

/** Imports a private EC P-256 JWK, checking that its private and public halves belong together. */
export async function importControllerKey(value: unknown): Promise<ControllerKey> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ControllerKeyError('must be a JSON object (a JWK)');
  const jwk = value as Record<string, unknown>;
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256') throw new ControllerKeyError('must be an EC P-256 key (kty "EC", crv "P-256")');
  if (jwk.d === undefined) throw new ControllerKeyError('must be a private key (member d is missing)');
  const x = member(jwk, 'x');
  const y = member(jwk, 'y');
  const d = member(jwk, 'd');
  let privateKey: CryptoKey;
  let publicKey: CryptoKey;
  try {
    privateKey = await crypto.subtle.importKey('jwk', { kty: 'EC', crv: 'P-256', x, y, d }, P256, false, ['sign']);
    publicKey = await crypto.subtle.importKey('jwk', { kty: 'EC', crv: 'P-256', x, y }, P256, true, ['verify']);
  } catch (cause) {
    throw new ControllerKeyError(`is not a usable P-256 key: ${(cause as Error).message}`);
  }
  // A d that does not match x, y would sign what its own JWKS cannot verify: catch it at start.
  const probe = new TextEncoder().encode('artgrad controller key check');
  const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, privateKey, probe);
  if (!(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, publicKey, signature, probe))) {
    throw new ControllerKeyError('private member d does not belong to the public members x, y');
  }
  const pub = await publicJwk(publicKey);
  const hashSecret = createHash('sha256').update('artgrad-receiver hash secret v1\0').update(decodeBase64Url(d)).digest();
  return { privateKey, publicJwk: pub, kid: await jwkThumbprint(pub), hashSecret: new Uint8Array(hashSecret) };
}

/** A new controller key as a private JWK (to persist) and imported. */
export async function generateControllerKey(): Promise<{ privateJwk: JsonWebKey; key: ControllerKey }> {
  const pair = await crypto.subtle.generateKey(P256, true, ['sign', 'verify']);
  const exported = await crypto.subtle.exportKey('jwk', pair.privateKey);
  const privateJwk: JsonWebKey = { kty: 'EC', crv: 'P-256', x: exported.x!, y: exported.y!, d: exported.d! };
  return { privateJwk, key: await importControllerKey(privateJwk) };
}

export const DEV_KEY_FILE_NAME = 'controller-key.json';

/**
 * Development only: the key in DATA_DIR, generated on first start. Production gets its key
 * from CONTROLLER_KEY, kept outside the data directory (and out of database backups).
 */
export async function loadOrCreateDevKey(dataDir: string): Promise<{ key: ControllerKey; file: string; created: boolean }> {
  const file = join(dataDir, DEV_KEY_FILE_NAME);
  let text: string | undefined;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ControllerKeyError(`${file} is not JSON`);
    }
    return { key: await importControllerKey(parsed), file, created: false };
  }
  const { privateJwk, key } = await generateControllerKey();
  await mkdir(dataDir, { recursive: true });
  // Written aside, then linked into place: link() fails if the file exists, so two processes
  // starting at once never overwrite (or half-read) each other's key; the loser reads the winner's.
  const aside = `${file}.${randomUUID()}.tmp`;
  await writeFile(aside, `${JSON.stringify(privateJwk, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
  try {
    await link(aside, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateDevKey(dataDir);
    throw error;
  } finally {
    await unlink(aside);
  }
  return { key, file, created: true };
}
