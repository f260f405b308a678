import { detailsSha256, RIGHTS_DEADLINES, ReceiptError, signRightsAck, verifyRightsRequest } from '@artgrad/receipt';
import { dueDate } from '../deadlines/due-date.js';
import type { WorkingCalendar } from '../deadlines/working-calendar.js';
import type { ControllerKey } from '../controller/controller-key.js';
import { HttpError } from '../http/http-error.js';
import type { Store } from '../store/store.js';
import type { RequestEnvelope } from './request-envelope.js';
import type { StoredRightsRequest } from './rights-types.js';

export interface ReceiveRequestDeps {
  store: Store;
  calendar: WorkingCalendar;
  controllerKey: ControllerKey;
  keyRecorded: () => Promise<void>;
  now: () => number;
  maxFutureSkewSeconds: number;
  /** Told when a due date is provisional (the calendar lacks a year it counted). */
  warn: (message: string) => void;
}

export type ReceiveOutcome = { status: 'stored' | 'duplicate'; request: StoredRightsRequest };

/**
 * Takes one rights request: verifies the signature and the payload, checks the details against
 * their signed hash, computes the due date in Kazakh working days from the day of receipt, signs
 * the acknowledgement, and stores request, acknowledgement and personal data in one transaction.
 * The same request sent again gets the same acknowledgement (the SDK's outbox retries); another
 * request under a stored id is refused.
 */
export async function receiveRequest(envelope: RequestEnvelope, deps: ReceiveRequestDeps): Promise<ReceiveOutcome> {
  const receivedAtMs = deps.now();
  let verified;
  try {
    verified = await verifyRightsRequest(envelope.request, { now: receivedAtMs, maxFutureSkewSeconds: deps.maxFutureSkewSeconds });
  } catch (error) {
    if (!(error instanceof ReceiptError)) throw error;
    throw new HttpError(error.code === 'RECEIPT_FUTURE' ? 409 : 422, error.code, error.message);
  }
  const { payload } = verified;
  const signed = payload.detailsSha256;
  if ((signed === null) !== (envelope.details === null) || (signed !== null && (await detailsSha256(envelope.details!)) !== signed)) {
    throw new HttpError(422, 'DETAILS_MISMATCH', 'details must be sent exactly as the request signs their hash (and only then)');
  }
  if (payload.kind === 'correction' && envelope.details === null) {
    throw new HttpError(422, 'DETAILS_REQUIRED', 'a correction request (23.2) says what to change: details are required');
  }
  // The principal must be the signer's own: its key, or a customer id a stored receipt of that
  // key carries (identify()). A copy of a shopper's request re-signed by another key (a script
  // on the page can read it) would otherwise take its id first and carry its own reply address.
  // Whether a stored receipt of this key carries a customer id (identify()): asked once per id.
  const proved = new Map<string, Promise<boolean>>();
  const provedBySigner = (subjectId: string) => {
    if (!proved.has(subjectId)) proved.set(subjectId, deps.store.kidsIdentifiedAs(subjectId).then((kids) => kids.includes(verified.kid)));
    return proved.get(subjectId)!;
  };
  const principal = payload.principalId;
  if (principal !== verified.kid && !(await provedBySigner(principal))) {
    throw new HttpError(422, 'REQUEST_PRINCIPAL', 'principalId must be the signing key\'s thumbprint, or a customer id that a stored receipt of that key carries');
  }

  const { workingDays, items } = RIGHTS_DEADLINES[payload.kind];
  const due = dueDate(receivedAtMs, workingDays, deps.calendar);
  if (due.provisional) deps.warn(`rights request ${payload.requestId}: due date ${due.dueDay} is provisional (the working-day calendar lacks a year it counted)`);
  await deps.keyRecorded();
  const ack = await signRightsAck(
    {
      requestId: payload.requestId,
      requestHash: verified.chainHash,
      kind: payload.kind,
      kid: verified.kid,
      receivedAtMs,
      receivedDay: due.receivedDay,
      workingDays,
      dueDay: due.dueDay,
      dueBy: due.dueBy,
      provisional: due.provisional,
      items,
    },
    deps.controllerKey.privateKey,
    deps.controllerKey.publicJwk,
  );
  const request: StoredRightsRequest = {
    id: payload.requestId,
    kid: verified.kid,
    principalId: payload.principalId,
    kind: payload.kind,
    chainHash: verified.chainHash,
    prev: payload.prev,
    iatMs: payload.iat * 1000,
    language: payload.language,
    jws: envelope.request,
    ack,
    receivedAtMs,
    receivedDay: due.receivedDay,
    workingDays,
    dueDay: due.dueDay,
    dueByMs: Date.parse(due.dueBy),
    provisional: due.provisional,
  };
  // Whether the customer id is this device's own: a receipt of this key carries it (identify()).
  const subjectVerified = envelope.subjectId !== null && (await provedBySigner(envelope.subjectId));
  const result = await deps.store.rights.add(request, { replyTo: envelope.replyTo, details: envelope.details, subjectId: envelope.subjectId, subjectVerified });
  if (result.stored) return { status: 'stored', request };
  if (result.existing.jws === envelope.request) return { status: 'duplicate', request: result.existing };
  throw new HttpError(409, 'REQUEST_CLASH', 'another request is stored under this requestId');
}
