import type { ConsentEvents, SyncReport } from './events.js';
import type { Emitter } from './emitter.js';
import { ConsentError } from './errors.js';
import { withLock } from './locks.js';
import type { DecisionRecord } from './record.js';
import { storageError, type ConsentStore } from './store.js';
import { backoff, batches, RetryableError, type Transport } from './sync.js';

export type { SyncReport };

export interface SyncLoopOptions {
  /** The store, once open (it may fall back to memory while the SDK starts). */
  store(): ConsentStore;
  transport: Transport | null;
  lockName: string;
  /** The in-memory mirror of the outbox that a closing page beacons. */
  pending: Map<string, string>;
  emitter: Emitter<ConsentEvents>;
  report(error: ConsentError): void;
  /**
   * More of the outbox, sent in the same pass under the same lock after the receipts: the
   * rights requests (`rights/send-requests`). Its RetryableError backs off like a receipt's.
   */
  also?(db: ConsentStore): Promise<{ deferred: boolean }>;
}

/**
 * Sends the outbox in chain order and settles each receipt by the backend's word: acknowledged
 * (stored or duplicate, with the countersignature kept), or rejected into the dead-letter store
 * with an error event. Failures worth repeating back off exponentially with full jitter.
 */
export function createSyncLoop({ store, transport, lockName, pending, emitter, report, also }: SyncLoopOptions) {
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** No background pass before this time: a backoff or the backend's Retry-After holds. */
  let notBefore = 0;
  /** The backend's own Retry-After: even `online` waits for it, and no beacon goes before it. */
  let holdUntil = 0;
  /** A hint (a likely CORS refusal) is said once per page, not on every retry. */
  let hinted = false;

  const schedule = (delay: number, hold = 0) => {
    holdUntil = Date.now() + hold;
    notBefore = Date.now() + (delay = Math.max(delay, hold));
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      notBefore = holdUntil = 0;
      void pass(true);
    }, delay);
  };

  /**
   * One pass; in the background only one tab syncs (the others skip). `urgent` (back online)
   * skips a jitter backoff, which only guessed at when the network would return.
   */
  async function pass(background: boolean, urgent = false): Promise<SyncReport | null> {
    if (!transport) return null;
    // A decision made during a backoff waits for it (the timer is set); only flush() goes now.
    if (background && Date.now() < (urgent ? holdUntil : notBefore)) return null;
    const outcome = await withLock(
      lockName,
      async () => {
        const db = store();
        const counts = { stored: 0, duplicate: 0, rejected: 0 };
        let error: string | undefined;
        const seen = new Set<string>();
        let deferred = false;
        try {
          let lost: string | undefined;
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
                // By position only when the result names no receipt: another receipt's result never counts.
                const result = results.find((r) => r.id === id) ?? (results[i]?.id ? undefined : results[i]);
                const status = result?.status;
                if (status === 'stored' || status === 'duplicate') {
                  // The backend holds it: it leaves the outbox even if the countersignature finds
                  // no room (the store writes them apart), and that is reported this once.
                  await db.acknowledge(id, result!.receipt).catch((cause) => report(new ConsentError(storageError(cause).code, `receipt ${id} acknowledged; countersignature not kept`, { cause })));
                  counts[status]++;
                } else if (status !== 'rejected') {
                  lost = id;
                } else if (/^RECEIPT_FUTURE\b/.test(result!.error ?? '')) {
                  // The device clock is ahead of the backend's: the receipt is sound, only early.
                  // It stays in the outbox and goes again later, never into the dead letters.
                  deferred = true;
                } else {
                  // Never dropped: kept in the dead-letter store and reported.
                  await db.deadLetter(id, result!.error ?? 'rejected');
                  counts.rejected++;
                  report(new ConsentError('RECEIPT_REJECTED', `receipt ${id} was rejected: ${result!.error ?? 'no reason given'}`));
                }
              }
            }
          }
          // A transport that skips a receipt or answers in words the protocol lacks has not
          // acknowledged it: it stays queued, is retried, and the site hears of it.
          if (lost) throw new ConsentError('SYNC', `no result for receipt ${lost}`);
          if (also && (await also(db)).deferred) deferred = true;
          if (deferred) schedule(backoff(attempt++));
          else {
            // Success ends any backoff: a leftover timer would hold back `online` and new decisions.
            attempt = notBefore = holdUntil = 0;
            clearTimeout(timer);
            timer = undefined;
          }
        } catch (cause) {
          error = (cause as Error).message;
          if (!(cause instanceof RetryableError)) report(cause instanceof ConsentError ? cause : new ConsentError('SYNC', error));
          else if (cause.hint && !hinted) {
            hinted = true;
            report(new ConsentError('SYNC', cause.hint));
          }
          const after = (cause as RetryableError).retryAfterMs;
          schedule(backoff(attempt++, after), after);
        }
        // A store gone since the pass began keeps the old mirror: the outbox is still the truth.
        await mirror(db, pending).catch(() => undefined);
        const result: SyncReport = { ...counts, pending: pending.size, ...(error ? { error } : {}) };
        emitter.emit('sync', result);
        return result;
      },
      background,
    );
    // Skipped because another tab was syncing: look again soon, in case it had already read
    // its outbox before this tab's receipt arrived.
    if (outcome === null) schedule(500 + Math.random() * 1000, holdUntil - Date.now());
    return outcome;
  }

  return { pass, held: () => Date.now() < holdUntil };
}

/**
 * Rebuilds the beacon's mirror from the outbox, in chain order: other tabs acknowledge too, and
 * the outbox alone is in id order.
 */
export async function mirror(db: ConsentStore, pending: Map<string, string>, records?: readonly DecisionRecord[]): Promise<void> {
  const queued = new Set((await db.outbox()).map((e) => e.id));
  pending.clear();
  if (queued.size) for (const r of records ?? (await db.records())) if (queued.has(r.id)) pending.set(r.id, r.jws);
}
