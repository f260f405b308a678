import { RIGHTS_KINDS } from '@artgrad/receipt';
import type { QueueRow, RequestEvent } from './rights-types.js';

/** What the shopper and the operator both see of a request: what was asked, when received, when due. */
export function requestFacts(row: QueueRow) {
  return {
    id: row.id,
    kind: row.kind,
    item: RIGHTS_KINDS[row.kind],
    status: row.status,
    receivedAt: new Date(row.receivedAtMs).toISOString(),
    receivedDay: row.receivedDay,
    dueDay: row.currentDueDay,
    dueBy: new Date(row.currentDueByMs).toISOString(),
    provisional: row.provisional,
  };
}

/**
 * One operator action as the API shows it: to the shopper's device (`base` /rights-requests,
 * without who) or to the operator (`base` /admin/rights-requests, with the admin token's name).
 */
export function eventView(requestId: string, e: RequestEvent, base: '/rights-requests' | '/admin/rights-requests') {
  return {
    seq: e.seq,
    type: e.type,
    at: new Date(e.atMs).toISOString(),
    ...(base === '/admin/rights-requests' ? { by: e.by } : {}),
    text: e.text,
    ...(e.dueDay ? { dueDay: e.dueDay } : {}),
    ...(e.attachment ? { attachment: { ...e.attachment, path: `${base}/${requestId}/events/${e.seq}/attachment` } } : {}),
    ...(e.erasure ? { erasure: e.erasure } : {}),
  };
}
