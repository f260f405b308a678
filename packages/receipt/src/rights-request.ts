import type { PublicJwk } from './types.js';

// A shopper's request under policy item 23 (to know, change, block or destroy their data), signed
// by the same device key as their receipts but as a document of its own type, so a request can
// never be taken for a consent decision or the other way round. Requests form a chain of their
// own per device key (`prev`), apart from the receipts' chain: a request changes no consent.

export const RIGHTS_REQUEST_TYP = 'rights-request+jws';
/** The controller's signed acknowledgement of a request: received when, due when. */
export const RIGHTS_ACK_TYP = 'rights-request-ack+jws';
export const MAX_RIGHTS_REQUEST_JWS_LENGTH = 4 * 1024;
export const MAX_RIGHTS_ACK_JWS_LENGTH = 4 * 1024;

/** Each kind of request, with the policy item that grants it. */
export const RIGHTS_KINDS = { access: '23.1', correction: '23.2', blocking: '23.3', destruction: '23.4' } as const;
export type RightsKind = keyof typeof RIGHTS_KINDS;

/**
 * Working days the owner has, per kind: three to tell the subject (26.6) or to refuse with
 * reasons (26.7); one to change, block or destroy (26.8).
 */
export const RIGHTS_DEADLINES: Record<RightsKind, { workingDays: number; items: readonly string[] }> = {
  access: { workingDays: 3, items: ['26.6', '26.7'] },
  correction: { workingDays: 1, items: ['26.8'] },
  blocking: { workingDays: 1, items: ['26.8'] },
  destruction: { workingDays: 1, items: ['26.8'] },
};

/** What the shopper types into a correction request (its hash is signed; the text is erasable). */
export const MAX_REQUEST_DETAILS_LENGTH = 2000;
/** An e-mail address (RFC 5321's path limit) or a phone number. */
export const MAX_REPLY_TO_LENGTH = 254;

export interface RightsRequestPayload {
  requestId: string;
  kind: RightsKind;
  /** The policy item of `kind`, restated so that the signed bytes say what was asked. */
  item: (typeof RIGHTS_KINDS)[RightsKind];
  /** The device's `piiPrincipalId`, as in its receipts. */
  principalId: string;
  /** Seconds since the epoch, when the shopper confirmed the request. */
  iat: number;
  /** `chainHash` of this device key's previous request, or null for its first. */
  prev: string | null;
  /**
   * SHA-256 (base64url) of the free text sent beside the request, or null. The text itself
   * travels unsigned, so that it can be erased later (destruction, 23.4) while the signed
   * request, the proof that it was asked, stays.
   */
  detailsSha256: string | null;
  /** The policy the shopper read, as in receipts. */
  policy: { version: string; sha256: string; language: string };
  /** The language to answer in. */
  language: string;
}

export interface RightsRequestHeader {
  alg: 'ES256';
  typ: typeof RIGHTS_REQUEST_TYP;
  kid: string;
  jwk: PublicJwk;
}

export interface RightsAckPayload {
  iss: 'controller';
  requestId: string;
  /** `chainHash` of the request JWS: binds this acknowledgement to those exact bytes. */
  requestHash: string;
  kind: RightsKind;
  /** The device key that signed the request. */
  kid: string;
  receivedAtMs: number;
  /** Day of receipt in Kazakhstan (UTC+5), not counted in the period. */
  receivedDay: string;
  workingDays: number;
  /** The last day, and the last instant (`…T23:59:59.999+05:00`), to answer or act. */
  dueDay: string;
  dueBy: string;
  /** Counted in part past the receiver's working-day table (weekends and fixed holidays only). */
  provisional: boolean;
  /** The policy items that set the deadline. */
  items: readonly string[];
}
