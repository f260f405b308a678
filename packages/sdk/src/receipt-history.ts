import type { ReceiptStatus } from './record.js';
import { chainOf } from './sign-decision.js';
import type { ConsentStore } from './store.js';

/** The local history in chain order, with what became of each receipt: acknowledged, pending or rejected. */
export async function receiptHistory(store: ConsentStore): Promise<ReceiptStatus[]> {
  const [all, outbox, dead, countersigned] = await Promise.all([chainOf(store), store.outbox(), store.dead(), store.countersigned()]);
  const queued = new Set(outbox.map((e) => e.id));
  const failed = new Map(dead.map((d) => [d.id, d.error]));
  return all.map((record) => {
    const countersignature = countersigned.get(record.id);
    const error = failed.get(record.id);
    return {
      record,
      status: error !== undefined ? 'rejected' : queued.has(record.id) ? 'pending' : 'acknowledged',
      ...(countersignature ? { countersignature } : {}),
      ...(error !== undefined ? { error } : {}),
    };
  });
}

/** The shopper's own copy of every receipt and countersignature: proof they can keep (policy item 26.5). */
export function receiptsFile(history: readonly ReceiptStatus[], controllerName: string): Blob {
  const receipts = history.map(({ record, status, countersignature, error }) => ({
    id: record.id,
    event: record.event,
    time: new Date(record.time).toISOString(),
    status,
    receipt: record.jws,
    countersignature: countersignature ?? null,
    ...(error ? { error } : {}),
  }));
  const file = { format: 'artgrad-consent-receipts/1', exportedAt: new Date().toISOString(), controller: controllerName, receipts };
  return new Blob([JSON.stringify(file, null, 2)], { type: 'application/json' });
}
