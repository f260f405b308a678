import type { RightsKind } from '@artgrad/receipt';

export type { RightsKind };

/** Where a request stands, as the shopper sees it. */
export type RequestState = 'pending' | 'received' | 'answered' | 'refused' | 'done' | 'rejected';

/** One thing the operator did, as the receiver tells the device (never who). */
export interface RequestEventView {
  readonly seq: number;
  readonly type: 'answered' | 'refused' | 'done' | 'extended';
  readonly at: string;
  /** The answer, the refusal's reason, the extension's legal basis, or a note. */
  readonly text: string | null;
  readonly dueDay?: string;
  readonly attachment?: { readonly name: string; readonly type: string; readonly size: number; readonly path: string };
  readonly erasure?: { readonly erased: Record<string, number>; readonly kept: Record<string, number>; readonly why: string };
}

/**
 * A rights request as this browser keeps it: signed, then sent once through the outbox. The
 * reply address and free text stay on this device and go to the receiver only, never into
 * anything signed.
 */
export interface RequestEntry {
  readonly id: string;
  readonly kind: RightsKind;
  /** The signed request (compact JWS, `typ` rights-request+jws, device key). */
  readonly jws: string;
  /** SHA-256 of `jws`: the device's next request carries it as `prev`. */
  readonly hash: string;
  readonly kid: string;
  /** Milliseconds since the epoch, when the shopper confirmed it. */
  readonly time: number;
  readonly details: string | null;
  readonly replyTo: string | null;
  readonly subjectId: string | null;
  /** `pending` until the receiver acknowledges it, `rejected` if it refused it (kept, never dropped). */
  readonly sent: 'pending' | 'acknowledged' | 'rejected';
  /** The controller's signed acknowledgement: received when, due when. */
  readonly ack?: string;
  readonly receivedAt?: string;
  readonly dueDay?: string;
  readonly dueBy?: string;
  readonly provisional?: boolean;
  readonly error?: string;
  /** What the receiver last said of it (status and events), for change events. */
  readonly status?: Exclude<RequestState, 'pending' | 'rejected'>;
  readonly events?: readonly RequestEventView[];
}

/** A request as `requests()` gives it. */
export interface RightsRequestStatus {
  readonly id: string;
  readonly kind: RightsKind;
  /** The policy item that grants it (23.1–23.4). */
  readonly item: string;
  readonly state: RequestState;
  /** When the shopper confirmed it. */
  readonly requestedAt: string;
  readonly receivedAt?: string;
  /** The last day to answer or act (after any extension), in Kazakhstan's calendar. */
  readonly dueDay?: string;
  readonly dueBy?: string;
  /** The due date was counted past the receiver's working-day table. */
  readonly provisional?: boolean;
  readonly ack?: string;
  readonly events: readonly RequestEventView[];
  readonly error?: string;
}
