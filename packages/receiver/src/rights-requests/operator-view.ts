import { eventView, requestFacts } from './request-view.js';
import type { QueueRow, RightsRequestRecord } from './rights-types.js';

/** The deadline of a request as of `nowMs`: met, overdue, due today (in Kazakhstan's day). */
export function deadlineFlags(row: Pick<QueueRow, 'kind' | 'status' | 'currentDueByMs'>, nowMs: number, todayStartMs: number) {
  // Access is answered in time by an answer (26.6) or a reasoned refusal (26.7); the others by being done (26.8) or refused.
  const met = row.status === 'refused' || row.status === 'done' || (row.kind === 'access' && row.status === 'answered');
  return {
    met,
    overdue: !met && nowMs > row.currentDueByMs,
    dueToday: !met && row.currentDueByMs >= todayStartMs && row.currentDueByMs < todayStartMs + 86_400_000,
  };
}

export function queueItem(row: QueueRow, nowMs: number, todayStartMs: number) {
  return {
    ...requestFacts(row),
    extended: row.currentDueDay !== row.dueDay,
    ...deadlineFlags(row, nowMs, todayStartMs),
  };
}

/** Everything the operator may see of one request: the queue's facts, what the shopper sent, every event with who did it. */
export function operatorView(record: RightsRequestRecord, nowMs: number, todayStartMs: number) {
  return {
    ...queueItem(record, nowMs, todayStartMs),
    kid: record.kid,
    principalId: record.principalId,
    language: record.language,
    requestedAt: new Date(record.iatMs).toISOString(),
    workingDays: record.workingDays,
    originalDueDay: record.dueDay,
    jws: record.jws,
    ack: record.ack,
    personal: record.personal,
    erased: record.personal === null,
    events: record.events.map((e) => eventView(record.id, e, '/admin/rights-requests')),
  };
}
