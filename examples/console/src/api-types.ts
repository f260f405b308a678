// Shapes of the receiver's admin API answers (packages/receiver/openapi.json), as the console
// reads them: the receiver's own types where it exports them (type-only: no receiver code ships).
import type { DailyStats, DecisionEvent, Page, ProofRow, PurposeSeries } from '@artgrad/receiver';

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
