import { chainHash } from './chain-hash.js';
import { checkRightsRequest } from './check-rights-request.js';
import { decodeJsonObject } from './compact-jws.js';
import { ReceiptError } from './errors.js';
import { MAX_RIGHTS_REQUEST_JWS_LENGTH, RIGHTS_REQUEST_TYP, type RightsRequestPayload } from './rights-request.js';
import type { PublicJwk } from './types.js';
import { verifyKeyHeader } from './verify-key-header.js';

export interface VerifiedRightsRequest {
  jws: string;
  kid: string;
  jwk: PublicJwk;
  payload: RightsRequestPayload;
  /** `chainHash` of the JWS: the device's next request carries it as `prev`. */
  chainHash: string;
}

/**
 * Verifies a rights request: ES256 by the key in its header, low-S (a twin (r, n − s) is
 * refused, as for receipts), `typ` rights-request+jws, a well-formed payload, and a time no
 * further ahead of `now` than `maxFutureSkewSeconds`.
 */
export async function verifyRightsRequest(jws: string, options: { now: number; maxFutureSkewSeconds?: number }): Promise<VerifiedRightsRequest> {
  const { parts, jwk, kid } = await verifyKeyHeader(jws, { typ: RIGHTS_REQUEST_TYP, typCode: 'RECEIPT_MALFORMED', maxLength: MAX_RIGHTS_REQUEST_JWS_LENGTH, requireLowS: true });
  const payload = decodeJsonObject(parts.payload, 'payload');
  checkRightsRequest(payload);
  const skew = options.maxFutureSkewSeconds ?? 300;
  if (payload.iat * 1000 > options.now + skew * 1000) throw new ReceiptError('RECEIPT_FUTURE', `iat is more than ${skew} s ahead of the verifier's clock`);
  return { jws, kid, jwk, payload, chainHash: await chainHash(jws) };
}
