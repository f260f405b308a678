import type { ConsentEvents } from './consent.js';
import type { Emitter } from './emitter.js';
import { ConsentError } from './errors.js';
import { withLock } from './locks.js';
import type { ConsentStore } from './store.js';
import { backoff, batches, RetryableError, type Transport } from './sync.js';

/** The outcome of one sync pass. */
export interface SyncReport {
  readonly stored: number;
  readonly duplicate: number;
  readonly rejected: number;
  /** Still in the outbox afterwards. */
  readonly pending: number;
  readonly error?: string;
}

export interface SyncLoopOptions {
  /** The store, once open (it may fall back to memory while the SDK starts). */
  store(): ConsentStore;
  transport: Transport | null;
  lockName: string;
  /** The in-memory mirror of the outbox that a closing page beacons. */
  pending: Map<string, string>;
  emitter: Emitter<ConsentEvents>;
  report(error: ConsentError): void;
}

/**
 * Sends the outbox in chain order and settles each receipt by the backend's word: acknowledged
 * (stored or duplicate, with the countersignature kept), or rejected into the dead-letter store
 * with an error event. Failures worth repeating back off exponentially with full jitter.
 */
export function createSyncLoop({ store, transport, lockName, pending, emitter, report }: SyncLoopOptions) {
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** No background pass before this time: a backoff or the backend's Retry-After holds. */
  let notBefore = 0;

  const schedule = (delay: number) => {
    notBefore = Date.now() + delay;
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      notBefore = 0;
      void pass(true);
    }, delay);
  };

  /** One pass; in the background only one tab syncs (the others skip). */
  async function pass(background: boolean): Promise<SyncReport | null> {
    if (!transport) return null;
    // A decision made during a backoff waits for it (the timer is set); only flush() goes now.
    if (background && Date.now() < notBefore && timer !== undefined) return null;
    const outcome = await withLock(
      lockName,
      async () => {
        const db = store();
        const counts = { stored: 0, duplicate: 0, rejected: 0 };
        let error: string | undefined;
        const seen = new Set<string>();
        let deferred = false;
        try {
          // Until the outbox holds nothing new: another tab may add receipts while this one sends
          // (that tab skipped its own pass because this one held the lock).
          for (;;) {
            const queued = new Set((await db.outbox()).map((e) => e.id).filter((id) => !seen.has(id)));
            if (!queued.size) break;
            for (const id of queued) seen.add(id);
            // Chain order, so a backend sees each receipt after the one it links to.
            const ordered = (await db.records()).filter((r) => queued.has(r.id));
            const idOf = new Map(ordered.map((r) => [r.jws, r.id]));
            for (const batch of batches(ordered.map((r) => r.jws))) {
              const results = await transport(batch);
              for (const [i, jws] of batch.entries()) {
                const id = idOf.get(jws)!;
                const result = results.find((r) => r.id === id) ?? results[i];
                if (result?.status === 'stored' || result?.status === 'duplicate') {
                  await db.acknowledge(id, result.receipt);
                  pending.delete(id);
                  counts[result.status]++;
                } else if (result?.status === 'rejected' && /^RECEIPT_FUTURE\b/.test(result.error ?? '')) {
                  // The device clock is ahead of the backend's: the receipt is sound, only early.
                  // It stays in the outbox and goes again later, never into the dead letters.
                  deferred = true;
                } else if (result?.status === 'rejected') {
                  // Never dropped: kept in the dead-letter store and reported.
                  await db.deadLetter(id, result.error ?? 'rejected');
                  pending.delete(id);
                  counts.rejected++;
                  report(new ConsentError('RECEIPT_REJECTED', `receipt ${id} was rejected: ${result.error ?? 'no reason given'}`));
                }
              }
            }
          }
          if (deferred) schedule(backoff(attempt++));
          else attempt = 0;
        } catch (cause) {
          error = (cause as Error).message;
          if (!(cause instanceof RetryableError)) report(cause instanceof ConsentError ? cause : new ConsentError('SYNC', error));
          schedule(backoff(attempt++, (cause as RetryableError).retryAfterMs));
        }
        const result: SyncReport = { ...counts, pending: (await db.outbox()).length, ...(error ? { error } : {}) };
        emitter.emit('sync', result);
        return result;
      },
      background,
    );
    // Skipped because another tab was syncing: look again soon, in case it had already read
    // its outbox before this tab's receipt arrived.
    if (outcome === null) schedule(500 + Math.random() * 1000);
    return outcome;
  }

  return { pass };
}
