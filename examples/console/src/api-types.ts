// Shapes of the receiver's admin API answers (packages/receiver/openapi.json), as the console
// reads them: the receiver's own types where it exports them (type-only: no receiver code ships).
import type { RightsKind } from '@artgrad/receipt';
import type { DailyStats, DecisionEvent, ErasureRecord, Page, ProofRow, PurposeSeries, RequestEventType, RequestPersonalData, RequestStatus } from '@artgrad/receiver';

export interface ApiErrorBody {
  error: { code: string; message: string };
}

export interface SessionInfo {
  name: string;
}

export interface PurposeRequest {
  purpose: string;
  requested: boolean;
}

export interface RequestChange {
  requested: boolean;
  changedBy: string;
  changedAt: string;
}

export interface RequestHistory {
  purpose: string;
  total: number;
  items: RequestChange[];
}

/** A holder or a withdrawal: one principal and the receipt behind its current state. */
export type PersonRow = ProofRow;

export interface PersonPage extends Page<PersonRow> {
  purpose: string;
}

export interface HolderCount {
  purpose: string;
  holders: number;
  asOf: string;
}

export type { DailyStats, DecisionEvent, PurposeSeries };

/** Every event, in the chart's order; a record over the type, so one added there fails here. */
const EVENTS: Record<DecisionEvent, true> = { given: true, refused: true, updated: true, withdrawn: true };
export const DECISION_EVENTS = Object.keys(EVENTS) as DecisionEvent[];

/** One stored receipt as the chain endpoint lists it; only `jws` and `countersignature` are trusted, after verification. */
export interface ChainReceiptRow {
  id: string;
  kid: string;
  jws: string;
  countersignature: string;
  receivedAt: string;
}

export interface ChainBody {
  kids: string[];
  principal: string;
  subjectId: string | null;
  piiPrincipalId: string;
  /** The same shopper's other devices (identified with the same customer id), each a chain of its own. */
  devices: string[];
  state: Record<string, { granted: boolean; receiptId: string }>;
  receipts: ChainReceiptRow[];
}

export interface Jwks {
  keys: JsonWebKey[];
}

/** One row of the rights-request queue (`GET /admin/rights-requests`). */
export interface RightsQueueItem {
  id: string;
  kind: RightsKind;
  item: string;
  status: RequestStatus;
  receivedAt: string;
  receivedDay: string;
  dueDay: string;
  dueBy: string;
  extended: boolean;
  provisional: boolean;
  met: boolean;
  overdue: boolean;
  dueToday: boolean;
}

export interface RightsQueuePage {
  items: RightsQueueItem[];
  nextCursor: string | null;
}

export interface RightsEvent {
  seq: number;
  type: RequestEventType;
  at: string;
  by: string;
  text: string | null;
  dueDay?: string;
  attachment?: { name: string; type: string; size: number; path: string };
  erasure?: ErasureRecord;
}

/** One request in full (`GET /admin/rights-requests/{id}`). */
export interface RightsRequestDetail extends RightsQueueItem {
  kid: string;
  principalId: string;
  language: string;
  requestedAt: string;
  workingDays: number;
  originalDueDay: string;
  jws: string;
  ack: string;
  personal: RequestPersonalData | null;
  erased: boolean;
  events: RightsEvent[];
}
