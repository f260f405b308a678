import { eventView, requestFacts } from './request-view.js';
import type { RightsRequestRecord } from './rights-types.js';

/**
 * A request as its own device sees it: what it asked, when it is due, what the operator did,
 * with the acknowledgement to keep. Never the operator's token names (staff are not the
 * shopper's business) and never what the shopper sent beside the request, which they have.
 */
export function shopperView(record: RightsRequestRecord) {
  return {
    ...requestFacts(record),
    ack: record.ack,
    events: record.events.map((e) => eventView(record.id, e, '/rights-requests')),
  };
}
