import { decodeJsonObject, splitCompact } from './compact-jws.js';
import { MAX_RECEIPT_JWS_LENGTH } from './wire-protocol.js';
import type { ConsentReceiptPayload, ReceiptHeader } from './types.js';

export interface DecodedReceipt {
  header: ReceiptHeader;
  payload: ConsentReceiptPayload;
}

/**
 * Header and payload WITHOUT verifying anything but that they are JSON objects: for showing a
 * receipt and for the SDK reading back what it signed itself. Anything received from elsewhere
 * goes through `verifyReceipt`.
 */
export function decodeReceipt(jws: string): DecodedReceipt {
  const parts = splitCompact(jws, MAX_RECEIPT_JWS_LENGTH);
  return {
    header: decodeJsonObject(parts.header, 'header') as unknown as ReceiptHeader,
    payload: decodeJsonObject(parts.payload, 'payload') as unknown as ConsentReceiptPayload,
  };
}
