// Signing side (what the browser SDK pulls in): build, keys, sign, thumbprint, chain hash, decode.
export { ReceiptError } from './errors.js';
export type { ReceiptErrorCode } from './errors.js';
export { encodeBase64Url, decodeBase64Url } from './base64url.js';
export { buildReceipt } from './build-receipt.js';
export { assembleReceipt } from './assemble-receipt.js';
export { generateDeviceKey, publicJwk } from './device-key.js';
export { jwkThumbprint } from './thumbprint.js';
export { signReceipt } from './sign-receipt.js';
export { chainHash } from './chain-hash.js';
export { decodeReceipt } from './decode-receipt.js';
export type { DecodedReceipt } from './decode-receipt.js';
export {
  RECEIPT_TYP,
  COUNTERSIGNATURE_TYP,
  DEVICE_PROOF_TYP,
  MAX_COUNTERSIGNATURE_JWS_LENGTH,
  MAX_DEVICE_PROOF_JWS_LENGTH,
} from './media-types.js';
export { signDeviceProof } from './sign-device-proof.js';
export { MAX_BATCH_RECEIPTS, MAX_BATCH_BYTES, MAX_RECEIPT_JWS_LENGTH, BATCH_ENVELOPE_BYTES, batchBytes } from './wire-protocol.js';
export type { ReceiptResult } from './wire-protocol.js';
export type { DeviceProofPayload, DeviceProofHeader } from './sign-device-proof.js';
export type {
  ReceiptEvent,
  Decisions,
  PolicyRef,
  Confirmation,
  Controller,
  PurposeShown,
  ConsentTerms,
  PostalAddress,
  KantaraPiiController,
  KantaraPurpose,
  KantaraService,
  ConsentReceiptPayload,
  ReceiptInput,
  PublicJwk,
  ReceiptHeader,
} from './types.js';

// Verifying side (backends, the console): separate modules, dropped from bundles that don't use them.
export { checkPayload } from './check-payload.js';
export { verifyReceipt } from './verify-receipt.js';
export type { VerifyOptions, VerifiedReceipt } from './verify-receipt.js';
export { verifyChain } from './verify-chain.js';
export type { ChainReport, ChainGap, ChainFork, ChainLink } from './verify-chain.js';
export { countersign } from './countersign.js';
export type { CountersignatureHeader, CountersignaturePayload } from './countersign.js';
export { verifyCountersignature } from './verify-countersignature.js';
export type { VerifiedCountersignature } from './verify-countersignature.js';
export { verifyDeviceProof } from './verify-device-proof.js';
export type { DeviceProofOptions, VerifiedDeviceProof } from './verify-device-proof.js';

// Rights requests (policy item 23): a document of their own type, signed by the device key.
export {
  RIGHTS_REQUEST_TYP,
  RIGHTS_ACK_TYP,
  RIGHTS_KINDS,
  RIGHTS_DEADLINES,
  MAX_RIGHTS_REQUEST_JWS_LENGTH,
  MAX_RIGHTS_ACK_JWS_LENGTH,
  MAX_REQUEST_DETAILS_LENGTH,
  MAX_REPLY_TO_LENGTH,
} from './rights-request.js';
export type { RightsKind, RightsRequestPayload, RightsRequestHeader, RightsAckPayload } from './rights-request.js';
export { signRightsRequest } from './sign-rights-request.js';
export type { RightsRequestInput } from './sign-rights-request.js';
export { checkRightsRequest } from './check-rights-request.js';
export { verifyRightsRequest } from './verify-rights-request.js';
export type { VerifiedRightsRequest } from './verify-rights-request.js';
export { signRightsAck, verifyRightsAck } from './rights-ack.js';
export { normaliseReplyTo, detailsSha256 } from './reply-to.js';

// What a purpose owns in the browser, cleared when it is refused or withdrawn (`/config`'s `clear`).
export { checkClearRules, CLEAR_KINDS, MAX_CLEAR_ENTRIES } from './clear-rules.js';
export type { ClearRules } from './clear-rules.js';
