import { Worker } from 'node:worker_threads';
import type { CheckedReceipt, CheckOptions, CheckReceipts } from './check-receipts.js';
import type { ControllerKey } from '../controller/controller-key.js';

export interface CryptoPool {
  check: CheckReceipts;
  close(): Promise<void>;
}

/**
 * Verification and countersigning on `size` worker threads, so that the event loop is left
 * with HTTP, JSON and the store (a profile of ingest had the main thread busy all the time, a
 * third of it in crypto). A batch goes to the worker with the fewest batches in hand. The
 * controller's private key is sent to the workers as a CryptoKey (structured clone keeps it
 * non-extractable). A worker that dies is replaced, and its batches fail with an error the
 * request answers 500 to: the SDK sends them again, and nothing was stored.
 */
export function createCryptoPool(size: number, controllerKey: ControllerKey, workerUrl: URL = new URL('./crypto-worker.js', import.meta.url)): CryptoPool {
  if (!Number.isSafeInteger(size) || size < 1) throw new Error('crypto pool size must be a positive integer');
  const workerData = { privateKey: controllerKey.privateKey, publicJwk: controllerKey.publicJwk };
  let nextId = 0;
  let closed = false;
  interface Slot {
    worker: Worker;
    pending: Map<number, { resolve: (r: CheckedReceipt[]) => void; reject: (e: Error) => void }>;
  }
  const slots: (Slot | undefined)[] = [];
  // Restarts in the last minute: a worker that cannot start (a broken deploy) is not restarted
  // in a tight loop; past the limit, batches fail with the error until a restart is allowed again.
  const restarts: number[] = [];
  let lastError: Error | undefined;
  const start = (index: number): void => {
    const slot: Slot = { worker: new Worker(workerUrl, { workerData }), pending: new Map() };
    slot.worker.on('message', (message: { id: number; results: CheckedReceipt[] }) => {
      slot.pending.get(message.id)?.resolve(message.results);
      slot.pending.delete(message.id);
      // Idle workers must not keep the process alive; busy ones must, until they answer.
      if (slot.pending.size === 0) slot.worker.unref();
    });
    let failed = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      lastError = error;
      for (const { reject } of slot.pending.values()) reject(error);
      slot.pending.clear();
      if (closed || slots[index] !== slot) return;
      const now = Date.now();
      while (restarts.length && restarts[0]! < now - 60_000) restarts.shift();
      if (restarts.length >= 10 * size) {
        slots[index] = undefined;
        return;
      }
      restarts.push(now);
      tryStart(index);
    };
    slot.worker.on('error', fail);
    slot.worker.on('exit', (code) => fail(new Error(`crypto worker exited with code ${code}`)));
    slot.worker.unref();
    slots[index] = slot;
  };
  /** Starts a worker in a slot; a worker that cannot even be created leaves the slot empty. */
  const tryStart = (index: number): void => {
    try {
      start(index);
    } catch (error) {
      lastError = error instanceof Error ? error : new Error(String(error));
      slots[index] = undefined;
    }
  };
  for (let i = 0; i < size; i++) start(i);

  return {
    check(jwsList: readonly string[], options: CheckOptions) {
      if (closed) return Promise.reject(new Error('crypto pool is closed'));
      // A slot given up on is tried again once the restarts of the last minute allow it.
      for (let i = 0; i < size; i++) {
        if (slots[i] === undefined && restarts.filter((t) => t >= Date.now() - 60_000).length < 10 * size) {
          restarts.push(Date.now());
          tryStart(i);
        }
      }
      const live = slots.filter((s): s is Slot => s !== undefined);
      if (live.length === 0) return Promise.reject(new Error(`no crypto worker is running: ${lastError?.message ?? 'unknown error'}`));
      const slot = live.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
      const id = nextId++;
      return new Promise<CheckedReceipt[]>((resolve, reject) => {
        slot.pending.set(id, { resolve, reject });
        slot.worker.ref();
        slot.worker.postMessage({ id, jwsList, options });
      });
    },
    async close() {
      closed = true;
      await Promise.all(slots.map((s) => s?.worker.terminate()));
    },
  };
}
