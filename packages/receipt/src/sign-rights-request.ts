import { signCompact } from './es256-sign.js';
import { ReceiptError } from './errors.js';
import { toPublicJwk } from './public-jwk.js';
import { MAX_RIGHTS_REQUEST_JWS_LENGTH, RIGHTS_KINDS, RIGHTS_REQUEST_TYP, type RightsKind, type RightsRequestHeader, type RightsRequestPayload } from './rights-request.js';
import { checkRightsRequest } from './check-rights-request.js';
import { jwkThumbprint } from './thumbprint.js';
import type { PublicJwk } from './types.js';

export interface RightsRequestInput {
  kind: RightsKind;
  principalId: string;
  prev: string | null;
  detailsSha256: string | null;
  policy: RightsRequestPayload['policy'];
  language: string;
  /** Default: a fresh UUID. */
  requestId?: string;
  /** Default: now. */
  nowMs?: number;
}

/** Signs a rights request with the device key; the payload is checked as a verifier would first. */
export async function signRightsRequest(input: RightsRequestInput, privateKey: CryptoKey, jwk: PublicJwk): Promise<string> {
  if (!Object.hasOwn(RIGHTS_KINDS, input.kind)) throw new ReceiptError('RECEIPT_INPUT', `kind must be one of ${Object.keys(RIGHTS_KINDS).join(', ')}`);
  const publicMembers = toPublicJwk(jwk);
  const header: RightsRequestHeader = { alg: 'ES256', typ: RIGHTS_REQUEST_TYP, kid: await jwkThumbprint(publicMembers), jwk: publicMembers };
  const payload: RightsRequestPayload = {
    requestId: input.requestId ?? crypto.randomUUID(),
    kind: input.kind,
    item: RIGHTS_KINDS[input.kind],
    principalId: input.principalId,
    iat: Math.floor((input.nowMs ?? Date.now()) / 1000),
    prev: input.prev,
    detailsSha256: input.detailsSha256,
    policy: { version: input.policy.version, sha256: input.policy.sha256, language: input.policy.language },
    language: input.language,
  };
  try {
    checkRightsRequest(payload);
  } catch (error) {
    if (error instanceof ReceiptError) throw new ReceiptError('RECEIPT_INPUT', error.message);
    throw error;
  }
  return signCompact(header, payload, privateKey, MAX_RIGHTS_REQUEST_JWS_LENGTH);
}
