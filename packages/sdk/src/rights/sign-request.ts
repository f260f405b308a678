import { chainHash, detailsSha256, MAX_REQUEST_DETAILS_LENGTH, normaliseReplyTo, RIGHTS_KINDS, signRightsRequest, type RightsKind } from '@artgrad/receipt';
import type { PolicyIdentity } from '@artgrad/policy';
import { deviceKey } from '../device-key.js';
import { ConsentError } from '../errors.js';
import { withLock } from '../locks.js';
import type { ConsentStore } from '../store.js';
import type { RequestEntry } from './request-entry.js';

/** What the shopper asks: the kind, free text (required for correction), and where to answer. */
export interface RequestInput {
  kind: RightsKind;
  details?: string | null;
  replyTo?: string | null;
}

/** Checks what the shopper typed before anything is signed; `REQUEST_INVALID` names what is wrong. */
export function checkRequestInput(input: RequestInput): { kind: RightsKind; details: string | null; replyTo: string | null } {
  if (!Object.hasOwn(RIGHTS_KINDS, input.kind)) throw new ConsentError('REQUEST_INVALID', `kind must be one of ${Object.keys(RIGHTS_KINDS).join(', ')}`);
  const details = input.details?.trim() || null;
  let replyTo: string | null = null;
  try {
    // The receiver's own rule (from @artgrad/receipt): an address accepted here is kept there.
    replyTo = input.replyTo?.trim() ? normaliseReplyTo(input.replyTo) : null;
  } catch (error) {
    throw new ConsentError('REQUEST_INVALID', (error as Error).message);
  }
  if (input.kind === 'correction' && !details) throw new ConsentError('REQUEST_INVALID', 'a correction says what to change (details)');
  if (details && details.length > MAX_REQUEST_DETAILS_LENGTH) throw new ConsentError('REQUEST_INVALID', `details must be at most ${MAX_REQUEST_DETAILS_LENGTH} characters`);
  return { kind: input.kind, details, replyTo };
}

/**
 * Signs a request with the device key, chained to this device's previous request, and keeps it
 * (pending) in the same transaction-safe way as a receipt. Under its own Web Lock, so two tabs
 * never chain two requests to the same `prev`; the device key is read under the chain's lock,
 * which makes it (once) if need be.
 */
export async function signRequest(store: ConsentStore, dbName: string, policy: PolicyIdentity, language: string, input: RequestInput): Promise<RequestEntry> {
  const { kind, details, replyTo } = checkRequestInput(input);
  const key = await withLock(`artgrad-consent:chain:${dbName}`, () => deviceKey(store));
  return withLock(`artgrad-consent:requests:${dbName}`, async () => {
    const earlier = (await store.requests()).filter((r) => r.kid === key!.kid).sort((a, b) => a.time - b.time);
    const subjectId = (await store.meta('subjectId')) ?? null;
    const time = Date.now();
    const id = crypto.randomUUID();
    let jws: string;
    try {
      jws = await signRightsRequest(
        {
          kind,
          principalId: subjectId ?? key!.kid,
          prev: earlier.at(-1)?.hash ?? null,
          detailsSha256: details ? await detailsSha256(details) : null,
          policy: { version: policy.version, sha256: policy.sha256, language: policy.language },
          language,
          requestId: id,
          nowMs: time,
        },
        key!.privateKey,
        key!.jwk,
      );
    } catch (cause) {
      throw new ConsentError('SIGNING', `the request could not be signed: ${(cause as Error).message}`, { cause });
    }
    const entry: RequestEntry = {
      id,
      kind,
      jws,
      hash: await chainHash(jws),
      kid: key!.kid,
      time,
      details,
      replyTo,
      subjectId,
      sent: 'pending',
    };
    await store.putRequest(entry);
    return entry;
  }) as Promise<RequestEntry>;
}
