import { ConsentError } from '../errors.js';
import type { ConsentStore } from '../store.js';
import { postForSync } from '../sync.js';
import type { RequestEntry } from './request-entry.js';

/** What one pass did with the pending requests. */
export interface RequestsSent {
  acknowledged: number;
  rejected: number;
  /** Signed ahead of the backend's clock: kept, sent again later. */
  deferred: boolean;
}

/**
 * Sends each pending request to `{endpoint}/rights-requests`, oldest first, and settles it by the
 * receiver's word: acknowledged (the signed acknowledgement kept, with the due date), or rejected
 * (kept, marked, reported). The same request sent twice is answered with the same
 * acknowledgement, so a pass cut off after sending costs nothing. Network failures, 5xx and 429
 * throw `RetryableError`, and the sync loop backs off as it does for receipts.
 */
export async function sendRequests(store: ConsentStore, endpoint: string, report: (error: ConsentError) => void): Promise<RequestsSent> {
  const outcome: RequestsSent = { acknowledged: 0, rejected: 0, deferred: false };
  const pending = (await store.requests()).filter((r) => r.sent === 'pending').sort((a, b) => a.time - b.time);
  for (const entry of pending) {
    const response = await postForSync(`${endpoint}/rights-requests`, {
      request: entry.jws,
      ...(entry.details ? { details: entry.details } : {}),
      ...(entry.replyTo ? { replyTo: entry.replyTo } : {}),
      ...(entry.subjectId ? { subjectId: entry.subjectId } : {}),
    });
    const body = (await response.json().catch(() => null)) as Record<string, any> | null;
    if (response.ok && typeof body?.ack === 'string') {
      const acknowledged: RequestEntry = { ...entry, sent: 'acknowledged', ack: body.ack, receivedAt: body.receivedAt, dueDay: body.dueDay, dueBy: body.dueBy, provisional: body.provisional === true, status: 'received' };
      await store.putRequest(acknowledged);
      outcome.acknowledged++;
      continue;
    }
    const code = String(body?.error?.code ?? `HTTP_${response.status}`);
    if (code === 'RECEIPT_FUTURE') {
      // The device clock is ahead of the receiver's: the request is sound, only early.
      outcome.deferred = true;
      continue;
    }
    const error = `${code}: ${String(body?.error?.message ?? 'no reason given').slice(0, 500)}`;
    await store.putRequest({ ...entry, sent: 'rejected', error });
    outcome.rejected++;
    report(new ConsentError('REQUEST_REJECTED', `rights request ${entry.id} was rejected: ${error}`));
  }
  return outcome;
}
