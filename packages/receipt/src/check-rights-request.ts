import { ReceiptError } from './errors.js';
import { isRecord, LANGUAGE_TAG, SHA256_BASE64URL, UUID } from './formats.js';
import { RIGHTS_KINDS, type RightsRequestPayload } from './rights-request.js';

const FIELDS = ['requestId', 'kind', 'item', 'principalId', 'iat', 'prev', 'detailsSha256', 'policy', 'language'];

function bad(message: string): never {
  throw new ReceiptError('RECEIPT_SCHEMA', message);
}

/** Checks a rights request's payload: every field present, of its type and within its bounds, and nothing else. */
export function checkRightsRequest(value: unknown): asserts value is RightsRequestPayload {
  if (!isRecord(value)) bad('the payload must be an object');
  const extra = Object.keys(value).filter((k) => !FIELDS.includes(k));
  if (extra.length) bad(`unknown member ${JSON.stringify(extra[0])}`);
  if (typeof value.requestId !== 'string' || !UUID.test(value.requestId)) bad('requestId must be a UUID');
  if (typeof value.kind !== 'string' || !Object.hasOwn(RIGHTS_KINDS, value.kind)) bad(`kind must be one of ${Object.keys(RIGHTS_KINDS).join(', ')}`);
  if (value.item !== RIGHTS_KINDS[value.kind as keyof typeof RIGHTS_KINDS]) bad(`item must be ${RIGHTS_KINDS[value.kind as keyof typeof RIGHTS_KINDS]} for ${value.kind}`);
  if (typeof value.principalId !== 'string' || value.principalId.length < 1 || value.principalId.length > 128) bad('principalId must be a string of 1 to 128 characters');
  if (typeof value.iat !== 'number' || !Number.isSafeInteger(value.iat) || value.iat < 0) bad('iat must be a non-negative integer (seconds)');
  if (value.prev !== null && (typeof value.prev !== 'string' || !SHA256_BASE64URL.test(value.prev))) bad('prev must be a chain hash or null');
  if (value.detailsSha256 !== null && (typeof value.detailsSha256 !== 'string' || !SHA256_BASE64URL.test(value.detailsSha256))) bad('detailsSha256 must be a SHA-256 (base64url) or null');
  const policy = value.policy;
  if (!isRecord(policy) || Object.keys(policy).length !== 3) bad('policy must be { version, sha256, language }');
  if (typeof policy.version !== 'string' || policy.version.length < 1 || policy.version.length > 64) bad('policy.version must be a string of 1 to 64 characters');
  if (typeof policy.sha256 !== 'string' || !SHA256_BASE64URL.test(policy.sha256)) bad('policy.sha256 must be a SHA-256 (base64url)');
  if (typeof policy.language !== 'string' || !LANGUAGE_TAG.test(policy.language)) bad('policy.language must be a language tag');
  if (typeof value.language !== 'string' || !LANGUAGE_TAG.test(value.language)) bad('language must be a language tag');
}
