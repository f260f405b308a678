import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { ConsentError } from './errors.js';
import type { DecisionRecord } from './record.js';

interface ConsentDB extends DBSchema {
  records: { key: number; value: DecisionRecord; indexes: { id: string } };
}

/** Where decisions live. Append-only: nothing here updates or deletes a record. */
export interface DecisionStore {
  all(): Promise<DecisionRecord[]>;
  append(record: DecisionRecord): Promise<DecisionRecord>;
  close(): void;
}

/** The IndexedDB store. Rejects with `STORAGE_UNAVAILABLE` when IndexedDB cannot be opened. */
export async function openDecisionStore(name: string): Promise<DecisionStore> {
  let db: IDBPDatabase<ConsentDB>;
  try {
    db = await openDB<ConsentDB>(name, 1, {
      upgrade(database) {
        const records = database.createObjectStore('records', { keyPath: 'seq', autoIncrement: true });
        records.createIndex('id', 'id', { unique: true });
      },
    });
  } catch (cause) {
    throw new ConsentError('STORAGE_UNAVAILABLE', 'IndexedDB is not available; decisions are kept for this page only', { cause });
  }
  return {
    all: () => db.getAll('records'),
    async append(record) {
      try {
        // `strict`: the promise settles only once the record is on disk, not merely queued.
        const tx = db.transaction('records', 'readwrite', { durability: 'strict' });
        // Both promises settle together, so a failed add never leaves tx.done unhandled.
        const [seq] = await Promise.all([tx.store.add(record as DecisionRecord), tx.done]);
        return { ...record, seq };
      } catch (cause) {
        throw storageError(cause);
      }
    },
    close: () => db.close(),
  };
}

/** Kept in memory: the fallback when IndexedDB is unavailable, and a fake for unit tests. */
export function memoryDecisionStore(initial: DecisionRecord[] = []): DecisionStore {
  const records = [...initial];
  return {
    all: async () => [...records],
    async append(record) {
      const stored = { ...record, seq: records.length + 1 };
      records.push(stored);
      return stored;
    },
    close() {},
  };
}

export function storageError(cause: unknown): ConsentError {
  const quota = cause instanceof DOMException && cause.name === 'QuotaExceededError';
  return quota
    ? new ConsentError('STORAGE_QUOTA', 'Browser storage is full: the decision was not saved. Free some space and try again.', { cause })
    : new ConsentError('STORAGE', `The decision was not saved: ${(cause as Error)?.message ?? cause}`, { cause });
}
