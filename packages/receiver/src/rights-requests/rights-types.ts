import type { RightsKind } from '@artgrad/receipt';

/** What the operator does with a request; `refused` and `done` close it. */
export type RequestEventType = 'answered' | 'refused' | 'done' | 'extended';
/** Where a request stands: `received` until the operator answers, refuses or closes it. */
export type RequestStatus = 'received' | 'answered' | 'refused' | 'done';

/** A verified request as kept: the signed JWS, the acknowledgement, and facts copied from them. Never changed. */
export interface StoredRightsRequest {
  id: string;
  kid: string;
  principalId: string;
  kind: RightsKind;
  chainHash: string;
  prev: string | null;
  iatMs: number;
  language: string;
  jws: string;
  ack: string;
  receivedAtMs: number;
  receivedDay: string;
  workingDays: number;
  dueDay: string;
  dueByMs: number;
  provisional: boolean;
}

/**
 * What the shopper sent beside the signed request, kept apart so that it can be erased
 * (destruction, item 23.4) while the request itself stays as proof that it was asked.
 */
export interface RequestPersonalData {
  replyTo: string | null;
  details: string | null;
  subjectId: string | null;
  /** Whether a stored receipt of the same device key carries this customer id (`identify()`). */
  subjectVerified: boolean;
}

export interface RequestAttachment {
  name: string;
  type: string;
  bytes: Uint8Array;
}

/** What erasure removed, what it kept, and why: recorded with the `done` of a destruction. */
export interface ErasureRecord {
  erased: { replyAddresses: number; details: number; subjectLinks: number; requests: number };
  kept: { receipts: number; requests: number };
  why: string;
}

export interface RequestEvent {
  seq: number;
  requestId: string;
  type: RequestEventType;
  atMs: number;
  /** The admin token's name. */
  by: string;
  /** The answer's text, the refusal's reason, the extension's legal basis, a note on done. */
  text: string | null;
  /** For `extended`: the new last day. */
  dueDay: string | null;
  dueByMs: number | null;
  /** An attached answer's name and type (its bytes are read on their own). */
  attachment: { name: string; type: string; size: number } | null;
  erasure: ErasureRecord | null;
}

export interface NewRequestEvent {
  requestId: string;
  type: RequestEventType;
  atMs: number;
  by: string;
  text: string | null;
  dueDay?: string;
  dueByMs?: number;
  attachment?: RequestAttachment;
  erasure?: ErasureRecord;
}

/** A request with everything the operator and its device may see. */
export interface RightsRequestRecord extends StoredRightsRequest {
  /** Null once erased. */
  personal: RequestPersonalData | null;
  events: RequestEvent[];
  status: RequestStatus;
  /** The last day now, after any extension. */
  currentDueDay: string;
  currentDueByMs: number;
}

export interface QueueQuery {
  kind?: RightsKind;
  status?: RequestStatus | 'open' | 'overdue' | 'due-today';
  /** The receiver's clock, for `overdue` and `due-today`. */
  nowMs: number;
  /** Start of today and of tomorrow in Kazakhstan, ms. */
  todayStartMs: number;
  tomorrowStartMs: number;
  limit: number;
  /** The last row of the previous page. */
  after?: { dueByMs: number; id: string };
}

export interface QueueRow extends Omit<StoredRightsRequest, 'jws' | 'ack'> {
  status: RequestStatus;
  currentDueDay: string;
  currentDueByMs: number;
}

/** The rights-request tables, for both databases (`sql-rights-store.ts`). */
export interface RightsRequestStore {
  /** Stores a request and its personal data together, unless its id is taken: then the request kept under it. */
  add(request: StoredRightsRequest, personal: RequestPersonalData): Promise<{ stored: true } | { stored: false; existing: StoredRightsRequest }>;
  get(id: string): Promise<RightsRequestRecord | undefined>;
  /** These requests, in one read (any order; ids not stored are left out). */
  many(ids: readonly string[]): Promise<RightsRequestRecord[]>;
  /** Every request signed by this device key, newest first (at most `limit`). */
  ofKid(kid: string, limit: number): Promise<RightsRequestRecord[]>;
  queue(query: QueueQuery): Promise<QueueRow[]>;
  /** Records an operator's action; `closed` when the request was already refused or done. */
  addEvent(event: NewRequestEvent): Promise<'added' | 'closed' | 'missing'>;
  /**
   * Erases the personal data kept beside these requests and records `done` with the erasure,
   * in one transaction; `closed` when the request was already refused or done.
   */
  erase(requestIds: readonly string[], done: NewRequestEvent & { erasure: ErasureRecord }): Promise<'added' | 'closed' | 'missing'>;
  attachment(requestId: string, seq: number): Promise<RequestAttachment | undefined>;
  /** Ids of the requests of this principal or of these device keys (for erasure). */
  relatedIds(kids: readonly string[], principalId: string): Promise<string[]>;
}
