// Shapes of the receiver's admin API answers (packages/receiver/openapi.json), as the console reads them.

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
export interface PersonRow {
  principal: string;
  subjectId: string | null;
  piiPrincipalId: string;
  kid: string;
  receiptId: string;
  consentTimestamp: number;
  receivedAt: string;
  countersignature: string;
}

export interface PersonPage {
  purpose: string;
  total: number;
  items: PersonRow[];
}

export interface HolderCount {
  purpose: string;
  holders: number;
  asOf: string;
}

export type DecisionEvent = 'given' | 'refused' | 'updated' | 'withdrawn';
export const DECISION_EVENTS: readonly DecisionEvent[] = ['given', 'refused', 'updated', 'withdrawn'];
export type EventCounts = Record<DecisionEvent, number>;

export interface DayCounts extends EventCounts {
  date: string;
}

export interface PurposeSeries {
  purpose: string;
  days: DayCounts[];
  totals: EventCounts;
}

export interface DailyStats {
  from: string;
  to: string;
  tzOffsetMinutes: number;
  events: DecisionEvent[];
  purposes: PurposeSeries[];
}

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
  state: Record<string, { granted: boolean; receiptId: string }>;
  receipts: ChainReceiptRow[];
}

export interface Jwks {
  keys: JsonWebKey[];
}
