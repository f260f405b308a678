import { countersign, decodeReceipt, ReceiptError, verifyReceipt, type VerifiedReceipt } from '@artgrad/receipt';
import type { CryptoKey } from '../webcrypto-types.js';
import { checkAgainstSchema } from './payload-schema.js';
import type { PublicJwk } from '@artgrad/receipt';
import { UUID } from '../http/request-input.js';

/** The cryptography of one batch: what can run on any core, apart from the store. */
export interface CheckOptions {
  now: number;
  maxFutureSkewSeconds: number;
  knownPurposes: readonly string[];
}

export type CheckedReceipt =
  | { ok: true; verified: VerifiedReceipt; countersignature: string }
  /** `unexpected`: not a ReceiptError (a bug, or the runtime), reported to the operator's log. */
  | { ok: false; id: string | null; code: string; message: string; unexpected?: string };

export type CheckReceipts = (jwsList: readonly string[], options: CheckOptions) => Promise<CheckedReceipt[]>;


/** The id a rejected receipt claims, so the sender can match the answer; null when there is none to read. */
function claimedId(jws: string): string | null {
  try {
    const id = decodeReceipt(jws).payload.consentReceiptID;
    return typeof id === 'string' && UUID.test(id) ? id : null;
  } catch {
    return null;
  }
}

/**
 * Verifies each receipt and countersigns each that verifies, in one pass: countersigning a
 * receipt that turns out to be stored already costs one signature, and saves a second trip to
 * whichever core did the verifying. Whether a receipt is new is the store's to say, afterwards.
 */
export function checkReceiptsWith(controller: { privateKey: CryptoKey; publicJwk: PublicJwk }): CheckReceipts {
  return (jwsList, options) =>
    Promise.all(
      jwsList.map(async (jws): Promise<CheckedReceipt> => {
        try {
          const verified = await verifyReceipt(jws, options);
          checkAgainstSchema(verified.payload);
          return { ok: true, verified, countersignature: await countersign(verified, controller.privateKey, controller.publicJwk, options.now) };
        } catch (error) {
          if (error instanceof ReceiptError) return { ok: false, id: claimedId(jws), code: error.code, message: error.message };
          return { ok: false, id: claimedId(jws), code: 'RECEIPT_MALFORMED', message: 'could not be verified', unexpected: error instanceof Error ? (error.stack ?? error.message) : String(error) };
        }
      }),
    );
}
