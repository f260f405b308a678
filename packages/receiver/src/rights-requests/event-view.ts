import type { RequestEvent } from './rights-types.js';

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
