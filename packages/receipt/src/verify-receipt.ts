import { chainHash } from './chain-hash.js';
import { checkPayload } from './check-payload.js';
import { decodeJsonObject } from './compact-jws.js';
import { ReceiptError } from './errors.js';
import { RECEIPT_TYP } from './media-types.js';
import { MAX_RECEIPT_JWS_LENGTH } from './wire-protocol.js';
import { verifyKeyHeader } from './verify-key-header.js';
import type { ConsentReceiptPayload, ReceiptHeader } from './types.js';

export interface VerifyOptions {
  /** The verifier's clock, ms since the epoch. Defaults to `Date.now()`. */
  now?: number;
  /** How far in the future `consentTimestamp` may be, for device clocks running fast. Default 300. */
  maxFutureSkewSeconds?: number;
  /** When given, a decision about any other purpose is refused. */
  knownPurposes?: readonly string[];
  /**
   * Whether a high-S signature (the malleable twin form, see ecdsa-low-s.ts) is refused. Default
   * true: a receiver taking receipts must, or a twin posted first takes the device's receipt id.
   * A reader of receipts already stored (a proof view) may pass false: a high-S signature still
   * proves the device signed, and receipts stored before signers normalised are high-S half the time.
   */
  requireLowS?: boolean;
}

export interface VerifiedReceipt {
  jws: string;
  header: ReceiptHeader;
  payload: ConsentReceiptPayload;
  /** The JWK thumbprint of the device key: one chain per kid. */
  kid: string;
  /** What the next receipt of this device carries as `prev`. */
  chainHash: string;
}

/**
 * Verifies a shopper's receipt on its own: signature by the key in its header, header shape,
 * payload shape, clock. Old receipts are fine: shoppers offline for days sync late. Linking
 * receipts to each other is `verifyChain`'s job.
 */
export async function verifyReceipt(jws: string, options: VerifyOptions = {}): Promise<VerifiedReceipt> {
  const { parts, jwk, kid } = await verifyKeyHeader(jws, {
    typ: RECEIPT_TYP,
    typCode: 'RECEIPT_MALFORMED',
    maxLength: MAX_RECEIPT_JWS_LENGTH,
    requireLowS: options.requireLowS ?? true,
  });

  const payload = decodeJsonObject(parts.payload, 'payload');
  checkPayload(payload);
  const now = options.now ?? Date.now();
  const skew = options.maxFutureSkewSeconds ?? 300;
  // A NaN clock would make every comparison false and let any future timestamp through.
  if (!Number.isFinite(now) || !Number.isFinite(skew) || skew < 0) {
    throw new ReceiptError('RECEIPT_INPUT', 'options.now and options.maxFutureSkewSeconds must be finite, the skew not negative');
  }
  if (payload.consentTimestamp > Math.floor(now / 1000) + skew) {
    throw new ReceiptError('RECEIPT_FUTURE', `consentTimestamp is more than ${skew} s ahead of the verifier's clock`);
  }
  if (options.knownPurposes) {
    const known = new Set(options.knownPurposes);
    const unknown = Object.keys(payload.decisions).find((id) => !known.has(id));
    if (unknown !== undefined) throw new ReceiptError('RECEIPT_PURPOSE', `decisions.${unknown} is not a known purpose`);
  }
  return {
    jws,
    header: { alg: 'ES256', typ: RECEIPT_TYP, kid, jwk },
    payload,
    kid,
    chainHash: await chainHash(jws),
  };
}
